#!/usr/bin/env bash
# Ingest benchmark of mib-service: N readings through a real Mosquitto into the packaged service,
# against a dedicated database (throughput phase, then a latency phase at a steady rate), compared with
# PostgreSQL's raw COPY rate of the same rows. The load comes from a minimal pre-encoded MQTT publisher
# (RawMqttPublisher) so that the two cores go to broker, service and database.
#
#   bash mib-service/bench/run.sh [readings=200000]
#
# Env: BENCH_BROKER=dedicated (default: starts its own Mosquitto on BENCH_MQTT_PORT=18830 with raised
#      in-flight/queue limits) | system (uses the machine's broker on 127.0.0.1:1883 as configured),
#      BENCH_INFLIGHT=20 (max_inflight_messages of the dedicated broker), BENCH_UPS=200,
#      BENCH_PUBLISHERS=2, BENCH_REPLICAS=1 (mib-service instances sharing the subscription),
#      BENCH_LATENCY_SECONDS=10, BENCH_LATENCY_RATE (readings/s of the latency phase; default half the
#      measured throughput), BENCH_MODE=broker-only (no service: a subscriber that only acknowledges,
#      the broker's ceiling on this machine), BENCH_JAVA_OPTS (extra JVM options of mib-service, e.g. a JFR recording),
#      BENCH_MQTT_TLS=on (dedicated broker only: mib-service reads over TLS from a second listener of the same
#      broker, certificates from scripts/make-certs.sh in the bench folder; the load generator stays plain).
set -euo pipefail

READINGS=${1:-200000}
HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(dirname "$HERE")
DB=upsfleet_bench
BROKER=${BENCH_BROKER:-dedicated}
INFLIGHT=${BENCH_INFLIGHT:-20}
REPLICAS=${BENCH_REPLICAS:-1}
MODE=${BENCH_MODE:-service}
if [ "$MODE" = broker-only ]; then REPLICAS=0; fi
PG_HOST=${UPSFLEET_DB_HOST:-127.0.0.1}
PG_PORT=${UPSFLEET_DB_PORT:-5432}
WORK="$MODULE/target/bench"; rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  :
}
trap cleanup EXIT

ROOT=$(dirname "$MODULE")
fail() { echo "mib-service bench: $*" >&2; exit 1; }
cd "$ROOT"
# One reactor run builds what is missing and writes the class path: sibling modules resolve to their
# target/ folders (a clean clone needs nothing installed in ~/.m2); mib-service comes last, so the file
# ends up holding its class path.
if [ ! -f "$MODULE/target/quarkus-app/quarkus-run.jar" ] || [ ! -d "$MODULE/target/test-classes/io/upsfleet/mib/bench" ]; then
  echo "Building mib-service and the modules it needs (package, tests skipped)..."
  GOALS=(package dependency:build-classpath)
else
  GOALS=(test-compile dependency:build-classpath)
fi
mvn -B -q -ntp -pl mib-service -am "${GOALS[@]}" -DskipTests -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" \
  >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; fail "the build failed (log: $WORK/build.log)"; }
cd "$MODULE"

if [ "$BROKER" = dedicated ]; then
  MQTT_PORT=${BENCH_MQTT_PORT:-18830}
  cat > "$WORK/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
# Defaults are 20 in flight and 1000 queued per client: with acknowledgements sent only after the
# database write, 20 in flight caps a consumer at 20 messages per write round trip, and a slow
# consumer beyond 1000 queued QoS 1 messages makes Mosquitto DROP messages. Both raised here.
max_inflight_messages $INFLIGHT
max_queued_messages 10000000
CONF
  if [ "${BENCH_MQTT_TLS:-off}" = on ]; then
    bash "$ROOT/scripts/make-certs.sh" "$WORK/certs" >/dev/null || fail "could not make the TLS certificates"
    TLS_PORT=$((MQTT_PORT + 1))
    printf 'listener %s 127.0.0.1\ncafile %s\ncertfile %s\nkeyfile %s\ntls_version tlsv1.2\n' "$TLS_PORT" \
      "$WORK/certs/ca.crt" "$WORK/certs/server.crt" "$WORK/certs/server.key" >>"$WORK/mosquitto.conf"
  fi
  mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
  PIDS+=($!)
  sleep 0.5
else
  MQTT_PORT=1883
fi
GROUP=bench-$RANDOM

psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

for r in $(seq 1 "$REPLICAS"); do
  HTTP_PORT=$((18080 + r))
  # One persistent session per replica: two clients with one id would take the session from each other.
  UPSFLEET_MIB_MQTT_CLIENT_ID=bench-mib-$r-$GROUP \
  UPSFLEET_DB_NAME=$DB UPSFLEET_DB_HOST=$PG_HOST UPSFLEET_DB_PORT=$PG_PORT UPSFLEET_MQTT_PORT=${TLS_PORT:-$MQTT_PORT} \
  UPSFLEET_MQTT_TLS=$([ -n "${TLS_PORT:-}" ] && echo true || echo false) UPSFLEET_MQTT_CA_FILE=${TLS_PORT:+$WORK/certs/ca.crt} \
    java -Xmx512m ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port=$HTTP_PORT -Dupsfleet.mib.group=$GROUP -Dquarkus.log.level=WARN \
    -Dupsfleet.mib.history.enabled=false \
    -jar target/quarkus-app/quarkus-run.jar > "$WORK/mib-$r.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { echo "mib-service $r did not become ready"; cat "$WORK/mib-$r.log"; exit 1; }
done
echo "broker: $BROKER (127.0.0.1:$MQTT_PORT${TLS_PORT:+; mib-service over TLS on $TLS_PORT}), mib-service replicas: $REPLICAS, group: $GROUP"
# CPU time (user+system, clock ticks) of every mib-service process: a steadier figure than throughput
# on a machine whose two cores are shared by broker, database, publisher and service.
cpu_ticks() {
  local total=0
  for pid in "${PIDS[@]}"; do
    if grep -q quarkus-run "/proc/$pid/cmdline" 2>/dev/null; then
      total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    fi
  done
  echo "$total"
}
CPU_BEFORE=$(cpu_ticks)

if ! java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" io.upsfleet.mib.bench.IngestBenchmark \
  --readings "$READINGS" --ups "${BENCH_UPS:-200}" --publishers "${BENCH_PUBLISHERS:-2}" \
  --mqtt "tcp://127.0.0.1:$MQTT_PORT" --jdbc "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" \
  --latency-seconds "${BENCH_LATENCY_SECONDS:-10}" ${BENCH_LATENCY_RATE:+--latency-rate "$BENCH_LATENCY_RATE"} \
  --broker-only "$([ "$MODE" = broker-only ] && echo true || echo false)" | tee "$WORK/result.txt"; then
  [ "$REPLICAS" -eq 0 ] || { echo "--- last lines of mib-service 1:"; grep -v '^\s*at ' "$WORK/mib-1.log" | tail -n 5; } >&2
  fail "the benchmark client failed (see above)"
fi
# One tab-separated line per figure for scripts/bench.sh: component, metric, value, unit, anchor, anchor value.
summary() { [ -z "${BENCH_SUMMARY:-}" ] || printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$BENCH_SUMMARY"; }
figure() { # label in the report -> first number after the colon (thousands separators removed)
  awk -F': *' -v l="$1" 'index($0, l) == 1 { gsub(",", "", $2); split($2, w, " "); print w[1]; exit }' "$WORK/result.txt"
}
if [ "$MODE" = broker-only ]; then
  ceiling=$(awk '/^delivered and acked/ { gsub(",", ""); print $(NF-1); exit }' "$WORK/result.txt")
  [ -n "$ceiling" ] || fail "no broker-only figure in the report"
  summary mib-ingest "broker only (no service, no database)" "$ceiling" msg/s - -
  exit 0
fi
ingest=$(figure "ingest throughput"); copy=$(figure "raw COPY rate")
[ -n "$ingest" ] && [ -n "$copy" ] || fail "no ingest or COPY figure in the report"
summary mib-ingest "readings stored (ack after store)${TLS_PORT:+, over TLS}" "$ingest" readings/s "raw COPY" "$copy"
p99=$(awk '/^end-to-end latency/ { for (i = 1; i <= NF; i++) if ($i == "p99") { gsub(",", "", $(i+1)); print $(i+1); exit } }' "$WORK/result.txt")
[ -z "$p99" ] || summary mib-ingest "end-to-end latency p99" "$p99" ms - -

CPU_TICKS=$(( $(cpu_ticks) - CPU_BEFORE ))
STORED_ALL=0
for r in $(seq 1 "$REPLICAS"); do
  stored=$(curl -sf "http://127.0.0.1:$((18080 + r))/q/metrics" | awk '/^upsfleet_mib_messages_stored_total\{channel="readings"/ {print $2}')
  batches=$(curl -sf "http://127.0.0.1:$((18080 + r))/q/metrics" | awk '/^upsfleet_mib_batch_size_count\{channel="readings"/ {print $2}')
  echo "replica $r: stored ${stored:-0} readings in ${batches:-0} batches"
  STORED_ALL=$(awk -v a="$STORED_ALL" -v b="${stored:-0}" 'BEGIN { printf "%d", a + b }')
done
awk -v t="$CPU_TICKS" -v hz="$(getconf CLK_TCK)" -v n="$STORED_ALL" \
  'BEGIN { printf "mib-service CPU         : %.1f s for %d readings, %.0f us per reading (both phases, JIT warm-up included)\n", t / hz, n, n ? 1e6 * t / hz / n : 0 }'
