# A course-style twin for side-by-side benchmarks (stream.sh, first-answer.sh): FastAPI, a stand-in
# model (a fixed answer), conversations as JSON files in $MEM. Run: MEM=dir python3 -m uvicorn fastapi_twin:app
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
