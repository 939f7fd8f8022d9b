#!/usr/bin/env bash
# Gateway vs NUT, side by side in one run on the same simulated units: CPU-seconds per 1,000 polls and RSS
# per UPS of device-gateway, and of Debian's NUT (one nutdrv_qx driver process per unit, protocol megatec,
# pollinterval 1 s, on the simulator's ptys, plus upsd).
#
#   bash device-gateway/bench/vs-nut.sh [units=50] [seconds=60]
#
# Env: UPSFLEET_BENCH_WARMUP (20 s before each window), UPSFLEET_BENCH_GATEWAY_JAVA_OPTS (JVM options of the
# gateway, e.g. -XX:TieredStopAtLevel=1).
# A "poll" is one request the simulator answered (its per-unit request counter, read before and after the
# window), so both sides are counted the same way whatever they ask. The two stacks run one after the
# other, never together. Not counted on either side: the simulator, the socat processes that make its
# ptys (NUT's stand-in for a serial port), the gateway's broker. Needs nut-server (upsd, nutdrv_qx),
# socat and mosquitto: `bash scripts/ensure-infra.sh` installs them. Builds what it needs from the
# repository root (a clean clone works).
set -euo pipefail
cd "$(dirname "$0")/../.."
UNITS=${1:-50}
SECONDS_MEASURED=${2:-60}
WARMUP=${UPSFLEET_BENCH_WARMUP:-20}
WORK=$PWD/device-gateway/target/bench-vs-nut
SIM_JAR=ups-simulator/target/ups-simulator-0.1.0-SNAPSHOT-runner.jar
GW_JAR=device-gateway/target/quarkus-app/quarkus-run.jar
BASE_PORT=${UPSFLEET_BENCH_BASE_PORT:-21001}
CONTROL_PORT=${UPSFLEET_BENCH_CONTROL_PORT:-18190}
UPSD_PORT=${UPSFLEET_BENCH_UPSD_PORT:-13493}
MQTT_PORT=${UPSFLEET_BENCH_MQTT_PORT:-18884}
GW_PORT=${UPSFLEET_BENCH_GATEWAY_PORT:-18484}
NUT=/lib/nut
fail() { echo "vs-nut bench: $*" >&2; exit 1; }

for tool in socat mosquitto curl jq; do command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/ensure-infra.sh"; done
[ -x $NUT/nutdrv_qx ] && [ -x $NUT/upsd ] || fail "Debian's nut-server (upsd, nutdrv_qx) is missing: run scripts/ensure-infra.sh"
if [ ! -f "$SIM_JAR" ] || [ ! -f "$GW_JAR" ]; then
  echo "building ups-simulator and device-gateway (package, tests skipped)..."
  mvn -B -q -ntp -pl ups-simulator,device-gateway -am package -DskipTests || fail "the build failed"
fi
rm -rf "$WORK" && mkdir -p "$WORK/nut/conf" "$WORK/nut/state" "$WORK/pty"
chmod 0700 "$WORK/nut/state"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

PIDS=()
stop_all() { for p in "$@"; do kill "$p" 2>/dev/null || true; done; for p in "$@"; do wait "$p" 2>/dev/null || true; done; }
trap 'stop_all "${PIDS[@]}"' EXIT
# CPU time in nanoseconds, summed over every thread (/proc/<pid>/task/*/schedstat): clock ticks of
# /proc/<pid>/stat are too coarse for dozens of driver processes that each use a few milliseconds.
cpu_ns() { local p; for p in "$@"; do cat /proc/"$p"/task/*/schedstat 2>/dev/null; done | awk '{ s += $1 } END { printf "%.0f", s }'; }
rss_kb() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }
requests() { curl -fsS "http://127.0.0.1:$CONTROL_PORT/units" | jq '[.[] | .requests] | add'; }

echo "starting the simulator: $UNITS units on TCP and as ptys"
java -Xmx512m -jar "$SIM_JAR" --units "$UNITS" --base-port "$BASE_PORT" --control-port "$CONTROL_PORT" \
  --id-prefix sim- --fleet-file "$WORK/fleet.csv" --pty-dir "$WORK/pty" --pty-units "$UNITS" >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!; PIDS+=($SIM_PID)
for _ in $(seq 1 600); do [ -s "$WORK/fleet.csv" ] && [ -e "$WORK/pty/sim-$UNITS" ] && break; sleep 0.1; done
[ -e "$WORK/pty/sim-$UNITS" ] || fail "the simulator did not make its ptys, see $WORK/simulator.log"
curl -fsS "http://127.0.0.1:$CONTROL_PORT/units" >/dev/null || fail "the simulator's control API does not answer"

measure() { # label pid... : warm up, then CPU time, requests answered and RSS over the window
  local label=$1; shift
  echo "$label: warming up $WARMUP s, measuring $SECONDS_MEASURED s"
  sleep "$WARMUP"
  local r0 c0 r1 c1
  r0=$(requests); c0=$(cpu_ns "$@")
  sleep "$SECONDS_MEASURED"
  r1=$(requests); c1=$(cpu_ns "$@")
  echo "$((r1 - r0)) $((c1 - c0)) $(rss_kb "$@") $#"
}

# --- NUT: one nutdrv_qx per unit + upsd --------------------------------------------------------------
export NUT_CONFPATH=$WORK/nut/conf NUT_STATEPATH=$WORK/nut/state
: >"$NUT_CONFPATH/ups.conf"
for i in $(seq 1 "$UNITS"); do
  printf '[sim%d]\n  driver = nutdrv_qx\n  port = %s\n  protocol = megatec\n  pollinterval = 1\n  desc = "simulated unit %d"\n' \
    "$i" "$WORK/pty/sim-$i" "$i" >>"$NUT_CONFPATH/ups.conf"
done
printf 'LISTEN 127.0.0.1 %s\nMAXAGE 15\n' "$UPSD_PORT" >"$NUT_CONFPATH/upsd.conf"
: >"$NUT_CONFPATH/upsd.users"
printf 'MODE=standalone\n' >"$NUT_CONFPATH/nut.conf"
chmod 0640 "$NUT_CONFPATH"/*
NUT_PIDS=()
echo "starting $UNITS nutdrv_qx drivers and upsd (127.0.0.1:$UPSD_PORT)"
for i in $(seq 1 "$UNITS"); do
  $NUT/nutdrv_qx -a "sim$i" -u root -F >"$WORK/nut/driver-$i.log" 2>&1 &
  NUT_PIDS+=($!); PIDS+=($!)
done
sleep 2
$NUT/upsd -u root -F >"$WORK/nut/upsd.log" 2>&1 &
NUT_PIDS+=($!); PIDS+=($!)
for _ in $(seq 1 60); do upsc "sim$UNITS@127.0.0.1:$UPSD_PORT" ups.status >/dev/null 2>&1 && break; sleep 1; done
upsc "sim1@127.0.0.1:$UPSD_PORT" ups.status >/dev/null 2>&1 \
  || fail "upsd does not serve sim1: see $WORK/nut/driver-1.log and $WORK/nut/upsd.log"
read -r NUT_REQ NUT_NS NUT_RSS NUT_PROCS <<<"$(measure NUT "${NUT_PIDS[@]}" | tail -n 1)"
stop_all "${NUT_PIDS[@]}"

# --- device-gateway ------------------------------------------------------------------------------------
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n' "$MQTT_PORT" >"$WORK/mosquitto.conf"
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
PIDS+=($!)
sleep 0.5
echo "starting device-gateway (poll interval PT1S, its default settings otherwise)"
java ${UPSFLEET_BENCH_GATEWAY_JAVA_OPTS:-} -Dquarkus.http.port=$GW_PORT -Dupsfleet.gateway.id=gw-vs-nut -Dupsfleet.mqtt.port="$MQTT_PORT" \
  -Dupsfleet.gateway.fleet-file="$WORK/fleet.csv" -Dupsfleet.gateway.defaults.poll-interval=PT1S -Dupsfleet.gateway.journal.dir="$WORK/journal" \
  -Dquarkus.log.category.\"io.upsfleet\".level=WARN -jar "$GW_JAR" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!; PIDS+=($GW_PID)
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$GW_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$GW_PORT/q/health/ready" >/dev/null 2>&1 || fail "the gateway did not become ready, see $WORK/gateway.log"
read -r GW_REQ GW_NS GW_RSS _ <<<"$(measure device-gateway "$GW_PID" | tail -n 1)"

[ "$NUT_REQ" -gt 0 ] && [ "$GW_REQ" -gt 0 ] || fail "no polls counted (NUT $NUT_REQ, gateway $GW_REQ)"
[ "$NUT_NS" -gt 0 ] && [ "$GW_NS" -gt 0 ] || fail "no CPU time measured (NUT $NUT_NS ns, gateway $GW_NS ns)"
awk -v u="$UNITS" -v s="$SECONDS_MEASURED" -v nr="$NUT_REQ" -v nt="$NUT_NS" -v nrss="$NUT_RSS" \
    -v np="$NUT_PROCS" -v gr="$GW_REQ" -v gt="$GW_NS" -v grss="$GW_RSS" -v summary="${BENCH_SUMMARY:-}" 'BEGIN {
  ncpu = 1000 * nt / 1e9 / nr; gcpu = 1000 * gt / 1e9 / gr
  printf "\n== device-gateway vs NUT: %d units, poll interval 1 s, %d s measured, %d cores ==\n", u, s, '"$(nproc)"'
  printf "%-36s %14s %14s %8s\n", "", "device-gateway", "NUT", "gw/NUT"
  printf "%-36s %14.1f %14.1f %8.2f\n", "polls answered per second", gr / s, nr / s, (gr / s) / (nr / s)
  printf "%-36s %14.3f %14.3f %8.2f\n", "CPU-seconds per 1,000 polls", gcpu, ncpu, gcpu / ncpu
  printf "%-36s %14.1f %14.1f %8.2f\n", "RSS per UPS (MB)", grss / 1024 / u, nrss / 1024 / u, (grss / u) / (nrss / u)
  printf "%-36s %14d %14d\n", "processes", 1, np
  if (summary != "") {
    printf "gateway-vs-nut\tCPU-s per 1,000 polls, %d units\t%.3f\ts\tNUT nutdrv_qx+upsd\t%.3f\n", u, gcpu, ncpu >> summary
    printf "gateway-vs-nut\tRSS per UPS, %d units\t%.2f\tMB\tNUT nutdrv_qx+upsd\t%.2f\n", u, grss / 1024 / u, nrss / 1024 / u >> summary
  }
}'
