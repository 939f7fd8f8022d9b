#!/usr/bin/env bash
# nut-server against Debian's upsd (NUT 2.8.0) serving dummy-ups units, side by side on this machine, with the
# same load generator (nut-server/src/test/java/io/upsfleet/nut/bench/NutBench.java): requests/s and p99 of
# GET VAR and LIST VAR with many concurrent clients, server RSS per connected client, requests per CPU second
# of the server. A benchmark, not a test. Everything runs as private processes on free ports (its own
# Mosquitto, nut-server, upsd with its own config and state directory, one dummy-ups driver per unit) and is
# stopped at the end.
#
#   bash nut-server/bench/run.sh
#
# Sizes (environment): BENCH_UNITS (nut-server fleet, 10000), BENCH_UPSD_UNITS (dummy-ups units, one driver
# process each, 100), BENCH_CLIENTS (concurrent NUT connections, 1000), BENCH_WARMUP (s, 3), BENCH_SECONDS
# (measured s per request kind and server, 10). Built through the Maven reactor from a clean clone (no
# `mvn install`); extra Maven flags in MAVEN_ARGS (e.g. MAVEN_ARGS=-o). If BENCH_SUMMARY names a file, one
# tab-separated line per nut-server figure is appended to it:
#   component  metric  value  unit  anchor-name  anchor-value      (the anchor is upsd's figure)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
UNITS=${BENCH_UNITS:-10000}
UPSD_UNITS=${BENCH_UPSD_UNITS:-100}
CLIENTS=${BENCH_CLIENTS:-1000}
WARMUP=${BENCH_WARMUP:-3}
SECONDS_EACH=${BENCH_SECONDS:-10}
PREFIX=bench-

say() { printf '[nut-bench %s] %s\n' "$(date +%T)" "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    listening "$p" || { echo "$p"; return; }
  done
}
wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 5; i++)); do listening "$1" && return 0; sleep 0.2; done
  return 1
}

UPSFLEET_SKIP_BROWSER=1 bash scripts/ensure-infra.sh >&2
[ -x /lib/nut/upsd ] && [ -x /lib/nut/dummy-ups ] || { say "Debian's nut-server (upsd, dummy-ups) is missing"; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

say "building nut-server and the load generator (Maven reactor)"
mvn -B -q -ntp -pl nut-server -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP="nut-server/target/test-classes:$(cat nut-server/target/bench-classpath.txt)"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
bench() { "$JAVA" -Xss256k -Xmx512m -cp "$CP" io.upsfleet.nut.bench.NutBench "$@"; }

WORK=$(mktemp -d /tmp/nut-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "$WORK"/upsd/dummy-ups-*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
STARTED=$(date +%s)
RESULTS="$WORK/results.tsv"

# ---------------------------------------------------------------- nut-server over a private broker
MQTT_PORT=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\n' "$MQTT_PORT" > "$WORK/mosquitto.conf"
"$(command -v mosquitto || echo /usr/sbin/mosquitto)" -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
PIDS+=($!)
wait_port "$MQTT_PORT" 10 || { say "private Mosquitto did not start"; cat "$WORK/mosquitto.log" >&2; exit 1; }

NUT_PORT=$(free_port)
HTTP_PORT=$(free_port)
"$JAVA" -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.http.host=127.0.0.1 -Dupsfleet.nut.host=127.0.0.1 \
  -Dupsfleet.nut.port="$NUT_PORT" -Dupsfleet.mqtt.port="$MQTT_PORT" -Dupsfleet.nut.server-id=bench \
  -Dupsfleet.nut.stale-after=PT1H -Dupsfleet.nut.idle-timeout=PT10M \
  -jar nut-server/target/quarkus-app/quarkus-run.jar > "$WORK/nut-server.log" 2>&1 &
NUT_PID=$!
PIDS+=($NUT_PID)
wait_port "$NUT_PORT" 90 || { say "nut-server did not start"; tail -30 "$WORK/nut-server.log" >&2; exit 1; }
sleep 2 # its MQTT subscriptions
say "nut-server (pid $NUT_PID) on $NUT_PORT; feeding $UNITS units through Mosquitto on $MQTT_PORT"
bench feed 127.0.0.1 "$MQTT_PORT" "$PREFIX" "$UNITS"
bench await 127.0.0.1 "$NUT_PORT" "$UNITS" 60
for kind in get list; do
  say "nut-server: $CLIENTS clients, $kind, ${WARMUP}+${SECONDS_EACH} s"
  bench load 127.0.0.1 "$NUT_PORT" "$PREFIX" "$UNITS" "$CLIENTS" "$WARMUP" "$SECONDS_EACH" "$kind" "$NUT_PID" nut-server >> "$RESULTS"
done
kill "$NUT_PID"; wait "$NUT_PID" 2>/dev/null || true

# ---------------------------------------------------------------- Debian's upsd with dummy-ups units
U="$WORK/upsd"
mkdir -p "$U"
chmod 755 "$U"
UPSD_PORT=$(free_port)
cat > "$U/bench.dev" <<'EOF'
device.mfr: upsfleet-bench
device.model: dummy
device.type: ups
ups.status: OL
ups.load: 30
ups.temperature: 28.0
ups.beeper.status: enabled
battery.charge: 97
battery.runtime: 2000
battery.voltage: 27.2
battery.voltage.nominal: 24.0
input.voltage: 229.8
input.voltage.fault: 140.0
input.frequency: 50.0
output.voltage: 230.0
EOF
for ((i = 1; i <= UPSD_UNITS; i++)); do printf '[%s%d]\n  driver = dummy-ups\n  port = bench.dev\n' "$PREFIX" "$i"; done > "$U/ups.conf"
printf 'LISTEN 127.0.0.1 %s\nMAXCONN %s\n' "$UPSD_PORT" $((CLIENTS + 100)) > "$U/upsd.conf"
: > "$U/upsd.users"
chmod 600 "$U"/*.conf "$U/upsd.users" "$U/bench.dev"
export NUT_CONFPATH="$U" NUT_STATEPATH="$U" NUT_ALTPIDPATH="$U"
say "starting $UPSD_UNITS dummy-ups drivers"
STARTERS=()
for ((i = 1; i <= UPSD_UNITS; i++)); do
  /lib/nut/dummy-ups -a "$PREFIX$i" -u root -B > /dev/null 2>&1 &   # each forks to the background once ready
  STARTERS+=($!)
done
wait "${STARTERS[@]}"
# upsd checks /run/nut for a running instance whatever NUT_ALTPIDPATH says: a mount namespace with an empty /run
unshare -m sh -c 'mount -t tmpfs upsd-run /run && mkdir -p /run/nut && exec /lib/nut/upsd -u root -F' > "$WORK/upsd.log" 2>&1 &
UPSD_PID=$!
PIDS+=($UPSD_PID)
wait_port "$UPSD_PORT" 30 || { say "upsd did not start"; cat "$WORK/upsd.log" >&2; exit 1; }
bench await 127.0.0.1 "$UPSD_PORT" "$UPSD_UNITS" 60
sleep 2 # every driver connected and dumped its data
DRIVERS_RSS=$(cat "$U"/dummy-ups-*.pid | xargs -I{} awk '/VmRSS/ {print $2}' /proc/{}/status | awk '{s += $1} END {print s}')
for kind in get list; do
  say "upsd: $CLIENTS clients, $kind, ${WARMUP}+${SECONDS_EACH} s"
  bench load 127.0.0.1 "$UPSD_PORT" "$PREFIX" "$UPSD_UNITS" "$CLIENTS" "$WARMUP" "$SECONDS_EACH" "$kind" "$UPSD_PID" upsd >> "$RESULTS"
done

# ---------------------------------------------------------------- the table
awk -F'\t' -v clients="$CLIENTS" -v drivers="$DRIVERS_RSS" -v summary="${BENCH_SUMMARY:-}" '
  { key = $1 "/" $2; rate[key] = $5; p50[key] = $6; p99[key] = $7; err[key] = $8;
    rssc[key] = ($10 - $9) / clients; cpu[key] = $11; units[$1] = $4; rssidle[$1] = $9 }
  END {
    printf "%-9s %-28s %12s %12s %8s\n", "kind", "figure", "nut-server", "upsd", "ratio"
    n = split("get list", kinds, " ")
    for (k = 1; k <= n; k++) {
      a = "nut-server/" kinds[k]; b = "upsd/" kinds[k]; name = (kinds[k] == "get" ? "GET VAR" : "LIST VAR")
      row(name, "requests/s", rate[a], rate[b], "%12.0f")
      row(name, "p50 ms", p50[a], p50[b], "%12.2f")
      row(name, "p99 ms", p99[a], p99[b], "%12.2f")
      row(name, "requests per server CPU-s", (cpu[a] > 0 ? rate[a] * '"$SECONDS_EACH"' / cpu[a] : 0), (cpu[b] > 0 ? rate[b] * '"$SECONDS_EACH"' / cpu[b] : 0), "%12.0f")
      row(name, "server RSS per client kB", rssc[a], rssc[b], "%12.1f")
      printf "%-9s %-28s %12d %12d\n", name, "errors", err[a], err[b]
    }
    printf "\nunits served: nut-server %d (from the bus), upsd %d dummy-ups (one driver each, together %d kB RSS); %d clients; idle RSS nut-server %d kB, upsd %d kB\n",
      units["nut-server"], units["upsd"], drivers, clients, rssidle["nut-server"], rssidle["upsd"]
    if (summary != "") {
      for (k = 1; k <= n; k++) {
        a = "nut-server/" kinds[k]; b = "upsd/" kinds[k]; m = (kinds[k] == "get" ? "get_var" : "list_var")
        printf "nut-server\t%s_rate\t%.0f\treq/s\tupsd\t%.0f\n", m, rate[a], rate[b] >> summary
        printf "nut-server\t%s_p99\t%.2f\tms\tupsd\t%.2f\n", m, p99[a], p99[b] >> summary
        printf "nut-server\t%s_rss_per_client\t%.1f\tkB\tupsd\t%.1f\n", m, rssc[a], rssc[b] >> summary
      }
    }
  }
  function row(kind, figure, x, y, fmt) {
    printf "%-9s %-28s " fmt " " fmt " %8s\n", kind, figure, x, y, (y > 0 ? sprintf("%.2f", x / y) : "-")
  }' "$RESULTS"
say "raw results (label kind clients units rate p50 p99 errors rss-before rss-with-clients cpu-s (JVM: rss + live-heap growth), live-heap growth):"
cat "$RESULTS" >&2
say "done in $(( $(date +%s) - STARTED )) s after the build"
