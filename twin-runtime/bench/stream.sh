#!/usr/bin/env bash
# Streaming benchmarks (docs/BENCHMARKS.md, "Streaming replies"):
#   1. model's first token -> first delta byte at a raw-socket client of the dev server
#   2. the same through the Lambda front (function URL event, streaming output)
#   3. warm POST /api/chat over one kept-alive connection: the twin in-process (offline model, local store)
#      and a course-style FastAPI twin (Debian python3-fastapi + python3-uvicorn, installed here
#      with apt-get when missing; stand-in model, JSON files on disk) in the same run, and the twin
#      as the README's command runs it (its own JVM, C1 + Serial GC) over the same client
# Usage: [WARM_ONLY=1] [ROUNDS=5] twin-runtime/bench/stream.sh [turns]
set -euo pipefail
cd "$(dirname "$0")/../.."
TURNS="${1:-300}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
./mvnw -B -q -o -pl twin-runtime -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/stream-bench.classpath -Dmdep.includeScope=test
CP="twin-runtime/target/test-classes:twin-runtime/target/classes:twin-contract/target/classes:$(cat twin-runtime/target/stream-bench.classpath)"
# WARM_ONLY=1: only the side-by-side warm turns (3.)
[ -n "${WARM_ONLY:-}" ] || java -cp "$CP" dev.twin.runtime.local.StreamBench "$TURNS"

if ! /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null; then
  apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn >/dev/null
fi
APP=$(mktemp -d)
trap 'kill $UV $TWIN 2>/dev/null || true; rm -rf "$APP"' EXIT
cp twin-runtime/bench/fastapi_twin.py "$APP/"
mkdir -p "$APP/mem"
PORT=$((20000 + RANDOM % 20000))
(cd "$APP" && MEM="$APP/mem" /usr/bin/python3 -m uvicorn fastapi_twin:app --port "$PORT" --log-level warning) &
UV=$!
until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"message":"hi"}' "http://127.0.0.1:$PORT/api/chat"; do sleep 0.1; done

# the twin as an owner runs it: the README's command in its own JVM, answered over the same client
TPORT=$((20000 + RANDOM % 20000))
mkdir -p "$APP/twin-mem"
TWIN_PORT=$TPORT TWIN_MEMORY_DIR="$APP/twin-mem" TWIN_RATE_LIMIT_IP_PER_MINUTE=0 \
  TWIN_RATE_LIMIT_SESSION_PER_MINUTE=0 TWIN_DAILY_MODEL_CALLS=0 TWIN_DAILY_MODEL_TOKENS=0 \
  java -XX:SharedArchiveFile=twin-runtime/target/twin-runtime.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -jar "$PWD/twin-runtime/target/twin-runtime-0.1.0-SNAPSHOT-lambda.jar" >/dev/null &
TWIN=$!
until curl -sf -o /dev/null "http://127.0.0.1:$TPORT/api/health"; do sleep 0.1; done

# both servers run side by side; rounds alternate between them so that a noisy stretch of the machine
# falls on both alike (ROUNDS=5 by default)
for round in $(seq 1 "${ROUNDS:-5}"); do
  echo "-- round $round"
  java -cp "$CP" dev.twin.runtime.local.StreamBench "$TURNS" "http://127.0.0.1:$PORT/api/chat" | sed 's/^/FastAPI twin: /'
  java -cp "$CP" dev.twin.runtime.local.StreamBench "$TURNS" "http://127.0.0.1:$TPORT/api/chat" | sed 's/^/twin (README command): /'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
