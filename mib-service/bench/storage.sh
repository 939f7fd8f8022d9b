#!/usr/bin/env bash
# Storage benchmark of the reading history: bytes per reading as rows (the anchor) and as compacted blocks,
# compaction rate, and 24 h of one UPS read back (p50/p99), on a fresh database (upsfleet_bench_storage).
#
#   bash mib-service/bench/storage.sh [ups=50] [hours=24] [reads=200]
#
# Builds what it needs from the repository root (a clean clone works: no install into ~/.m2 needed).
set -euo pipefail
UPS=${1:-50}
HOURS=${2:-24}
READS=${3:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PG_HOST=${UPSFLEET_DB_HOST:-127.0.0.1}
PG_PORT=${UPSFLEET_DB_PORT:-5432}
PG_USER=${UPSFLEET_DB_USER:-postgres}
DB=upsfleet_bench_storage
WORK="$ROOT/mib-service/target/bench"; mkdir -p "$WORK"

cd "$ROOT"
echo "Building (mib-service and what it needs, tests skipped)..."
# One reactor run compiles the modules and writes the class path: sibling modules resolve to their
# target/classes (a clean clone needs nothing installed in ~/.m2); mib-service comes last, so the file
# ends up holding its class path.
mvn -B -q -ntp -pl mib-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log" >&2; echo "storage bench: the build failed (log: $WORK/build.log)" >&2; exit 1; }
CP="$ROOT/mib-service/target/test-classes:$ROOT/mib-service/target/classes:$ROOT/history-format/target/classes:$ROOT/db-schema/target/classes:$(cat "$WORK/cp.txt")"

psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
java -cp "$CP" io.upsfleet.mib.history.StorageBenchmark "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" "$PG_USER" \
  "${UPSFLEET_DB_PASSWORD:-}" "$UPS" "$HOURS" "$READS" | tee "$WORK/storage.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "storage bench: the benchmark failed (see above)" >&2; exit 1; }
# One tab-separated line per figure for scripts/bench.sh: component, metric, value, unit, anchor, anchor value.
if [ -n "${BENCH_SUMMARY:-}" ]; then
  rows=$(awk '/as rows \(hour partitions\)/ { for (i = 1; i <= NF; i++) if ($i ~ /^bytes\/reading/) { print $(i-1); exit } }' "$WORK/storage.txt")
  blocks=$(awk '/as blocks \(day partitions\)/ { for (i = 1; i <= NF; i++) if ($i ~ /^bytes\/reading/) { print $(i-1); exit } }' "$WORK/storage.txt")
  p99=$(awk '/read back and decoded/ { for (i = 1; i <= NF; i++) if ($i == "p99") { print $(i+1); exit } }' "$WORK/storage.txt")
  [ -n "$rows" ] && [ -n "$blocks" ] && [ -n "$p99" ] || { echo "storage bench: figures missing in the report" >&2; exit 1; }
  printf 'mib-storage\tbytes per reading, compacted blocks\t%s\tB\trows\t%s\n' "$blocks" "$rows" >> "$BENCH_SUMMARY"
  printf 'mib-storage\t24 h of one UPS read back, p99\t%s\tms\tgoal\t100\n' "$p99" >> "$BENCH_SUMMARY"
fi
