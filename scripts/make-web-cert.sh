#!/usr/bin/env bash
# Certificates for web-api's HTTPS port, with openssl: a private CA (kept and reused) and a server
# certificate signed by it. For development, tests and small sites; in production bring your own
# certificate (a public CA, or your company's) and point UPSFLEET_HTTPS_CERT/KEY at it.
#
# Usage: scripts/make-web-cert.sh [out-dir] [extra SAN ...]
#   out-dir    default data/certs (gitignored); files: web-ca.crt, web-ca.key (the CA: give web-ca.crt to
#              browsers/clients that must trust this server), web-api.crt, web-api.key (server, PEM)
#   extra SAN  DNS names or IP addresses beyond localhost, 127.0.0.1, ::1, web-api, and this host's name;
#              also from UPSFLEET_WEB_CERT_SANS (space separated)
# An existing CA is reused; the server certificate is made anew each run (825 days, RSA 2048).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-data/certs}
[ $# -gt 0 ] && shift
command -v openssl >/dev/null || { echo "make-web-cert: openssl is required (apt-get install -y openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077

if [ ! -s "$out/web-ca.key" ] || [ ! -s "$out/web-ca.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -subj "/CN=upsfleet private web CA" \
    -keyout "$out/web-ca.key" -out "$out/web-ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "make-web-cert: new private CA $out/web-ca.crt"
fi

sans=(DNS:localhost IP:127.0.0.1 IP:::1 DNS:web-api "DNS:$(hostname)")
for san in "$@" ${UPSFLEET_WEB_CERT_SANS:-}; do
  if [[ $san =~ ^[0-9.]+$ || $san == *:* ]]; then sans+=("IP:$san"); else sans+=("DNS:$san"); fi
done
san_list=$(IFS=,; echo "${sans[*]}")

ext=$(mktemp)
trap 'rm -f "$ext" "$out/web-api.csr"' EXIT
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
  "$san_list" >"$ext"
openssl req -newkey rsa:2048 -nodes -subj "/CN=web-api" -keyout "$out/web-api.key" -out "$out/web-api.csr" 2>/dev/null
openssl x509 -req -in "$out/web-api.csr" -CA "$out/web-ca.crt" -CAkey "$out/web-ca.key" -CAcreateserial \
  -days 825 -sha256 -extfile "$ext" -out "$out/web-api.crt" 2>/dev/null
# web-api's container runs as uid 10001, which must read the key when this directory is bind-mounted (compose):
# the server key is world-readable here, the CA key is not. Production: a Docker/k8s secret instead of this dir.
chmod 644 "$out/web-api.crt" "$out/web-ca.crt" "$out/web-api.key"
echo "make-web-cert: $out/web-api.crt ($san_list), key $out/web-api.key"
echo "make-web-cert: start web-api with UPSFLEET_HTTPS_CERT=$out/web-api.crt UPSFLEET_HTTPS_KEY=$out/web-api.key"
