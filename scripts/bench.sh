#!/usr/bin/env bash
# Every benchmark of the project in one run, from a clean clone:
#
#   bash scripts/bench.sh [quick|full]      (default quick: ~10 minutes; full: ~35 minutes)
#
# Builds everything once (tests not run), then runs each module benchmark in turn (never two at once),
# each with its anchor measured in the same run. Every benchmark appends its figures as tab-separated
# lines (component, metric, value, unit, anchor, anchor value) to the file named by $BENCH_SUMMARY; this
# script prints them as one table with value/anchor, and exits non-zero naming every part that failed.
# The logs of each part are kept in target/bench/<part>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-quick}
case "$MODE" in quick|full) ;; *) echo "usage: bash scripts/bench.sh [quick|full]" >&2; exit 2 ;; esac
OUT=$ROOT/target/bench
rm -rf "$OUT" && mkdir -p "$OUT"
export BENCH_SUMMARY=$OUT/summary.tsv
: >"$BENCH_SUMMARY"

say() { printf '[bench] %s\n' "$*"; }
bash scripts/ensure-infra.sh || { echo "[bench] scripts/ensure-infra.sh failed: PostgreSQL, Mosquitto or a tool is missing" >&2; exit 1; }
command -v wrk >/dev/null 2>&1 || { say "installing wrk (web-api benchmark)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
say "building every module (mvn package, tests not run)"
mvn -B -q -ntp -Dstyle.color=never package -DskipTests >"$OUT/build.log" 2>&1 \
  || { tail -n 40 "$OUT/build.log" >&2; echo "[bench] the build failed (log: $OUT/build.log)" >&2; exit 1; }

FAILED=()
part() { # name command... : runs one benchmark, keeps its log, records a failure with its last lines
  local name=$1; shift
  say "$name: $*"
  local start=$SECONDS before
  before=$(wc -l <"$BENCH_SUMMARY")
  if "$@" >"$OUT/$name.log" 2>&1; then
    if [ "$(wc -l <"$BENCH_SUMMARY")" -eq "$before" ]; then
      FAILED+=("$name (finished but reported no figures: see $OUT/$name.log)")
      say "$name: no figures reported (log: $OUT/$name.log)"
    else
      say "$name: done in $((SECONDS - start)) s"
    fi
  else
    FAILED+=("$name (exit $?, last lines: $(tail -n 3 "$OUT/$name.log" | tr '\n' ' '))")
    say "$name: FAILED after $((SECONDS - start)) s (log: $OUT/$name.log)"
  fi
}

if [ "$MODE" = quick ]; then
  GW_UNITS=2000; GW_SECONDS=30; VS_NUT_UNITS=(50); VS_NUT_SECONDS=30
  INGEST=100000; STORAGE=(20 24 100); WEB_SECONDS=5; ALARMS=100
else
  GW_UNITS=10000; GW_SECONDS=60; VS_NUT_UNITS=(50 1000); VS_NUT_SECONDS=60
  INGEST=300000; STORAGE=(50 24 200); WEB_SECONDS=15; ALARMS=300
fi

part gateway-memory bash device-gateway/bench/run.sh "$GW_UNITS" "$GW_SECONDS" PT1S memory
part gateway-memory-tls bash device-gateway/bench/run.sh "$GW_UNITS" "$GW_SECONDS" PT1S memory on
part gateway-durable bash device-gateway/bench/run.sh "$GW_UNITS" "$GW_SECONDS" PT1S journal
for units in "${VS_NUT_UNITS[@]}"; do
  part "gateway-vs-nut-$units" bash device-gateway/bench/vs-nut.sh "$units" "$VS_NUT_SECONDS"
done
part ingest-broker-only env BENCH_MODE=broker-only bash mib-service/bench/run.sh "$INGEST"
part ingest bash mib-service/bench/run.sh "$INGEST"
part ingest-tls env BENCH_MQTT_TLS=on bash mib-service/bench/run.sh "$INGEST"
part storage bash mib-service/bench/storage.sh "${STORAGE[@]}"
part web-api bash web-api/bench/run.sh "$WEB_SECONDS"
alert_latency() {
  mvn -B -ntp -Dstyle.color=never -pl alert-service -am verify -Dtest=AlertLatencyBench \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.alarms="$ALARMS" -Dbench.rate=10 | tee "$OUT/alert-latency.out" || return 1
  local line; line=$(grep -m1 '^p50 .* p99 ' "$OUT/alert-latency.out") || { echo "no latency line in the output"; return 1; }
  local anchor; anchor=$(grep -m1 '^anchor: one mail straight to SMTP' "$OUT/alert-latency.out") || { echo "no anchor line in the output"; return 1; }
  p99() { awk '{ for (i = 1; i <= NF; i++) if ($i == "p99") print $(i+1) }' <<<"$1"; }
  p50() { awk '{ for (i = 1; i <= NF; i++) if ($i == "p50") print $(i+1) }' <<<"$1"; }
  printf 'alert-service\talarm -> email p50 (10 alarms/s)\t%s\tms\tmail straight to SMTP\t%s\n' "$(p50 "$line")" "$(p50 "$anchor")" >>"$BENCH_SUMMARY"
  printf 'alert-service\talarm -> email p99 (10 alarms/s)\t%s\tms\tmail straight to SMTP\t%s\n' "$(p99 "$line")" "$(p99 "$anchor")" >>"$BENCH_SUMMARY"
}
part alert-latency alert_latency
if [ -x nut-server/bench/run.sh ] || [ -f nut-server/bench/run.sh ]; then
  part nut-server-vs-upsd bash nut-server/bench/run.sh
fi
# TLS against plain for the gateway (issue 14: CPU per poll at most 10 % worse)
gw_plain=$(awk -F'\t' -v m="CPU ms per good poll (memory, $GW_UNITS units @ PT1S)" '$1 == "device-gateway" && $2 == m { print $3 }' "$BENCH_SUMMARY")
gw_tls=$(awk -F'\t' -v m="CPU ms per good poll (memory, TLS, $GW_UNITS units @ PT1S)" '$1 == "device-gateway" && $2 == m { print $3 }' "$BENCH_SUMMARY")
if [ -n "$gw_plain" ] && [ -n "$gw_tls" ]; then
  printf 'device-gateway\tCPU ms per good poll, MQTT over TLS vs plain\t%s\tms\tplain MQTT\t%s\n' "$gw_tls" "$gw_plain" >>"$BENCH_SUMMARY"
fi
# The ingest benchmark's anchor is raw COPY; the broker's own ceiling is the second anchor.
ceiling=$(awk -F'\t' '$1 == "mib-ingest" && $2 ~ /^broker only/ { print $3 }' "$BENCH_SUMMARY")
stored=$(awk -F'\t' '$1 == "mib-ingest" && $2 == "readings stored (ack after store)" { print $3 }' "$BENCH_SUMMARY")
stored_tls=$(awk -F'\t' '$1 == "mib-ingest" && $2 == "readings stored (ack after store), over TLS" { print $3 }' "$BENCH_SUMMARY")
if [ -n "$stored" ] && [ -n "$stored_tls" ]; then
  printf 'mib-ingest\treadings stored, service over TLS vs plain\t%s\treadings/s\tplain MQTT\t%s\n' "$stored_tls" "$stored" >>"$BENCH_SUMMARY"
fi
if [ -n "$ceiling" ] && [ -n "$stored" ]; then
  printf 'mib-ingest\treadings stored vs the broker alone\t%s\treadings/s\tbroker only\t%s\n' "$stored" "$ceiling" >>"$BENCH_SUMMARY"
fi

echo
echo "== upsfleet benchmarks ($MODE), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ),$(uptime | sed 's/.*load/ load/') =="
awk -F'\t' 'BEGIN { printf "%-15s %-44s %14s %-10s %-22s %12s %8s\n", "component", "figure", "value", "unit", "anchor", "anchor", "ratio" }
{
  ratio = ($6 != "" && $6 != "-" && $6 + 0 != 0) ? sprintf("%.2f", $3 / $6) : "-"
  printf "%-15s %-44s %14s %-10s %-22s %12s %8s\n", $1, $2, $3, $4, $5, $6, ratio
}' "$BENCH_SUMMARY"
echo "(logs: $OUT)"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo
  for f in "${FAILED[@]}"; do echo "FAILED: $f" >&2; done
  exit 1
fi
