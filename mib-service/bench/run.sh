#!/usr/bin/env bash
# Ingest benchmark of mib-service: N readings through a real Mosquitto into the packaged service,
# against a dedicated database, compared with PostgreSQL's raw COPY rate of the same rows.
#
#   bash mib-service/bench/run.sh [readings=200000]
#
# Env: BENCH_BROKER=dedicated (default: starts its own Mosquitto on BENCH_MQTT_PORT=18830 with raised
#      in-flight/queue limits) | system (uses the machine's broker on 127.0.0.1:1883 as configured),
#      BENCH_INFLIGHT=20 (max_inflight_messages of the dedicated broker), BENCH_UPS=200,
#      BENCH_PUBLISHERS=2, BENCH_REPLICAS=1 (mib-service instances sharing the subscription).
set -euo pipefail

READINGS=${1:-200000}
HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(dirname "$HERE")
DB=upsfleet_bench
BROKER=${BENCH_BROKER:-dedicated}
INFLIGHT=${BENCH_INFLIGHT:-20}
REPLICAS=${BENCH_REPLICAS:-1}
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

cd "$MODULE"
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -d target/test-classes/io/upsfleet/mib/bench ]; then
  echo "Building mib-service (package, tests skipped)..."
  mvn -B -q package -DskipTests
fi
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null

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
  UPSFLEET_DB_NAME=$DB UPSFLEET_DB_HOST=$PG_HOST UPSFLEET_DB_PORT=$PG_PORT UPSFLEET_MQTT_PORT=$MQTT_PORT \
    java -Xmx512m -Dquarkus.http.port=$HTTP_PORT -Dupsfleet.mib.group=$GROUP -Dquarkus.log.level=WARN \
    -Dupsfleet.mib.history.enabled=false \
    -jar target/quarkus-app/quarkus-run.jar > "$WORK/mib-$r.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { echo "mib-service $r did not become ready"; cat "$WORK/mib-$r.log"; exit 1; }
done
echo "broker: $BROKER (127.0.0.1:$MQTT_PORT), mib-service replicas: $REPLICAS, group: $GROUP"

java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" io.upsfleet.mib.bench.IngestBenchmark \
  --readings "$READINGS" --ups "${BENCH_UPS:-200}" --publishers "${BENCH_PUBLISHERS:-2}" \
  --mqtt "tcp://127.0.0.1:$MQTT_PORT" --jdbc "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"

for r in $(seq 1 "$REPLICAS"); do
  stored=$(curl -sf "http://127.0.0.1:$((18080 + r))/q/metrics" | awk '/^upsfleet_mib_messages_stored_total\{channel="readings"/ {print $2}')
  batches=$(curl -sf "http://127.0.0.1:$((18080 + r))/q/metrics" | awk '/^upsfleet_mib_batch_size_count\{channel="readings"/ {print $2}')
  echo "replica $r: stored ${stored:-0} readings in ${batches:-0} batches"
done
