#!/usr/bin/env bash
# Builds and runs the whole system on this machine with a simulated fleet:
#   UPS simulator -> device-gateway -> Mosquitto -> mib-service -> PostgreSQL -> web-api (+ alert-service,
#   nut-server: the fleet over the NUT protocol on port 3493 for upsc/upsmon)
# Ctrl-C stops everything. Logs go to run/logs/.
# Settings (env): UPSFLEET_SIM_UNITS (5), UPSFLEET_DB_*, UPSFLEET_MQTT_*, UPSFLEET_*_PASSWORD, UPSFLEET_NUT_PORT (3493),
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
export UPSFLEET_MQTT_HOST=${UPSFLEET_MQTT_HOST:-127.0.0.1}
export UPSFLEET_MQTT_PORT=${UPSFLEET_MQTT_PORT:-1883}

say() { printf '[run-local] %s\n' "$*"; }

bash scripts/ensure-infra.sh

if [ "${UPSFLEET_NO_BUILD:-}" != "1" ]; then
  say "building (mvn package, tests not run here: scripts/test.sh runs them)"
  mvn -B -q -ntp -Dstyle.color=never package -DskipTests
fi

# Passwords for the dashboard users: taken from the environment, else generated for this run.
gen() { head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12; }
export UPSFLEET_ADMIN_PASSWORD=${UPSFLEET_ADMIN_PASSWORD:-$(gen)}
export UPSFLEET_OPERATOR_PASSWORD=${UPSFLEET_OPERATOR_PASSWORD:-$(gen)}
export UPSFLEET_VIEWER_PASSWORD=${UPSFLEET_VIEWER_PASSWORD:-$(gen)}
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

start simulator java -jar ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar \
  --units "$UNITS" --base-port 10001 --control-port 8099 --fleet-file "$RUN/fleet.csv"
for _ in $(seq 1 100); do [ -s "$RUN/fleet.csv" ] && break; sleep 0.1; done
[ -s "$RUN/fleet.csv" ] || { say "simulator did not start: see run/logs/simulator.log"; exit 1; }

start device-gateway java -Dupsfleet.gateway.fleet-file="$RUN/fleet.csv" \
  -Dupsfleet.gateway.mqtt.persistence-dir="$RUN/gateway-mqtt" -Dupsfleet.gateway.journal.dir="$RUN/gateway-journal" -jar device-gateway/target/quarkus-app/quarkus-run.jar
start mib-service java -Dupsfleet.mib.spool.dir="$RUN/mib-spool" -jar mib-service/target/quarkus-app/quarkus-run.jar
for svc in web-api alert-service; do
  if [ -f "$svc/target/quarkus-app/quarkus-run.jar" ]; then
    start "$svc" java -jar "$svc/target/quarkus-app/quarkus-run.jar"
  fi
done
if (exec 3<>"/dev/tcp/127.0.0.1/$NUT_PORT") 2>/dev/null; then
  say "WARNING: port $NUT_PORT is taken (another upsd?): nut-server not started; set UPSFLEET_NUT_PORT"
else
  start nut-server java -Dupsfleet.nut.port="$NUT_PORT" -jar nut-server/target/quarkus-app/quarkus-run.jar
fi

ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
for port in 8083 8081 8080 8082 8084; do
  for _ in $(seq 1 120); do ready "$port" && break; sleep 0.5; done
  ready "$port" || say "WARNING: service on port $port is not ready yet (see run/logs/)"
done

cat <<INFO

  upsfleet is running with $UNITS simulated UPS units.

  Dashboard / API   http://127.0.0.1:8080/          (GET /api/ups, Swagger UI at /q/swagger-ui)
  Users             admin / $UPSFLEET_ADMIN_PASSWORD
                    operator / $UPSFLEET_OPERATOR_PASSWORD
                    viewer / $UPSFLEET_VIEWER_PASSWORD
  Try               curl -u viewer:$UPSFLEET_VIEWER_PASSWORD http://127.0.0.1:8080/api/ups
  Simulator         curl -X POST 'http://127.0.0.1:8099/units/ups-1/mains?state=fail'
  NUT (port $NUT_PORT)   upsc -l 127.0.0.1:$NUT_PORT        upsc ups-1@127.0.0.1:$NUT_PORT
                    upscmd -l ups-1@127.0.0.1:$NUT_PORT
                    upscmd -u admin -p $UPSFLEET_NUT_ADMIN_PASSWORD ups-1@127.0.0.1:$NUT_PORT beeper.toggle
  NUT users         monitor / $UPSFLEET_NUT_MONITOR_PASSWORD   (upsmon: MONITOR ups-1@<this host>:$NUT_PORT 1 monitor <pw> secondary)
                    admin / $UPSFLEET_NUT_ADMIN_PASSWORD       (every instant command; docs/nut.md)
  MQTT              mosquitto_sub -h $UPSFLEET_MQTT_HOST -t 'upsfleet/v1/#' -v
  Logs              run/logs/

  Ctrl-C stops everything.
INFO
wait
