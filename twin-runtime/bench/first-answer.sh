#!/usr/bin/env bash
# First answer from process start with the README's command, under several JVM flag sets, on JDK 17
# and JDK 25 (the flags the README and twin:run use are the best of these): the median of N runs of
# "start java -jar, POST /api/chat until it answers". AppCDS: -XX:+AutoCreateSharedArchive writes the
# archive on the first run (not counted) and maps it on every later one (JDK 19+; JDK 17 ignores it).
# In the same run, the course-style FastAPI twin (fastapi_twin.py; Debian python3-fastapi + python3-uvicorn,
# installed by this script when missing) started with uvicorn, timed the same way: the target is the twin's
# first answer at most 0.8x the FastAPI twin's.
# Usage: twin-runtime/bench/first-answer.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
JAR=twin-runtime/target/twin-runtime-0.1.0-SNAPSHOT-lambda.jar
[ -f "$JAR" ] || ./mvnw -q -pl twin-runtime -am -DskipTests package
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }
MEM=$(mktemp -d); trap 'rm -rf "$MEM"' EXIT
first_answer() { # java, opts... (or "fastapi")
  local java=$1; shift
  local port=$((20000 + RANDOM % 20000)) start end pid
  start=$(now_ms)
  if [ "$java" = fastapi ]; then
    (cd "$MEM" && MEM="$MEM/fastapi" exec /usr/bin/python3 -m uvicorn fastapi_twin:app --port "$port" --log-level warning) >/dev/null 2>&1 &
  else
    TWIN_PORT=$port TWIN_MEMORY_DIR="$MEM" "$java" "$@" -jar "$JAR" >/dev/null 2>&1 &
  fi
  pid=$!
  until curl -sf -o /dev/null -H 'Content-Type: application/json' \
      -d '{"message":"What do you do for work?"}' "http://127.0.0.1:$port/api/chat"; do
    sleep 0.005
    kill -0 $pid 2>/dev/null || { echo "server died" >&2; return 1; }
  done
  end=$(now_ms); kill $pid; wait $pid 2>/dev/null || true
  echo $((end - start))
}
if ! /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null; then
  apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn >/dev/null
fi
cp twin-runtime/bench/fastapi_twin.py "$MEM/"
mkdir -p "$MEM/fastapi"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
first_answer fastapi >/dev/null # warm the page cache
times=()
for i in $(seq 1 "$RUNS"); do times+=("$(first_answer fastapi)"); done
FASTAPI=$(printf '%s\n' "${times[@]}" | median)
echo "== FastAPI twin ($(/usr/bin/python3 --version), uvicorn): median $FASTAPI ms (runs: ${times[*]}); target for the twin: <= $((FASTAPI * 8 / 10)) ms"
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
    m=$(printf '%s\n' "${times[@]}" | median)
    echo "${FLAGS:-(no flags)}: median $m ms = $(awk -v a="$m" -v b="$FASTAPI" 'BEGIN {printf "%.2f", a / b}')x the FastAPI twin (runs: ${times[*]})"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
