#!/usr/bin/env bash
# Streaming benchmarks (docs/BENCHMARKS.md, "Streaming replies"):
#   1. model's first token -> first delta byte at a raw-socket client of the dev server
#   2. the same through the Lambda front (function URL event, streaming output)
#   3. warm POST /api/chat over one kept-alive connection: the twin (offline model, local store)
#      and a course-style FastAPI twin (Debian python3-fastapi + python3-uvicorn, installed here
#      with apt-get when missing; stand-in model, JSON files on disk) in the same run
# Usage: twin-runtime/bench/stream.sh [turns]
set -euo pipefail
cd "$(dirname "$0")/../.."
TURNS="${1:-300}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
./mvnw -B -q -o -pl twin-runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/stream-bench.classpath -Dmdep.includeScope=test
CP="twin-runtime/target/test-classes:twin-runtime/target/classes:twin-contract/target/classes:$(cat twin-runtime/target/stream-bench.classpath)"
java -cp "$CP" dev.twin.runtime.local.StreamBench "$TURNS"

if ! /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null; then
  apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn >/dev/null
fi
APP=$(mktemp -d)
trap 'kill $UV 2>/dev/null || true; rm -rf "$APP"' EXIT
cat > "$APP/server.py" <<'PY'
# A course-style twin: FastAPI, a stand-in model (fixed answer), conversations as JSON files.
import json, os, uuid
from fastapi import FastAPI
from pydantic import BaseModel
app = FastAPI()
MEM = os.environ["MEM"]
class ChatRequest(BaseModel):
    message: str
    session_id: str | None = None
@app.post("/api/chat")
def chat(req: ChatRequest):
    sid = req.session_id or str(uuid.uuid4())
    path = os.path.join(MEM, sid + ".json")
    history = json.load(open(path)) if os.path.exists(path) else []
    answer = "I design small, sturdy software and write about it."
    history += [{"role": "user", "content": req.message}, {"role": "assistant", "content": answer}]
    json.dump(history, open(path, "w"))
    return {"response": answer, "session_id": sid}
PY
mkdir -p "$APP/mem"
PORT=$((20000 + RANDOM % 20000))
(cd "$APP" && MEM="$APP/mem" /usr/bin/python3 -m uvicorn server:app --port "$PORT" --log-level warning) &
UV=$!
until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"message":"hi"}' "http://127.0.0.1:$PORT/api/chat"; do sleep 0.1; done
java -cp "$CP" dev.twin.runtime.local.StreamBench "$TURNS" "http://127.0.0.1:$PORT/api/chat"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
