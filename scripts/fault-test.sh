#!/usr/bin/env bash
# Fault-test suite: runs the system on this machine with infrastructure of its own (a private PostgreSQL
# cluster and a private Mosquitto, so stopping them disturbs nobody), keeps a simulated fleet under load,
# on the closed bus (the shipped deploy/mosquitto config: every service logs in as its role over TLS),
# then breaks things one at a time:
#   1. Mosquitto stopped for 30 s          2. PostgreSQL restarted
#   3. mib-service killed (-9) and restarted  4. alert-service killed (-9) and restarted
#   5. device-gateway stopped and restarted   6. web-api killed (-9) and restarted
#   (plus mains failures on a few units throughout; web-api's GET /api/ups is checked after every fault)
# and reports readings produced vs stored, alerts expected vs sent, and recovery times.
#   usage: scripts/fault-test.sh [units=50] [outage-seconds=30]
# Needs a build (mvn -B package -DskipTests), PostgreSQL 15 binaries, mosquitto, python3, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
UNITS=${1:-50}
OUTAGE=${2:-30}
W="$ROOT/run/fault"
PG_PORT=55433 MQTT_PORT=18884 MQTT_TLS_PORT=18885 SIM_PORT=13001 SIM_CTL=18199 HOOK_PORT=18299
GW_PORT=28083 MIB_PORT=28081 ALERT_PORT=28082 WEB_PORT=28080
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
for jar in ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar device-gateway/target/quarkus-app/quarkus-run.jar \
           mib-service/target/quarkus-app/quarkus-run.jar alert-service/target/quarkus-app/quarkus-run.jar \
           web-api/target/quarkus-app/quarkus-run.jar; do
  [ -f "$jar" ] || { echo "missing $jar: run mvn -B package -DskipTests first" >&2; exit 1; }
done
say() { printf '[fault-test %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

rm -rf "$W" && mkdir -p "$W/logs"
declare -A PID
cleanup() {
  for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg" -m immediate stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# ---- private PostgreSQL and Mosquitto
chown -R postgres: "$W"; chmod 755 "$ROOT/run" "$W" "$W/logs"
runuser -u postgres -- "$PGBIN/initdb" -D "$W/pg" -A trust -U postgres >"$W/logs/initdb.log"
pg_start() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg" -l "$W/logs/postgres.log" -w \
  -o "-p $PG_PORT -k $W -c listen_addresses=127.0.0.1" start >/dev/null; }
pg_start
psql() { command psql -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql -qc "CREATE DATABASE upsfleet"
# The broker we ship, with this run's paths and ports (both listeners on loopback), a 1 s autosave and a
# deeper queue; passwords per role and a private CA made for this run.
bash scripts/make-certs.sh "$W/mqtt/certs" >/dev/null
bash scripts/make-mqtt-passwords.sh "$W/mqtt" >/dev/null
cp deploy/mosquitto/acl "$W/mqtt/acl"
sed -e "s|/mosquitto/secrets/|$W/mqtt/|; s|/mosquitto/config/|$W/mqtt/|; s|/mosquitto/certs/|$W/mqtt/certs/|; s|/mosquitto/data/|$W/|" \
    -e "s|^listener 1883 127.0.0.1|listener $MQTT_PORT 127.0.0.1|; s|^listener 8883$|listener $MQTT_TLS_PORT 127.0.0.1|" \
    -e "s|^autosave_interval .*|autosave_interval 1|; s|^max_queued_messages .*|max_queued_messages 1000000|" \
    deploy/mosquitto/mosquitto.conf >"$W/mosquitto.conf"
pw() { cat "$W/mqtt/$1.password"; }
as() { echo env UPSFLEET_MQTT_USERNAME="$1" UPSFLEET_MQTT_PASSWORD="$(pw "$1")"; } # the login of a role
chown mosquitto: "$W" 2>/dev/null || true; chmod 777 "$W"
mqtt_start() { "$MOSQUITTO" -c "$W/mosquitto.conf" >>"$W/logs/mosquitto.log" 2>&1 & PID[mosquitto]=$!; sleep 0.5; }
mqtt_start
# A third witness besides the gateway's counter and the database: a subscriber with a persistent session
# that writes down every reading the broker hands it. Started once: mosquitto_sub reconnects by itself
# after the broker outage (a second one with the same client id would keep taking the session over).
stdbuf -oL mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -u monitor -P "$(pw monitor)" -c -i fault-audit -q 1 -t 'upsfleet/v1/ups/+/reading' -v \
  >>"$W/audit.txt" 2>>"$W/logs/audit.log" & PID[audit]=$!

# ---- webhook receiver: counts alert notifications
cat >"$W/hook.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(sys.argv[2], 'ab') as f: f.write(body.replace(b'\n', b' ') + b'\n')
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
PY
: >"$W/hooks.txt"
python3 "$W/hook.py" "$HOOK_PORT" "$W/hooks.txt" & PID[hook]=$!

# web-api reaches alert-service's REST API with this credential (both read it from the environment)
export UPSFLEET_ALERT_API_PASSWORD=fault-alert-api-$RANDOM
COMMON=(-Dupsfleet.db.port=$PG_PORT -Dupsfleet.mqtt.host=localhost -Dupsfleet.mqtt.port=$MQTT_TLS_PORT -Dupsfleet.mqtt.tls=true
  -Dupsfleet.mqtt.ca-file="$W/mqtt/certs/ca.crt" -Dquarkus.log.category.\"io.upsfleet\".level=INFO)
start_sim() { java -jar ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar --units "$UNITS" --base-port $SIM_PORT \
  --control-port $SIM_CTL --id-prefix ft- --fleet-file "$W/fleet.csv" >>"$W/logs/simulator.log" 2>&1 & PID[simulator]=$!; }
start_gw() { $(as gateway) java "${COMMON[@]}" -Dquarkus.http.port=$GW_PORT -Dupsfleet.gateway.id=gw-fault -Dupsfleet.gateway.fleet-file="$W/fleet.csv" \
  -Dupsfleet.gateway.defaults.poll-interval=PT1S -Dupsfleet.gateway.journal.dir="$W/gateway-journal" -Dquarkus.log.category.\"io.upsfleet.gateway.poll\".level=DEBUG -jar device-gateway/target/quarkus-app/quarkus-run.jar >>"$W/logs/gateway.log" 2>&1 & PID[gateway]=$!; }
start_mib() { $(as mib-service) java "${COMMON[@]}" -Dquarkus.http.port=$MIB_PORT -Dupsfleet.mib.spool.dir="$W/mib-spool" -jar mib-service/target/quarkus-app/quarkus-run.jar >>"$W/logs/mib.log" 2>&1 & PID[mib]=$!; }
start_alert() { $(as alert-service) java "${COMMON[@]}" -Dquarkus.http.port=$ALERT_PORT -Dupsfleet.alert.debounce=PT2S \
  -Dupsfleet.alert.webhook.url=http://127.0.0.1:$HOOK_PORT/hook -Dupsfleet.alert.rules.default.channels=webhook \
  -Dupsfleet.alert.rules.default.alarms=ON_BATTERY \
  -jar alert-service/target/quarkus-app/quarkus-run.jar >>"$W/logs/alert.log" 2>&1 & PID[alert]=$!; }
WEB_PW=fault-viewer-$RANDOM
start_web() { UPSFLEET_VIEWER_PASSWORD=$WEB_PW UPSFLEET_OPERATOR_PASSWORD=fault-op-$RANDOM UPSFLEET_ADMIN_PASSWORD=fault-admin-$RANDOM \
  $(as web-api) java "${COMMON[@]}" -Dquarkus.http.port=$WEB_PORT -Dupsfleet.alerts.url=http://127.0.0.1:$ALERT_PORT -jar web-api/target/quarkus-app/quarkus-run.jar >>"$W/logs/web.log" 2>&1 & PID[web]=$!; }
# time until web-api serves the fleet again (GET /api/ups -> 200 with the fleet in it)
web_recovery() { local t0; t0=$(date +%s%N)
  until curl -fsS -u "viewer:$WEB_PW" "http://127.0.0.1:$WEB_PORT/api/ups?limit=1000" 2>/dev/null | grep -q '"ft-1"'; do
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt "$RECOVERY_LIMIT" ] || { echo "NOT-RECOVERED(>${RECOVERY_LIMIT}s)"; return; }
    sleep 0.2
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 )); }
ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
await_ready() { local t0=$SECONDS; until ready "$1"; do sleep 0.2; [ $((SECONDS - t0)) -lt 120 ] || { say "port $1 not ready"; return 1; }; done; }
metric() { curl -fsS "http://127.0.0.1:$GW_PORT/q/metrics" | awk -v re="^$1 " '$0 ~ re {print int($NF)}' | head -n 1; }
# Freeze production and count it: silence every unit, then wait until the gateway has declared all of them
# comm-lost (so every reply sent before the silence has been processed, however far behind a loaded
# machine made it) and its good-poll counter stands still; prints that count.
good_polls_when_settled() {
  local t0=$SECONDS last=-1 now
  sim "fleet/fault?mode=silence"
  while :; do
    sleep 1
    now=$(metric 'upsfleet_gateway_polls_total[{]result="ok"[}]')
    if [ "$(metric upsfleet_gateway_ups_comm_lost)" = "$UNITS" ] && [ "$now" = "$last" ]; then break; fi
    last=$now
    [ $((SECONDS - t0)) -lt 60 ] || { say "   gateway did not settle within 60 s" >&2; break; }
  done
  date -u +%Y-%m-%dT%H:%M:%S.%3NZ >>"$W/settled-at.txt"   # for the late-reading check at the end
  echo "$now"; }
stored() { psql -d upsfleet -tAc "SELECT count(*) FROM reading" 2>/dev/null || echo -1; }
latest_age_ms() { psql -d upsfleet -tAc "SELECT COALESCE((extract(epoch from now() - max(ts)) * 1000)::bigint, -1) FROM reading" 2>/dev/null || echo -1; }
sim() { curl -fsS -X POST "http://127.0.0.1:$SIM_CTL/$1" >/dev/null; }
# time until a reading younger than 3 s is in the database again
RECOVERY_LIMIT=${UPSFLEET_FAULT_RECOVERY_LIMIT:-120}
recovery() { local t0 a; t0=$(date +%s%N)
  while :; do
    a=$(latest_age_ms); [ "$a" -ge 0 ] && [ "$a" -lt 3000 ] && break
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt "$RECOVERY_LIMIT" ] || { echo "NOT-RECOVERED(>${RECOVERY_LIMIT}s)"; return; }
    sleep 0.2
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 )); }

start_sim; for _ in $(seq 100); do [ -s "$W/fleet.csv" ] && break; sleep 0.1; done
start_mib; await_ready $MIB_PORT
start_alert; await_ready $ALERT_PORT
start_gw; await_ready $GW_PORT
start_web; await_ready $WEB_PORT
say "system up: $UNITS units at 1 s; warming up 15 s"; sleep 15
PRODUCED=0 EXPECTED_ALERTS=0
declare -A RECOVERY

mains_failure() { # unit: the unit goes on battery for 5 s (longer than the 2 s debounce): one alert expected
  sim "units/$1/mains?state=fail"; EXPECTED_ALERTS=$((EXPECTED_ALERTS + 1)); sleep 5; sim "units/$1/mains?state=ok"; }

say "1. Mosquitto stopped for $OUTAGE s"
kill "${PID[mosquitto]}"; wait "${PID[mosquitto]}" 2>/dev/null || true
sleep "$OUTAGE"
mqtt_start
RECOVERY[mosquitto]=$(recovery); say "   readings flowing again after ${RECOVERY[mosquitto]} ms"
RECOVERY[web-api-after-mosquitto]=$(web_recovery); say "   web-api serving the fleet ${RECOVERY[web-api-after-mosquitto]} ms later"
mains_failure ft-1

say "2. PostgreSQL restarted"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg" -m fast stop >/dev/null; sleep 3; pg_start
RECOVERY[postgresql]=$(recovery); say "   readings flowing again after ${RECOVERY[postgresql]} ms"
RECOVERY[web-api-after-postgresql]=$(web_recovery); say "   web-api serving the fleet ${RECOVERY[web-api-after-postgresql]} ms later"

say "3. mib-service killed and restarted"
kill -9 "${PID[mib]}"; sleep 5; start_mib; await_ready $MIB_PORT
RECOVERY[mib-service]=$(recovery); say "   readings flowing again after ${RECOVERY[mib-service]} ms"

say "4. alert-service killed during a mains failure and restarted"
sim "units/ft-2/mains?state=fail"; EXPECTED_ALERTS=$((EXPECTED_ALERTS + 1)); sleep 1
kill -9 "${PID[alert]}"; sleep 3; start_alert; await_ready $ALERT_PORT; sleep 4; sim "units/ft-2/mains?state=ok"
sleep 3                                                 # the gateway sees mains back: CLEARED

say "5. device-gateway stopped and restarted"
PRODUCED=$((PRODUCED + $(good_polls_when_settled)))
say "   first gateway: $PRODUCED good polls, $(stored) readings stored so far"
kill "${PID[gateway]}"; wait "${PID[gateway]}" 2>/dev/null || true
date -u +%Y-%m-%dT%H:%M:%S.%3NZ >"$W/second-gateway-at.txt"
sim "fleet/fault?mode=none"; start_gw; await_ready $GW_PORT
RECOVERY[device-gateway]=$(recovery); say "   readings flowing again after ${RECOVERY[device-gateway]} ms"
mains_failure ft-3

say "6. web-api killed and restarted"
kill -9 "${PID[web]}"; wait "${PID[web]}" 2>/dev/null || true; t0=$(date +%s%N); start_web
WEB_R=$(web_recovery)
if [[ "$WEB_R" == NOT-* ]]; then RECOVERY[web-api]=$WEB_R; else RECOVERY[web-api]=$(( ($(date +%s%N) - t0) / 1000000 )); fi
say "   web-api serving the fleet again ${RECOVERY[web-api]} ms after its restart"
sleep 10

say "draining"
PRODUCED=$((PRODUCED + $(good_polls_when_settled)))
for _ in $(seq 60); do [ "$(stored)" -ge "$PRODUCED" ] && break; sleep 1; done  # give the consumers time to drain
STORED=$(stored)
sleep 5
# distinct (UPS, timestamp) pairs the audit subscriber was handed
AUDITED=$(sed -n 's|^upsfleet/v1/ups/\([^/]*\)/reading .*"ts":"\([^"]*\)".*|\1 \2|p' "$W/audit.txt" | sort -u | wc -l)
# Readings polled after a gateway's count was taken (between the first count and the second gateway's
# start, or after the final count) would make "stored" exceed "produced" without any duplicate: listed here.
LATE=$(python3 - "$W/audit.txt" "$W/settled-at.txt" "$W/second-gateway-at.txt" <<'PY'
import sys, re, datetime as d
p = lambda s: d.datetime.fromisoformat(s.strip().replace('Z', '+00:00'))
first, final = [p(l) for l in open(sys.argv[2]) if l.strip()][:2]
restart = p(open(sys.argv[3]).read())
seen, late = set(), []
for line in open(sys.argv[1], errors='replace'):
    m = re.match(r'upsfleet/v1/ups/([^/]*)/reading .*"ts":"([^"]*)"', line)
    if m and m.groups() not in seen:
        seen.add(m.groups()); ts = p(m.group(2))
        if first < ts < restart or ts > final: late.append(m.group(1) + ' ' + m.group(2))
print(len(late))
for l in sorted(late)[:20]: print('   late reading:', l, file=sys.stderr)
PY
)
SENT=$(grep '"kind":"RAISED"' "$W/hooks.txt" | grep -c '"alarm":"ON_BATTERY"' || true)
CLEARED=$(grep '"kind":"CLEARED"' "$W/hooks.txt" | grep -c '"alarm":"ON_BATTERY"' || true)

printf '\n== fault-test: %d units, 1 s polling, Mosquitto outage %d s ==\n' "$UNITS" "$OUTAGE"
printf '%-36s %s\n' "readings produced (good polls)" "$PRODUCED" "readings stored" "$STORED" \
  "readings handed to a subscriber" "$AUDITED" "readings polled after a count" "$LATE" \
  "alerts expected (ON_BATTERY raised)" "$EXPECTED_ALERTS" "alerts sent (webhook, raised)" "$SENT" \
  "cleared notices (expected $EXPECTED_ALERTS)" "$CLEARED"
for k in mosquitto postgresql mib-service device-gateway web-api-after-mosquitto web-api-after-postgresql web-api; do printf '%-36s %s ms\n' "recovery after $k" "${RECOVERY[$k]}"; done
RECOVERED=1; for k in "${!RECOVERY[@]}"; do [[ "${RECOVERY[$k]}" == NOT-* ]] && RECOVERED=0; done
printf '(recovery = from the end of the fault until a reading younger than 3 s is stored again; for web-api,\n until GET /api/ups serves the fleet; "web-api" counts from its restart, JVM start included)\n'
printf 'logs: %s\n' "$W/logs"
if [ "$PRODUCED" -eq "$STORED" ] && [ "$EXPECTED_ALERTS" -eq "$SENT" ] && [ "$EXPECTED_ALERTS" -eq "$CLEARED" ] && [ "$RECOVERED" -eq 1 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL"; exit 1; fi
