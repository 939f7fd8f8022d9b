#!/usr/bin/env bash
# Builds and runs the whole system on this machine with a simulated fleet:
#   UPS simulator -> device-gateway -> Mosquitto -> mib-service -> PostgreSQL -> web-api (+ alert-service,
#   nut-server: the fleet over the NUT protocol on port 3493 for upsc/upsmon)
# Ctrl-C stops everything. Logs go to run/logs/.
# The bus is the project's own Mosquitto with the shipped configuration (deploy/mosquitto: no anonymous
# clients, a user per role, ACL, TLS on UPSFLEET_MQTT_TLS_PORT, plain on UPSFLEET_MQTT_LOCAL_PORT for this host
# only), its passwords and certificates generated once into data/mqtt/ (not in git); every service logs in
# with its own role over TLS. The machine's anonymous Mosquitto on 1883 is left to the tests.
# Settings (env): UPSFLEET_SIM_UNITS (5), UPSFLEET_DB_*, UPSFLEET_*_PASSWORD, UPSFLEET_NUT_PORT (3493),
#                 UPSFLEET_MQTT_TLS_PORT (8883), UPSFLEET_MQTT_LOCAL_PORT (11883), UPSFLEET_MQTT_PASSWORD_<ROLE>,
#                 UPSFLEET_NO_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN="$ROOT/run"
UNITS=${UPSFLEET_SIM_UNITS:-5}
export UPSFLEET_DB_HOST=${UPSFLEET_DB_HOST:-127.0.0.1}
export UPSFLEET_DB_PORT=${UPSFLEET_DB_PORT:-5432}
export UPSFLEET_DB_NAME=${UPSFLEET_DB_NAME:-upsfleet}
export UPSFLEET_DB_USER=${UPSFLEET_DB_USER:-postgres}
MQTT_DIR="$ROOT/data/mqtt"
MQTT_TLS_PORT=${UPSFLEET_MQTT_TLS_PORT:-8883}
MQTT_LOCAL_PORT=${UPSFLEET_MQTT_LOCAL_PORT:-11883}

say() { printf '[run-local] %s\n' "$*"; }

# (the machine's anonymous broker at 127.0.0.1:1883 is the tests'; this run has its own, below)
UPSFLEET_MQTT_HOST=127.0.0.1 UPSFLEET_MQTT_PORT=1883 bash scripts/ensure-infra.sh
# The broker certificate names localhost; every service trusts data/mqtt/certs/ca.crt.
export UPSFLEET_MQTT_HOST=localhost
export UPSFLEET_MQTT_PORT=$MQTT_TLS_PORT
export UPSFLEET_MQTT_TLS=true
export UPSFLEET_MQTT_CA_FILE="$MQTT_DIR/certs/ca.crt"

if [ "${UPSFLEET_NO_BUILD:-}" != "1" ]; then
  say "building (mvn package, tests not run here: scripts/test.sh runs them)"
  mvn -B -q -ntp -Dstyle.color=never package -DskipTests
fi

# Passwords for the dashboard users: taken from the environment, else generated. web-api creates these users
# only on its first start (empty users table) and keeps them in the database, so generated ones are kept in
# run/first-users.env and reused by later runs on the same database.
gen() { head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12; }
FIRST_USERS="$RUN/first-users.env"
saved() { [ -f "$FIRST_USERS" ] && sed -n "s/^$1=//p" "$FIRST_USERS" | head -1 || true; }
for v in UPSFLEET_ADMIN_PASSWORD UPSFLEET_OPERATOR_PASSWORD UPSFLEET_VIEWER_PASSWORD; do
  [ -n "${!v:-}" ] || export "$v=$(saved "$v")"
  [ -n "${!v:-}" ] || export "$v=$(gen)"
done
mkdir -p "$RUN" && (umask 077 && printf 'UPSFLEET_ADMIN_PASSWORD=%s\nUPSFLEET_OPERATOR_PASSWORD=%s\nUPSFLEET_VIEWER_PASSWORD=%s\n' \
  "$UPSFLEET_ADMIN_PASSWORD" "$UPSFLEET_OPERATOR_PASSWORD" "$UPSFLEET_VIEWER_PASSWORD" >"$FIRST_USERS")
# web-api's credential for alert-service's REST API (both read it)
export UPSFLEET_ALERT_API_PASSWORD=${UPSFLEET_ALERT_API_PASSWORD:-$(gen)}
# nut-server's NUT users: "monitor" (upsmon secondary on a protected host), "admin" (every instant command)
export UPSFLEET_NUT_MONITOR_PASSWORD=${UPSFLEET_NUT_MONITOR_PASSWORD:-$(gen)}
export UPSFLEET_NUT_ADMIN_PASSWORD=${UPSFLEET_NUT_ADMIN_PASSWORD:-$(gen)}
NUT_PORT=${UPSFLEET_NUT_PORT:-3493}

if ! psql -h "$UPSFLEET_DB_HOST" -p "$UPSFLEET_DB_PORT" -U "$UPSFLEET_DB_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$UPSFLEET_DB_NAME'" | grep -q 1; then
  say "creating database $UPSFLEET_DB_NAME"
  psql -h "$UPSFLEET_DB_HOST" -p "$UPSFLEET_DB_PORT" -U "$UPSFLEET_DB_USER" -d postgres -qc "CREATE DATABASE $UPSFLEET_DB_NAME"
fi

mkdir -p "$RUN/logs"
rm -f "$RUN/fleet.csv"
PIDS=()
cleanup() {
  say "stopping"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

start() { # name logfile command...
  local name=$1; shift
  "$@" >"$RUN/logs/$name.log" 2>&1 &
  PIDS+=($!)
  say "started $name (pid $!, log run/logs/$name.log)"
}

# The project's broker: the shipped files, with this machine's paths and ports.
bash scripts/make-certs.sh "$MQTT_DIR/certs" >/dev/null
bash scripts/make-mqtt-passwords.sh "$MQTT_DIR" >/dev/null
mkdir -p "$RUN/mosquitto/config" "$RUN/mosquitto/data"
cp deploy/mosquitto/acl "$RUN/mosquitto/config/acl"
sed -e "s|/mosquitto/secrets/|$MQTT_DIR/|; s|/mosquitto/config/|$RUN/mosquitto/config/|; s|/mosquitto/certs/|$MQTT_DIR/certs/|" \
    -e "s|/mosquitto/data/|$RUN/mosquitto/data/|" \
    -e "s|^listener 1883 127.0.0.1|listener $MQTT_LOCAL_PORT 127.0.0.1|; s|^listener 8883$|listener $MQTT_TLS_PORT|" \
    deploy/mosquitto/mosquitto.conf >"$RUN/mosquitto/config/mosquitto.conf"
# Run as root, Mosquitto drops to its own user, which must write its persistence file.
if [ "$(id -u)" -eq 0 ] && id mosquitto >/dev/null 2>&1; then chown -R mosquitto "$RUN/mosquitto/data"; fi
if (exec 3<>"/dev/tcp/127.0.0.1/$MQTT_TLS_PORT") 2>/dev/null; then
  say "port $MQTT_TLS_PORT is taken (another broker?): set UPSFLEET_MQTT_TLS_PORT"; exit 1
fi
start mosquitto "$(command -v mosquitto || echo /usr/sbin/mosquitto)" -c "$RUN/mosquitto/config/mosquitto.conf"
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$MQTT_TLS_PORT") 2>/dev/null && break; sleep 0.1; done
mqtt_pw() { cat "$MQTT_DIR/$1.password"; }
as() { # role: the environment that makes a service log in to the broker as that role
  echo env UPSFLEET_MQTT_USERNAME="$1" UPSFLEET_MQTT_PASSWORD="$(mqtt_pw "$1")"
}

start simulator java -jar ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar \
  --units "$UNITS" --base-port 10001 --control-port 8099 --fleet-file "$RUN/fleet.csv"
for _ in $(seq 1 100); do [ -s "$RUN/fleet.csv" ] && break; sleep 0.1; done
[ -s "$RUN/fleet.csv" ] || { say "simulator did not start: see run/logs/simulator.log"; exit 1; }

start device-gateway $(as gateway) java -Dupsfleet.gateway.fleet-file="$RUN/fleet.csv" \
  -Dupsfleet.gateway.mqtt.persistence-dir="$RUN/gateway-mqtt" -Dupsfleet.gateway.journal.dir="$RUN/gateway-journal" \
  -jar device-gateway/target/quarkus-app/quarkus-run.jar
start mib-service $(as mib-service) java -Dupsfleet.mib.spool.dir="$RUN/mib-spool" -jar mib-service/target/quarkus-app/quarkus-run.jar
for svc in web-api alert-service; do
  if [ -f "$svc/target/quarkus-app/quarkus-run.jar" ]; then
    start "$svc" $(as "$svc") java -jar "$svc/target/quarkus-app/quarkus-run.jar"
  fi
done
if (exec 3<>"/dev/tcp/127.0.0.1/$NUT_PORT") 2>/dev/null; then
  say "WARNING: port $NUT_PORT is taken (another upsd?): nut-server not started; set UPSFLEET_NUT_PORT"
else
  start nut-server $(as nut-server) java -Dupsfleet.nut.port="$NUT_PORT" -jar nut-server/target/quarkus-app/quarkus-run.jar
fi

ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
for port in 8083 8081 8080 8082 8084; do
  for _ in $(seq 1 120); do ready "$port" && break; sleep 0.5; done
  ready "$port" || say "WARNING: service on port $port is not ready yet (see run/logs/)"
done

cat <<INFO

  upsfleet is running with $UNITS simulated UPS units.

  Dashboard / API   http://127.0.0.1:8080/          (GET /api/ups, Swagger UI at /q/swagger-ui)
  Users             admin / $UPSFLEET_ADMIN_PASSWORD   (created on the first start; then managed at /admin.html)
                    operator / $UPSFLEET_OPERATOR_PASSWORD
                    viewer / $UPSFLEET_VIEWER_PASSWORD
  Try               curl -u viewer:$UPSFLEET_VIEWER_PASSWORD http://127.0.0.1:8080/api/ups
  Simulator         curl -X POST 'http://127.0.0.1:8099/units/ups-1/mains?state=fail'
  NUT (port $NUT_PORT)   upsc -l 127.0.0.1:$NUT_PORT        upsc ups-1@127.0.0.1:$NUT_PORT
                    upscmd -l ups-1@127.0.0.1:$NUT_PORT
                    upscmd -u admin -p $UPSFLEET_NUT_ADMIN_PASSWORD ups-1@127.0.0.1:$NUT_PORT beeper.toggle
  NUT users         monitor / $UPSFLEET_NUT_MONITOR_PASSWORD   (upsmon: MONITOR ups-1@<this host>:$NUT_PORT 1 monitor <pw> secondary)
                    admin / $UPSFLEET_NUT_ADMIN_PASSWORD       (every instant command; docs/nut.md)
  MQTT (closed)     TLS localhost:$MQTT_TLS_PORT (CA data/mqtt/certs/ca.crt), plain 127.0.0.1:$MQTT_LOCAL_PORT; users:
                    monitor / $(mqtt_pw monitor)   (read only)
                    gateway, web-api, alert-service, mib-service, nut-server: data/mqtt/<role>.password
  Try               mosquitto_sub -h localhost -p $MQTT_TLS_PORT --cafile data/mqtt/certs/ca.crt \\
                      -u monitor -P '$(mqtt_pw monitor)' -t 'upsfleet/v1/#' -v
  Logs              run/logs/

  Ctrl-C stops everything.
INFO
wait
