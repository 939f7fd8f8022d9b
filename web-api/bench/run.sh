#!/usr/bin/env bash
# web-api benchmark: requests/s and latency percentiles (wrk) for
#   - GET /api/ping                     constant answer behind the same auth (ceiling)
#   - GET /api/ups                      first page (200) of a 10,000-UPS fleet
#   - GET /api/ups?limit=1000           largest page
#   - GET /api/ups?onBattery=true       filtered fleet
#   - GET /api/ups/bench-00001/history  last hour of 1 s readings (3,600 points)
# against a dedicated database (upsfleet_bench_webapi). Needs: psql, wrk (apt-get install wrk), local
# PostgreSQL and Mosquitto. Usage: bash web-api/bench/run.sh [duration-seconds, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15}"
DB=upsfleet_bench_webapi
PORT="${BENCH_PORT:-18080}"
PGHOST="${UPSFLEET_DB_HOST:-127.0.0.1}"; PGPORT="${UPSFLEET_DB_PORT:-5432}"; PGUSER="${UPSFLEET_DB_USER:-postgres}"
export PGPASSWORD="${UPSFLEET_DB_PASSWORD:-}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  # through the reactor from the root, so a clean clone builds without the sibling modules installed
  (cd .. && mvn -B -q -ntp -pl web-api -am package -DskipTests) || { echo "web-api bench: the build failed" >&2; exit 1; }
fi
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

PASSWORD="bench-$RANDOM-$RANDOM"
LOG=target/bench-web-api.log
UPSFLEET_DB_NAME=$DB UPSFLEET_VIEWER_PASSWORD="$PASSWORD" QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_LEVEL=WARN \
  java -Xmx512m -jar target/quarkus-app/quarkus-run.jar > "$LOG" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
AUTH="Authorization: Basic $(printf 'viewer:%s' "$PASSWORD" | base64 -w0)"
for _ in $(seq 1 60); do
  curl -fs -H "$AUTH" "http://127.0.0.1:$PORT/api/ping" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs -H "$AUTH" "http://127.0.0.1:$PORT/api/ping" >/dev/null || { echo "web-api did not start, see $LOG" >&2; exit 1; }
# the schema exists now (Flyway ran at start): seed it
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d $DB -f bench/seed.sql

run() { # name path
  local out
  curl -fs -H "$AUTH" "http://127.0.0.1:$PORT$2" -o /dev/null || { echo "$1: request failed" >&2; exit 1; }
  wrk -t2 -c16 -d3s -H "$AUTH" "http://127.0.0.1:$PORT$2" >/dev/null   # warm-up (JIT, pools)
  out=$(wrk -t2 -c32 -d"${DURATION}s" --latency -H "$AUTH" "http://127.0.0.1:$PORT$2")
  local rps p50 p99 bytes
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bytes=$(curl -fs -H "$AUTH" "http://127.0.0.1:$PORT$2" | wc -c)
  printf '| %-34s | %10s | %8s | %8s | %9s |\n' "$1" "$rps" "$p50" "$p99" "$bytes"
  [ -n "$rps" ] || { echo "$1: wrk printed no rate" >&2; exit 1; }
  # One tab-separated line per figure for scripts/bench.sh: component, metric, value, unit, anchor, anchor value.
  [ -z "$PING_RPS" ] && PING_RPS=$rps
  [ -z "${BENCH_SUMMARY:-}" ] || printf 'web-api\t%s\t%s\treq/s\tping\t%s\n' "$1" "$rps" "$PING_RPS" >> "$BENCH_SUMMARY"
}
PING_RPS=""
echo
echo "web-api benchmark: wrk 2 threads, 32 connections, ${DURATION}s per row, HTTP Basic auth, $(nproc) cores,$(uptime | sed 's/.*load/ load/')"
printf '| %-34s | %10s | %8s | %8s | %9s |\n' endpoint "req/s" p50 p99 "bytes"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..36})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..11})"
run "ping (constant, ceiling)" "/api/ping"
run "fleet page (200 of 10,000)" "/api/ups"
run "fleet page limit=1000" "/api/ups?limit=1000"
run "fleet onBattery=true (323)" "/api/ups?onBattery=true&limit=1000"
run "history last hour (3,600 raw)" "/api/ups/bench-00001/history"
