#!/usr/bin/env bash
# Scale simulation (docs/scaling.md): several gateways, each polling its own partition of a simulated fleet,
# and two mib-service replicas sharing the ingest through one MQTT shared subscription, on this machine.
# Checks the arithmetic of docs/scaling.md: readings produced (the gateways' good polls) against readings
# stored (rows in PostgreSQL), ingest lag, and CPU and memory of every component, side by side. At the end
# the simulators are frozen and the pipeline drained: it fails unless every good poll since start is a row.
#   usage: scripts/scale-sim.sh [gateways=4] [units-per-gateway=500] [interval=PT1S] [seconds=60]
# Builds what it needs. Runs its own Mosquitto (127.0.0.1:18893) and a database of its own
# (upsfleet_scale) on the machine's PostgreSQL; everything it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAYS=${1:-4}
PER_GATEWAY=${2:-500}
INTERVAL=${3:-PT1S}
MEASURE=${4:-60}
UNITS=$((GATEWAYS * PER_GATEWAY))
W=run/scale
MQTT_PORT=${UPSFLEET_SCALE_MQTT_PORT:-18893}
DB=upsfleet_scale
PGHOST=${UPSFLEET_DB_HOST:-127.0.0.1} PGPORT=${UPSFLEET_DB_PORT:-5432} PGUSER=${UPSFLEET_DB_USER:-postgres}
export PGHOST PGPORT PGUSER
SIM_JAR=ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar
GW_JAR=device-gateway/target/quarkus-app/quarkus-run.jar
MIB_JAR=mib-service/target/quarkus-app/quarkus-run.jar
STEP="starting"
trap 'echo "scale-sim: FAILED while $STEP (logs: $W/logs)" >&2' ERR
say() { printf '[scale-sim %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if [ ! -f "$SIM_JAR" ] || [ ! -f "$GW_JAR" ] || [ ! -f "$MIB_JAR" ]; then
  STEP="building (mvn package)"
  say "building ups-simulator, device-gateway, mib-service (tests skipped)"
  mvn -B -q package -DskipTests -pl ups-simulator,device-gateway,mib-service -am
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
rm -rf "$W" && mkdir -p "$W/logs"
declare -A PID
cleanup() {
  for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

STEP="starting Mosquitto"
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\nmax_inflight_messages 100\n' \
  "$MQTT_PORT" >"$W/mosquitto.conf"
"$MOSQUITTO" -c "$W/mosquitto.conf" >"$W/logs/mosquitto.log" 2>&1 & PID[mosquitto]=$!
sleep 0.5

STEP="creating database $DB"
PGOPTIONS='-c client_min_messages=warning' psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

STEP="starting the simulated fleet"
for g in $(seq 0 $((GATEWAYS - 1))); do
  java -Xmx256m -jar "$SIM_JAR" --units "$PER_GATEWAY" --first-index $((g * PER_GATEWAY + 1)) \
    --base-port $((21001 + g * PER_GATEWAY)) --control-port $((18700 + g)) --id-prefix scale- \
    --fleet-file "$W/fleet-$g.csv" >"$W/logs/simulator-$g.log" 2>&1 & PID[sim-$g]=$!
done
for g in $(seq 0 $((GATEWAYS - 1))); do
  for _ in $(seq 1 600); do [ -s "$W/fleet-$g.csv" ] && break; sleep 0.1; done
  [ -s "$W/fleet-$g.csv" ] || { echo "simulator $g did not start: $W/logs/simulator-$g.log" >&2; exit 1; }
done

STEP="starting mib-service replicas"
for r in 1 2; do
  java -Xmx512m -Dquarkus.http.port=$((18780 + r)) -Dupsfleet.mqtt.port="$MQTT_PORT" -Dupsfleet.db.name=$DB \
    -Dupsfleet.mib.mqtt.client-id=mib-scale-$r -Dupsfleet.mib.spool.dir="$W/spool-$r" \
    -Dquarkus.log.category.\"io.upsfleet\".level=WARN -jar "$MIB_JAR" >"$W/logs/mib-$r.log" 2>&1 & PID[mib-$r]=$!
  # one at a time: the first runs the schema migrations
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$((18780 + r))/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$((18780 + r))/q/health/ready" >/dev/null || { echo "mib-service $r not ready: $W/logs/mib-$r.log" >&2; exit 1; }
done

STEP="starting gateways"
for g in $(seq 0 $((GATEWAYS - 1))); do
  java -Xmx512m -Dquarkus.http.port=$((18790 + g)) -Dupsfleet.mqtt.port="$MQTT_PORT" -Dupsfleet.gateway.id=gw-scale-$g \
    -Dupsfleet.gateway.fleet-file="$W/fleet-$g.csv" -Dupsfleet.gateway.defaults.poll-interval="$INTERVAL" \
    -Dupsfleet.gateway.mqtt.persistence-dir="$W/gateway-mqtt-$g" -Dupsfleet.gateway.journal.dir="$W/gateway-journal-$g" -Dquarkus.log.category.\"io.upsfleet\".level=WARN \
    -jar "$GW_JAR" >"$W/logs/gateway-$g.log" 2>&1 & PID[gw-$g]=$!
done
for g in $(seq 0 $((GATEWAYS - 1))); do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$((18790 + g))/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
done

metric() { # port name-regex
  curl -fsS "http://127.0.0.1:$1/q/metrics" | awk -v re="^$2 " '$0 ~ re {print $NF; exit}'
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
produced() { local s=0 g v; for g in $(seq 0 $((GATEWAYS - 1))); do
  v=$(metric $((18790 + g)) 'upsfleet_gateway_polls_total[{]result="ok"[}]'); s=$(echo "$s + ${v:-0}" | bc); done; echo "$s"; }
# readings stamped inside the window (the gateway stamps a reading when its poll is answered)
stored() { psql -tA -d $DB -c "SELECT count(*) FROM reading WHERE ts >= to_timestamp($1) AND ts < to_timestamp($2)"; }

WARMUP=${UPSFLEET_SCALE_WARMUP:-20}
say "$GATEWAYS gateways x $PER_GATEWAY units at $INTERVAL, 2 mib-service replicas; warming up $WARMUP s"
sleep "$WARMUP"
STEP="measuring"
declare -A T0
for name in "${!PID[@]}"; do T0[$name]=$(ticks "${PID[$name]}"); done
p0=$(produced); t0=$(date +%s.%N)
say "measuring $MEASURE s"
sleep "$MEASURE"
p1=$(produced); t1=$(date +%s.%N)
HZ=$(getconf CLK_TCK)
EL=$(echo "$t1 - $t0" | bc)
declare -A CPU RSS
for name in "${!PID[@]}"; do
  pid=${PID[$name]}
  [ -r "/proc/$pid/stat" ] || continue
  CPU[$name]=$(echo "100 * ($(ticks "$pid") - ${T0[$name]}) / $HZ / $EL" | bc -l); RSS[$name]=$(rss_mb "$pid")
done
lag99() { metric $((18780 + $1)) 'upsfleet_mib_ingest_lag_seconds[{]quantile="0.99"[}]'; }
LAG1=$(lag99 1); LAG2=$(lag99 2)

# The exact check: freeze the simulators (no more good polls), let the gateways and the ingest drain, then
# every reading ever produced must be a row: good polls since start = rows, no window edges involved.
STEP="draining (simulators frozen)"
for name in "${!PID[@]}"; do [[ $name == sim-* ]] && kill -STOP "${PID[$name]}"; done
total_rows() { psql -tA -d $DB -c "SELECT count(*) FROM reading"; }
rows=-1; still=0; START_DRAIN=$SECONDS
for _ in $(seq 1 90); do
  sleep 2
  made=$(produced); n=$(total_rows)
  [ "$(echo "$n >= $made" | bc)" = 1 ] && { rows=$n; break; }
  if [ "$n" = "$rows" ]; then still=$((still + 1)); [ "$still" -ge 10 ] && break; else still=0; fi
  rows=$n
done
for name in "${!PID[@]}"; do [[ $name == sim-* ]] && kill -CONT "${PID[$name]}"; done
s1=$(stored "$t0" "$t1")

echo
echo "== scale simulation: $GATEWAYS gateways x $PER_GATEWAY units = $UNITS units at $INTERVAL, 2 mib-service replicas, $(nproc) cores, ${MEASURE} s =="
awk -v p="$(echo "$p1 - $p0" | bc)" -v s="$s1" -v el="$EL" -v u="$UNITS" -v iv="$INTERVAL" 'BEGIN {
  secs = iv; gsub(/[^0-9.]/, "", secs)
  printf "%-40s %10.0f /s\n", "expected readings (units / interval)", u / secs
  printf "%-40s %10.0f /s\n", "produced (gateways good polls)", p / el
  printf "%-40s %10.0f /s  (rows stamped in the window)\n", "stored (reading rows)", s / el
}'
printf '%-40s %10.2f / %.2f s\n' "ingest lag p99 (replica 1 / 2)" "$LAG1" "$LAG2"
printf '%-40s %10s of %s  (since start, after %d s of draining)\n' "every reading produced is stored" "$rows" "$made" $((SECONDS - START_DRAIN))
printf '\n%-14s %10s %10s\n' component "CPU %" "RSS MB"
for name in $(printf '%s\n' "${!CPU[@]}" | sort); do
  printf '%-14s %10.0f %10s\n' "$name" "${CPU[$name]}" "${RSS[$name]}"
done
[ "$(echo "$rows >= $made" | bc)" = 1 ] || { echo "scale-sim: stored $rows of $made readings produced" >&2; exit 1; }
trap - ERR
