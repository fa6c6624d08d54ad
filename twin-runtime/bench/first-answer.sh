#!/usr/bin/env bash
# First answer from process start: the README's command (java -jar on the lambda jar) under several JVM flag
# sets, on JDK 17 and JDK 25, side by side with the course-style FastAPI twin (fastapi_twin.py; Debian
# python3-fastapi + python3-uvicorn, installed by this script when missing). Each figure is the median of N
# runs of "start the server, POST /api/chat until it answers", timed by first_answer.py (in-process polling
# every 2 ms; a curl per attempt costs tens of ms here). One unmeasured run of each warms the page cache.
# The class-data archive is made as the build makes it (ClassDataTraining under -XX:ArchiveClassesAtExit),
# once per JDK. Target: the twin's first answer at most 0.8x the FastAPI twin's.
# Usage: twin-runtime/bench/first-answer.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
JAR="$PWD/twin-runtime/target/twin-runtime-0.1.0-SNAPSHOT-lambda.jar"
[ -f "$JAR" ] || ./mvnw -q -pl twin-runtime -am -DskipTests package
if ! /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null; then
  apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn >/dev/null
fi
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
cp twin-runtime/bench/fastapi_twin.py "$WORK/"
mkdir -p "$WORK/fastapi" "$WORK/mem"
export TWIN_SITE_DIR="$PWD/site/src/main/resources/twin-site" TWIN_MEMORY_DIR="$WORK/mem"
TIMER="$PWD/twin-runtime/bench/first_answer.py"
measure() { # label, command...
  local label=$1; shift
  local times=() port
  port=$((20000 + RANDOM % 20000)); (cd "$WORK" && MEM="$WORK/fastapi" python3 "$TIMER" "$port" "$@" >/dev/null)
  for i in $(seq 1 "$RUNS"); do
    port=$((20000 + RANDOM % 20000))
    times+=("$(cd "$WORK" && MEM="$WORK/fastapi" python3 "$TIMER" "$port" "$@")")
  done
  local m; m=$(printf '%s\n' "${times[@]}" | median)
  if [ -z "${FASTAPI:-}" ]; then
    echo "$label: median $m ms (runs: ${times[*]}); target for the twin: <= $((m * 8 / 10)) ms"
  else
    echo "$label: median $m ms = $(awk -v a="$m" -v b="$FASTAPI" 'BEGIN {printf "%.2f", a / b}')x the FastAPI twin (runs: ${times[*]})"
  fi
  LAST=$m
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
FASTAPI=
measure "FastAPI twin ($(python3 --version), uvicorn)" /usr/bin/python3 -m uvicorn fastapi_twin:app --port '{port}' --log-level warning
FASTAPI=$LAST
for JAVA in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  [ -x "$(command -v "$JAVA")" ] || { echo "missing $JAVA"; continue; }
  echo "== $("$JAVA" -version 2>&1 | head -1)"
  JSA="$WORK/twin-$RANDOM.jsa"
  "$JAVA" -XX:ArchiveClassesAtExit="$JSA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off \
    -Xlog:cds+dynamic=off -cp "$JAR" dev.twin.runtime.local.ClassDataTraining >/dev/null
  measure "(no flags)" "$JAVA" -jar "$JAR"
  measure "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR"
  measure "+ the build's class-data archive (README)" "$JAVA" -XX:SharedArchiveFile="$JSA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR"
  measure "the archive, C2 and G1 (default JIT and GC)" "$JAVA" -XX:SharedArchiveFile="$JSA" -jar "$JAR"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
