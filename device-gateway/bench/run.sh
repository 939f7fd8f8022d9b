#!/usr/bin/env bash
# Gateway scale benchmark: one gateway polls N simulated TCP UPS units at a fixed interval and publishes
# every reading to the real Mosquitto. Reports polls/s (achieved vs. expected), poll slip, skipped polls,
# CPU and memory of the gateway process, and messages published vs produced.
#   usage: device-gateway/bench/run.sh [units=10000] [seconds=60] [interval=PT1S] [mode=journal|memory|file] [tls=off|on]
# mode journal (the default, durable): every message goes through the on-disk journal (group commit) before
# Paho; memory: Paho's in-memory offline buffer, no journal; file: Paho's file persistence, no journal.
# Env: UPSFLEET_BENCH_GATEWAY_JVM (the gateway's JVM options), UPSFLEET_BENCH_WARMUP (seconds),
# BENCH_SUMMARY (a file: tab-separated lines component, metric, value, unit, anchor name, anchor value are
# appended to it, for scripts/bench.sh).
# tls=on: the gateway publishes over TLS with a broker user (the shipped broker's way, a private CA from
# scripts/make-certs.sh); scripts/bench.sh runs it off and on and prints the change of CPU per poll.
# Needs: a build (mvn -B package -DskipTests) and the mosquitto binary (the benchmark runs its own broker on
# 127.0.0.1:18883, so the fleet's retained messages never land on a shared one).
set -euo pipefail
cd "$(dirname "$0")/../.."
UNITS=${1:-10000}
SECONDS_MEASURED=${2:-60}
INTERVAL=${3:-PT1S}
MODE=${4:-journal}
case "$MODE" in
  journal) MODE_OPTS=(-Dupsfleet.gateway.journal.enabled=true -Dupsfleet.gateway.mqtt.persistence=memory) ;;
  memory|file) MODE_OPTS=(-Dupsfleet.gateway.journal.enabled=false -Dupsfleet.gateway.mqtt.persistence="$MODE") ;;
  *) echo "mode must be journal, memory or file, not $MODE" >&2; exit 2 ;;
esac
TLS=${5:-off}
case "$TLS" in off|on) ;; *) echo "tls must be off or on, not $TLS" >&2; exit 2 ;; esac
GW_JVM=${UPSFLEET_BENCH_GATEWAY_JVM:--Xmx1g}
BASE_PORT=${UPSFLEET_BENCH_BASE_PORT:-20001}
GW_PORT=${UPSFLEET_BENCH_GATEWAY_PORT:-18483}
WORK=device-gateway/target/bench
SIM_JAR=ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar
GW_JAR=device-gateway/target/quarkus-app/quarkus-run.jar
[ -f "$SIM_JAR" ] && [ -f "$GW_JAR" ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
rm -rf "$WORK" && mkdir -p "$WORK"

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# Each unit costs the simulator two file descriptors; split the fleet so no process hits its limit.
PER_SIM=${UPSFLEET_BENCH_UNITS_PER_SIMULATOR:-4000}
SIM_PIDS=()
: >"$WORK/fleet.csv"
first=1; port=$BASE_PORT; n=0
while [ "$first" -le "$UNITS" ]; do
  count=$(( UNITS - first + 1 < PER_SIM ? UNITS - first + 1 : PER_SIM ))
  echo "starting simulator $n: units $first..$((first + count - 1)) from port $port"
  java -Xmx512m -jar "$SIM_JAR" --units "$count" --first-index "$first" --base-port "$port" --control-port $((18100 + n)) \
    --id-prefix bench- --fleet-file "$WORK/fleet-$n.csv" >"$WORK/simulator-$n.log" 2>&1 &
  PIDS+=($!); SIM_PIDS+=($!)
  for _ in $(seq 1 600); do [ -s "$WORK/fleet-$n.csv" ] && break; sleep 0.1; done
  [ -s "$WORK/fleet-$n.csv" ] || { echo "simulator $n did not start, see $WORK/simulator-$n.log" >&2; exit 1; }
  grep -v '^#' "$WORK/fleet-$n.csv" >>"$WORK/fleet.csv"
  last_port=$(tail -n 1 "$WORK/fleet-$n.csv" | sed 's/.*://')
  port=$((last_port + 1)); first=$((first + count)); n=$((n + 1))
done
SIM_PID=${SIM_PIDS[0]}

# A broker of its own: the fleet's retained status and identity messages must not stay on a shared one.
BENCH_MQTT_PORT=${UPSFLEET_BENCH_MQTT_PORT:-18883}
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$MOSQUITTO" ] || { echo "the benchmark starts its own Mosquitto: apt-get install mosquitto" >&2; exit 1; }
BENCH_MQTTS_PORT=${UPSFLEET_BENCH_MQTTS_PORT:-18884}
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n' "$BENCH_MQTT_PORT" >"$WORK/mosquitto.conf"
if [ "$TLS" != off ]; then
  # A TLS listener with a password file, like the shipped broker's 8883 (per_listener_settings: the plain
  # listener stays anonymous for nothing else here).
  bash scripts/make-certs.sh "$WORK/certs" >/dev/null
  : >"$WORK/passwd"; mosquitto_passwd -b "$WORK/passwd" gateway bench-gateway-password
  chmod 755 "$WORK" "$WORK/certs"; chmod 644 "$WORK/passwd"
  printf 'per_listener_settings true\nlistener %s 127.0.0.1\nallow_anonymous true\nlistener %s 127.0.0.1\nallow_anonymous false\npassword_file %s\ncafile %s\ncertfile %s\nkeyfile %s\ntls_version tlsv1.2\npersistence false\nmax_queued_messages 100000\n' \
    "$BENCH_MQTT_PORT" "$BENCH_MQTTS_PORT" "$WORK/passwd" "$WORK/certs/ca.crt" "$WORK/certs/server.crt" "$WORK/certs/server.key" >"$WORK/mosquitto.conf"
fi
"$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
PIDS+=($!)
sleep 0.5

MQTT_OPTS=(-Dupsfleet.mqtt.port="$BENCH_MQTT_PORT")
if [ "$TLS" = on ]; then
  MQTT_OPTS=(-Dupsfleet.mqtt.host=localhost -Dupsfleet.mqtt.port="$BENCH_MQTTS_PORT" -Dupsfleet.mqtt.tls=true
    -Dupsfleet.mqtt.ca-file="$WORK/certs/ca.crt" -Dupsfleet.mqtt.username=gateway -Dupsfleet.mqtt.password=bench-gateway-password)
fi
echo "starting gateway (poll interval $INTERVAL, mode $MODE, MQTT TLS $TLS, JVM $GW_JVM)"
# shellcheck disable=SC2086
java $GW_JVM -Dquarkus.http.port=$GW_PORT -Dupsfleet.gateway.id=gw-bench "${MQTT_OPTS[@]}" \
  -Dupsfleet.gateway.fleet-file="$WORK/fleet.csv" -Dupsfleet.gateway.defaults.poll-interval="$INTERVAL" \
  "${MODE_OPTS[@]}" -Dupsfleet.gateway.mqtt.persistence-dir="$WORK/mqtt" -Dupsfleet.gateway.journal.dir="$WORK/journal" \
  -Dquarkus.log.category.\"io.upsfleet\".level=WARN \
  -jar "$GW_JAR" >"$WORK/gateway-$MODE.log" 2>&1 &
PIDS+=($!); GW_PID=$!

metric() { # name-with-labels-regex
  local all
  all=$(curl -fsS "http://127.0.0.1:$GW_PORT/q/metrics")
  awk -v re="^$1 " '$0 ~ re {print $NF; exit}' <<<"$all"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sim_ticks() { local t=0 p; for p in "${SIM_PIDS[@]}"; do t=$((t + $(cpu_ticks "$p"))); done; echo $t; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$GW_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
WARMUP=${UPSFLEET_BENCH_WARMUP:-30}
echo "warming up $WARMUP s (start-up connects every unit at once)"
sleep "$WARMUP"
HZ=$(getconf CLK_TCK)
ok0=$(metric 'upsfleet_gateway_polls_total[{]result="ok"[}]'); skip0=$(metric 'upsfleet_gateway_polls_skipped_total')
bad0=$(( $(metric 'upsfleet_gateway_polls_total[{]result="timeout"[}]' | cut -d. -f1) + $(metric 'upsfleet_gateway_polls_total[{]result="link_error"[}]' | cut -d. -f1) ))
pub0=$(metric 'upsfleet_gateway_mqtt_published_total'); prod0=$(metric 'upsfleet_gateway_mqtt_produced_total')
cpu0=$(cpu_ticks $GW_PID); simcpu0=$(sim_ticks); t0=$(date +%s.%N)
echo "measuring $SECONDS_MEASURED s"
sleep "$SECONDS_MEASURED"
ok1=$(metric 'upsfleet_gateway_polls_total[{]result="ok"[}]'); skip1=$(metric 'upsfleet_gateway_polls_skipped_total')
bad1=$(( $(metric 'upsfleet_gateway_polls_total[{]result="timeout"[}]' | cut -d. -f1) + $(metric 'upsfleet_gateway_polls_total[{]result="link_error"[}]' | cut -d. -f1) ))
pub1=$(metric 'upsfleet_gateway_mqtt_published_total'); prod1=$(metric 'upsfleet_gateway_mqtt_produced_total')
if [ "$MODE" = journal ]; then
  jbytes=$(metric 'upsfleet_gateway_journal_bytes'); jwritten=$(metric 'upsfleet_gateway_journal_written_bytes_total')
  jappended=$(metric 'upsfleet_gateway_journal_appended_total'); jcommits=$(metric 'upsfleet_gateway_journal_commits_total')
  jbacklog=$(metric 'upsfleet_gateway_journal_backlog'); jraw=$(metric 'upsfleet_gateway_journal_appended_bytes_total')
else
  jbytes=0; jwritten=0; jappended=0; jcommits=0; jbacklog=0; jraw=0
fi
cpu1=$(cpu_ticks $GW_PID); simcpu1=$(sim_ticks); t1=$(date +%s.%N)
slip50=$(metric 'upsfleet_gateway_poll_slip_milliseconds[{]quantile="0.5"[}]')
slip99=$(metric 'upsfleet_gateway_poll_slip_milliseconds[{]quantile="0.99"[}]')
slipmax=$(metric 'upsfleet_gateway_poll_slip_milliseconds_max')
queue=$(metric 'upsfleet_gateway_mqtt_queue_size')
heap=$(curl -fsS "http://127.0.0.1:$GW_PORT/q/metrics" | cat | awk '/^jvm_memory_used_bytes[{]area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')

awk -v u="$UNITS" -v iv="$INTERVAL" -v el="$(echo "$t1 - $t0" | bc)" -v ok="$(echo "$ok1 - $ok0" | bc)" \
    -v sk="$(echo "$skip1 - $skip0" | bc)" -v bad="$((bad1 - bad0))" -v pub="$(echo "$pub1 - $pub0" | bc)" \
    -v cpu="$((cpu1 - cpu0))" -v scpu="$((simcpu1 - simcpu0))" -v hz="$HZ" -v rss="$(rss_mb $GW_PID)" -v heap="$heap" \
    -v s50="$slip50" -v s99="$slip99" -v smax="$slipmax" -v q="$queue" -v pers="$MODE" -v prod="$(echo "$prod1 - $prod0" | bc)" \
    -v jbytes="$jbytes" -v jwritten="$jwritten" -v jappended="$jappended" -v jcommits="$jcommits" -v jbacklog="$jbacklog" -v jraw="$jraw" \
    -v summary="${BENCH_SUMMARY:-}" -v tls="$TLS" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  secs = iv; gsub(/[^0-9.]/, "", secs); expected = u / secs;
  printf "\n== device-gateway benchmark: %d units, interval %s, %d cores, mode %s, load average %s ==\n", u, iv, '"$(nproc)"', pers, loadavg
  printf "%-34s %12.0f\n", "expected polls/s", expected
  printf "%-34s %12.0f  (%.1f %% of expected)\n", "good polls/s", ok/el, 100*ok/el/expected
  printf "%-34s %12.0f\n", "messages produced/s", prod/el
  printf "%-34s %12.0f  (%.2f %% of produced)\n", "MQTT messages published/s", pub/el, (prod > 0 ? 100*pub/prod : 0)
  printf "%-34s %12d\n", "skipped polls (line still busy)", sk
  printf "%-34s %12d\n", "timeouts + link errors", bad
  printf "%-34s %12s / %s / %s ms\n", "poll slip p50 / p99 (last 30 s) / max", s50, s99, smax
  printf "%-34s %12.0f %%  (of one core; %d cores = %d %%)\n", "gateway CPU", 100*cpu/hz/el, '"$(nproc)"', 100*'"$(nproc)"'
  printf "%-34s %12.0f %%\n", "simulators CPU (same machine)", 100*scpu/hz/el
  printf "%-34s %12d MB (heap used %d MB)\n", "gateway RSS", rss, heap
  printf "%-34s %12d\n", "MQTT queue at end", q
  printf "%-34s %12.3f\n", "gateway CPU ms per good poll", 1000*cpu/hz/ok
  if (pers == "journal") {
    printf "%-34s %12.1f  (message itself: %.1f bytes; %.0f fsyncs/s since start)\n", "journal bytes per message", (jappended > 0 ? jwritten/jappended : 0), (jappended > 0 ? jraw/jappended : 0), jcommits/(el+'"$WARMUP"')
    printf "%-34s %12d bytes, %d messages not yet acknowledged\n", "journal at end", jbytes, jbacklog
  }
  if (summary != "") {
    c = "device-gateway"; m = " (" pers (tls == "on" ? ", TLS" : "") ", " u " units @ " iv ")"
    printf "%s\tCPU ms per good poll%s\t%.4f\tms\t-\t-\n", c, m, 1000*cpu/hz/ok >> summary
    printf "%s\tpublished/s%s\t%.0f\tmsg/s\tproduced/s\t%.0f\n", c, m, pub/el, prod/el >> summary
    printf "%s\tgood polls/s%s\t%.0f\tpolls/s\texpected polls/s\t%.0f\n", c, m, ok/el, expected >> summary
    printf "%s\tCPU%s\t%.0f\t%% of a core\tgoal\t100\n", c, m, 100*cpu/hz/el >> summary
    printf "%s\tRSS%s\t%d\tMB\tgoal\t300\n", c, m, rss >> summary
    if (pers == "journal" && jappended > 0) {
      printf "%s\tjournal bytes per message%s\t%.1f\tbytes\ttopic+JSON bytes per message\t%.1f\n", c, m, jwritten/jappended, jraw/jappended >> summary
    }
  }
}'
