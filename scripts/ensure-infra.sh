#!/usr/bin/env bash
# Makes sure what the tests and the local run need is there and running:
# PostgreSQL and Mosquitto (started if down, installed from Debian's packages if absent), socat (pty tests),
# ser2net (device-gateway RFC 2217 tests), Chromium + ChromeDriver (dashboard browser test), Debian's NUT clients (nut-client: upsc, upscmd, upsmon
# for nut-server's tests; openssl for its TLS test). Fails with a clear message if it cannot.
# Settings: UPSFLEET_DB_HOST/PORT, UPSFLEET_MQTT_HOST/PORT (defaults 127.0.0.1:5432 / 127.0.0.1:1883).
# Where those point to another machine, this script only checks that they answer.
set -euo pipefail

DB_HOST=${UPSFLEET_DB_HOST:-127.0.0.1}
DB_PORT=${UPSFLEET_DB_PORT:-5432}
MQTT_HOST=${UPSFLEET_MQTT_HOST:-127.0.0.1}
MQTT_PORT=${UPSFLEET_MQTT_PORT:-1883}

say() { printf '[ensure-infra] %s\n' "$*"; }
die() { printf '[ensure-infra] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

is_local() { [ "$1" = "127.0.0.1" ] || [ "$1" = "localhost" ] || [ "$1" = "::1" ]; }

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "cannot install $*: no apt-get here; install it by hand"
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    $SUDO apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  say "installing $* from Debian's packages"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

wait_for() { # name host port seconds
  local i
  for ((i = 0; i < $4 * 5; i++)); do
    listening "$2" "$3" && return 0
    sleep 0.2
  done
  return 1
}

ensure_postgres() {
  if listening "$DB_HOST" "$DB_PORT"; then say "PostgreSQL is up at $DB_HOST:$DB_PORT"; return; fi
  is_local "$DB_HOST" || die "PostgreSQL at $DB_HOST:$DB_PORT does not answer (not a local address, so not starting it)"
  local fresh=""
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    fresh=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -n "$fresh" ]; then
    # A cluster installed here for tests: trust local TCP connections, as on the CI machine.
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    say "configuring trust auth for local connections in $hba"
    $SUDO sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
    $SUDO sed -i -E 's/^(local\s+all\s+all\s+)\S+/\1trust/' "$hba"
  fi
  say "starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main restart \
    || die "could not start PostgreSQL (pg_ctlcluster $version main start failed)"
  wait_for PostgreSQL "$DB_HOST" "$DB_PORT" 30 || die "PostgreSQL did not come up on $DB_HOST:$DB_PORT within 30 s"
  say "PostgreSQL is up"
}

ensure_mosquitto() {
  if listening "$MQTT_HOST" "$MQTT_PORT"; then say "Mosquitto is up at $MQTT_HOST:$MQTT_PORT"; return; fi
  is_local "$MQTT_HOST" || die "MQTT broker at $MQTT_HOST:$MQTT_PORT does not answer (not a local address, so not starting it)"
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || apt_install mosquitto mosquitto-clients
  local bin
  bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
  say "starting Mosquitto"
  $SUDO mkdir -p /run/mosquitto /var/lib/mosquitto /var/log/mosquitto
  $SUDO chown mosquitto: /run/mosquitto /var/lib/mosquitto /var/log/mosquitto 2>/dev/null || true
  if [ -f /etc/mosquitto/mosquitto.conf ] && grep -q '^listener' /etc/mosquitto/mosquitto.conf; then
    $SUDO "$bin" -d -c /etc/mosquitto/mosquitto.conf || die "could not start Mosquitto with /etc/mosquitto/mosquitto.conf"
  else
    # Debian's default config has no listener; Mosquitto 2 then listens on loopback with anonymous access.
    $SUDO "$bin" -d -p "$MQTT_PORT" 2>/dev/null || $SUDO "$bin" -d || die "could not start Mosquitto"
  fi
  wait_for Mosquitto "$MQTT_HOST" "$MQTT_PORT" 30 || die "Mosquitto did not come up on $MQTT_HOST:$MQTT_PORT within 30 s"
  say "Mosquitto is up"
}

ensure_tools() {
  local missing=()
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  if [ "${UPSFLEET_SKIP_BROWSER:-}" != "1" ]; then
    command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  fi
  # nut-server's tests run Debian's real NUT clients; upsmon lives in /lib/nut (/sbin/upsmon is a wrapper
  # that needs the system's nut.conf, which the tests never touch).
  { command -v upsc >/dev/null 2>&1 && command -v upscmd >/dev/null 2>&1 && [ -x /lib/nut/upsmon ]; } || missing+=(nut-client)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # device-gateway's RFC 2217 / raw TCP tests run a private ser2net in front of the simulator's pty
  command -v ser2net >/dev/null 2>&1 || [ -x /usr/sbin/ser2net ] || missing+=(ser2net)
  # nut-server/bench/run.sh, device-gateway/bench/vs-nut.sh and the gateway's nut:// test run Debian's own upsd with dummy-ups units
  { [ -x /lib/nut/upsd ] && [ -x /lib/nut/dummy-ups ]; } || missing+=(nut-server)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  command -v upsc >/dev/null 2>&1 && [ -x /lib/nut/upsmon ] \
    || die "Debian's nut-client is installed but upsc or /lib/nut/upsmon is missing: nut-server's tests need them"
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
}

ensure_postgres
ensure_mosquitto
ensure_tools
say "ready"
