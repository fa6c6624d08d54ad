#!/usr/bin/env bash
# Startup benchmark of the twin runtime (see docs/benchmarks/runtime.md).
#   1. size of the shaded lambda jar
#   2. fresh JVM: process start -> first POST /chat answered (offline model, local store), N runs, median
#   3. the Lambda handler's own init time (wiring) and first/second invocation, N runs, median
# Usage: twin-runtime/bench/startup.sh [runs] ; JAVA_OPTS="..." to try JVM flags.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-10}"
JAR=twin-runtime/target/twin-runtime-0.1.0-SNAPSHOT-lambda.jar
[ -f "$JAR" ] || ./mvnw -q -pl twin-runtime -am -DskipTests package
JAVA_OPTS="${JAVA_OPTS:-}"
# On a shared machine other builds skew wall-clock figures; NICE="nice -n -15" (root) gives the measured JVM priority.
NICE="${NICE:-}"
command -v curl >/dev/null || { echo "needs curl"; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }

echo "java: $(java -version 2>&1 | head -1)"
echo "JAVA_OPTS: ${JAVA_OPTS:-(none)}"
echo "lambda jar: $(stat -c %s "$JAR") bytes ($(awk "BEGIN {printf \"%.2f\", $(stat -c %s "$JAR")/1048576}") MiB)"

MEM=$(mktemp -d)
trap 'rm -rf "$MEM"' EXIT
times=(); cpus=()
for i in $(seq 1 "$RUNS"); do
  PORT=$((20000 + RANDOM % 20000))
  start=$(now_ms)
  # shellcheck disable=SC2086
  TWIN_PORT=$PORT TWIN_MEMORY_DIR="$MEM" $NICE java $JAVA_OPTS -jar "$JAR" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H 'Content-Type: application/json' \
      -d '{"message":"What do you do for work?"}' "http://127.0.0.1:$PORT/api/chat"; do
    sleep 0.01
    if ! kill -0 $pid 2>/dev/null; then echo "server died"; exit 1; fi
  done
  end=$(now_ms)
  # CPU time the server used until then (utime+stime, clock ticks): stable even on a busy machine
  read -r ut st < <(awk '{print $14, $15}' "/proc/$pid/stat")
  kill $pid; wait $pid 2>/dev/null || true
  times+=($((end - start)))
  cpus+=($(( (ut + st) * 1000 / $(getconf CLK_TCK) )))
done
echo "process start -> first POST /chat answer (ms, $RUNS runs): ${times[*]}"
echo "median: $(printf '%s\n' "${times[@]}" | median) ms wall; server CPU time until then: median $(printf '%s\n' "${cpus[@]}" | median) ms (runs: ${cpus[*]})"
echo "load average during the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

inits=(); firsts=(); seconds=(); mains=()
javac -d "$MEM/bench-classes" -cp "$JAR" twin-runtime/bench/HandlerInit.java
for i in $(seq 1 "$RUNS"); do
  # shellcheck disable=SC2086
  out=$(TWIN_MEMORY_DIR="$MEM" $NICE java $JAVA_OPTS -cp "$JAR:$MEM/bench-classes" HandlerInit 2>/dev/null | tail -1)
  read -r jvm init first second <<<"$out"
  mains+=("$jvm"); inits+=("$init"); firsts+=("$first"); seconds+=("$second")
done
echo "handler (ms, medians of $RUNS fresh JVMs): JVM start->main $(printf '%s\n' "${mains[@]}" | median)," \
  "init (new TwinHandler: wiring + one offline priming round) $(printf '%s\n' "${inits[@]}" | median)," \
  "first POST /chat event $(printf '%s\n' "${firsts[@]}" | median), second $(printf '%s\n' "${seconds[@]}" | median)"
