"""Starts a chat server and times its first answer: from just before the process is started to the
end of the first 200 answer to POST /api/chat. Polls in-process every 2 ms (a curl per attempt costs
tens of milliseconds here and would blur the figure). Prints the milliseconds.

Usage: python3 first_answer.py PORT CMD [ARG...]   (the server reads its port from TWIN_PORT, or
CMD contains {port})."""
import http.client
import os
import subprocess
import sys
import time

port = int(sys.argv[1])
cmd = [a.replace("{port}", str(port)) for a in sys.argv[2:]]
body = b'{"message":"What do you do for work?"}'
env = dict(os.environ, TWIN_PORT=str(port))
start = time.monotonic()
proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        if proc.poll() is not None:
            sys.exit("server died: " + " ".join(cmd))
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("POST", "/api/chat", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                break
        except OSError:
            pass
        time.sleep(0.002)
    print(round((time.monotonic() - start) * 1000))
finally:
    proc.terminate()
    proc.wait()
