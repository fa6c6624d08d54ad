#!/usr/bin/env bash
# First answer from process start with the README's command, under several JVM flag sets, on JDK 17
# and JDK 25 (the flags the README and twin:run use are the best of these): the median of N runs of
# "start java -jar, POST /api/chat until it answers". AppCDS: -XX:+AutoCreateSharedArchive writes the
# archive on the first run (not counted) and maps it on every later one (JDK 19+; JDK 17 ignores it).
# Usage: twin-runtime/bench/first-answer.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
JAR=twin-runtime/target/twin-runtime-0.1.0-SNAPSHOT-lambda.jar
[ -f "$JAR" ] || ./mvnw -q -pl twin-runtime -am -DskipTests package
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }
MEM=$(mktemp -d); trap 'rm -rf "$MEM"' EXIT
first_answer() { # java, opts...
  local java=$1; shift
  local port=$((20000 + RANDOM % 20000)) start end pid
  start=$(now_ms)
  TWIN_PORT=$port TWIN_MEMORY_DIR="$MEM" "$java" "$@" -jar "$JAR" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H 'Content-Type: application/json' \
      -d '{"message":"What do you do for work?"}' "http://127.0.0.1:$port/api/chat"; do
    sleep 0.005
    kill -0 $pid 2>/dev/null || { echo "server died" >&2; return 1; }
  done
  end=$(now_ms); kill $pid; wait $pid 2>/dev/null || true
  echo $((end - start))
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for JAVA in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  [ -x "$(command -v "$JAVA")" ] || { echo "missing $JAVA"; continue; }
  echo "== $("$JAVA" -version 2>&1 | head -1)"
  CDS="$MEM/twin-$(basename "$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")").jsa"
  for FLAGS in "" "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+IgnoreUnrecognizedVMOptions -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$CDS"; do
    # shellcheck disable=SC2086
    first_answer "$JAVA" $FLAGS >/dev/null # warm the page cache (and write the CDS archive)
    times=()
    for i in $(seq 1 "$RUNS"); do
      # shellcheck disable=SC2086
      times+=("$(first_answer "$JAVA" $FLAGS)")
    done
    echo "${FLAGS:-(no flags)}: median $(printf '%s\n' "${times[@]}" | median) ms (runs: ${times[*]})"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
