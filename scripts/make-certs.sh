#!/usr/bin/env bash
# TLS certificates for the MQTT broker's port 8883 from a private CA: for development, tests and a compose or
# k8s demo. Production: bring your own (docs/security.md) - put your CA as ca.crt and the broker's certificate
# and key as server.crt/server.key in the same directory, and no script of ours touches them.
#   usage: scripts/make-certs.sh [dir=data/mqtt/certs]
#   env:   UPSFLEET_MQTT_CERT_NAMES  extra host names/IPs the broker certificate must carry, comma separated
#          (always: localhost, 127.0.0.1, ::1, mosquitto, mosquitto.upsfleet.svc, mosquitto.upsfleet.svc.cluster.local)
#          UPSFLEET_CERT_DAYS        validity of the broker certificate (default 825 days; the CA: 10 years)
# Keeps an existing CA (so clients keep trusting it) and an existing, still valid broker certificate; delete
# server.crt to issue a new one, the whole directory to start over. Also: scripts/make-certs.sh client NAME [dir]
# issues a client certificate NAME.crt/NAME.key, for a broker that requires them (require_certificate true).
# Writes PEM files; keys are PKCS#8 (BEGIN PRIVATE KEY), which every upsfleet service reads.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openssl >/dev/null || { echo "make-certs: openssl is needed (apt-get install openssl)" >&2; exit 1; }

MODE=server
if [ "${1:-}" = client ]; then
  MODE=client; CLIENT=${2:?usage: make-certs.sh client NAME [dir]}; shift 2
fi
DIR=${1:-data/mqtt/certs}
DAYS=${UPSFLEET_CERT_DAYS:-825}
mkdir -p "$DIR"
umask 077

if [ ! -s "$DIR/ca.crt" ] || [ ! -s "$DIR/ca.key" ]; then
  echo "make-certs: new private CA in $DIR/ca.crt"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$DIR/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$DIR/ca.key" -sha256 -days 3650 -subj "/CN=upsfleet private MQTT CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$DIR/ca.crt"
fi

issue() { # name subject-alt-names extended-key-usage
  local name=$1 san=$2 eku=$3
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$DIR/$name.key" 2>/dev/null
  openssl req -new -key "$DIR/$name.key" -subj "/CN=$name" -out "$DIR/$name.csr"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n%s' \
    "$eku" "${san:+subjectAltName=$san}" >"$DIR/$name.ext"
  openssl x509 -req -in "$DIR/$name.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -sha256 \
    -days "$DAYS" -extfile "$DIR/$name.ext" -out "$DIR/$name.crt" 2>/dev/null
  rm -f "$DIR/$name.csr" "$DIR/$name.ext"
}

if [ "$MODE" = client ]; then
  issue "$CLIENT" "" clientAuth
  echo "make-certs: client certificate $DIR/$CLIENT.crt (key $DIR/$CLIENT.key)"
  exit 0
fi

if [ -s "$DIR/server.crt" ] && openssl x509 -checkend 2592000 -noout -in "$DIR/server.crt" >/dev/null 2>&1 \
   && openssl verify -CAfile "$DIR/ca.crt" "$DIR/server.crt" >/dev/null 2>&1; then
  echo "make-certs: keeping $DIR/server.crt (valid for more than 30 days)"
else
  san="DNS:localhost,IP:127.0.0.1,IP:::1,DNS:mosquitto,DNS:mosquitto.upsfleet.svc,DNS:mosquitto.upsfleet.svc.cluster.local"
  IFS=',' read -ra extra <<<"${UPSFLEET_MQTT_CERT_NAMES:-}"
  for n in "${extra[@]}"; do
    n=$(echo "$n" | tr -d ' '); [ -n "$n" ] || continue
    if [[ "$n" =~ ^[0-9.]+$ || "$n" == *:* ]]; then san="$san,IP:$n"; else san="$san,DNS:$n"; fi
  done
  issue server "$san" serverAuth
  echo "make-certs: broker certificate $DIR/server.crt for $san"
fi
# The broker (uid 1883 in the eclipse-mosquitto image) and the services read these; the CA key stays private.
chmod 600 "$DIR/ca.key"
chmod 644 "$DIR/ca.crt" "$DIR/server.crt"
chmod 644 "$DIR/server.key"
