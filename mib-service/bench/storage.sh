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
mvn -B -q -ntp -pl mib-service -am test-compile -DskipTests
mvn -B -q -ntp -pl mib-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" \
  -Dmaven.repo.local="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}" >/dev/null 2>&1 || {
  # siblings not installed yet (clean clone): resolve them from the reactor
  mvn -B -q -ntp -pl mib-service -am dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null; }
CP="$ROOT/mib-service/target/test-classes:$ROOT/mib-service/target/classes:$ROOT/history-format/target/classes:$ROOT/db-schema/target/classes:$(cat "$WORK/cp.txt")"

psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
java -cp "$CP" io.upsfleet.mib.history.StorageBenchmark "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" "$PG_USER" \
  "${UPSFLEET_DB_PASSWORD:-}" "$UPS" "$HOURS" "$READS"
