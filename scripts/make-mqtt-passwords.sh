#!/usr/bin/env bash
# One broker user per role (deploy/mosquitto/acl): gateway, web-api, alert-service, mib-service, nut-server,
# monitor. Makes a random password for each role that has none yet, and from them the broker's password file.
#   usage: scripts/make-mqtt-passwords.sh [dir=data/mqtt]     (data/ is not in git)
# Writes, in dir: <role>.password (the password alone), <role>.env (UPSFLEET_MQTT_USERNAME/PASSWORD, for
# docker compose's env_file), passwd (mosquitto_passwd's hashed file, what the broker reads). Existing
# passwords are kept; to rotate one, delete <role>.password and run again, then restart the broker (or send
# it SIGHUP) and the service of that role (docs/security.md).
# A password can also be given: UPSFLEET_MQTT_PASSWORD_<ROLE> (upper case, '-' as '_'), e.g.
# UPSFLEET_MQTT_PASSWORD_WEB_API. Needs mosquitto_passwd (Debian: mosquitto) or docker.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-data/mqtt}
ROLES="gateway web-api alert-service mib-service nut-server monitor"
mkdir -p "$DIR"
# Others may pass through (the broker runs as its own user) but not list it; the passwords are 600.
chmod 711 "$DIR"
umask 077

TMP="$DIR/passwd.tmp"
if command -v mosquitto_passwd >/dev/null 2>&1; then
  add_user() { mosquitto_passwd -b "$TMP" "$1" "$2"; }
elif command -v docker >/dev/null 2>&1; then
  add_user() {
    docker run --rm -u "$(id -u)" -v "$(cd "$DIR" && pwd)":/work eclipse-mosquitto:2.0 \
      mosquitto_passwd -b /work/passwd.tmp "$1" "$2"
  }
else
  echo "make-mqtt-passwords: needs mosquitto_passwd (apt-get install mosquitto) or docker" >&2; exit 1
fi

for role in $ROLES; do
  var="UPSFLEET_MQTT_PASSWORD_$(echo "$role" | tr 'a-z-' 'A-Z_')"
  if [ -n "${!var:-}" ]; then
    printf '%s' "${!var}" >"$DIR/$role.password"
  elif [ ! -s "$DIR/$role.password" ]; then
    openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32 >"$DIR/$role.password"
    echo "make-mqtt-passwords: new password for $role"
  fi
  password=$(cat "$DIR/$role.password")
  printf 'UPSFLEET_MQTT_USERNAME=%s\nUPSFLEET_MQTT_PASSWORD=%s\n' "$role" "$password" >"$DIR/$role.env"
done
# mosquitto_passwd -b adds or updates one user: build a fresh file and swap it in whole.
rm -f "$TMP"
: >"$TMP"
for role in $ROLES; do
  add_user "$role" "$(cat "$DIR/$role.password")" >/dev/null \
    || { echo "make-mqtt-passwords: mosquitto_passwd failed for $role" >&2; exit 1; }
done
mv "$TMP" "$DIR/passwd"
# The broker (uid 1883 in the eclipse-mosquitto image) must read it.
chmod 644 "$DIR/passwd"
echo "make-mqtt-passwords: $DIR/passwd for: $ROLES"
