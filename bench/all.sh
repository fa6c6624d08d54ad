#!/usr/bin/env bash
# Reproduces every figure in docs/BENCHMARKS.md in one run, one benchmark after the other (never in parallel:
# they would measure each other). Each benchmark's full output goes to target/bench-all/<name>.txt and the
# summary (with the machine, JDK and load average) to target/bench-all/SUMMARY.md.
#
#   bench/all.sh                 # everything, default sizes (about 25-35 minutes on 2 cores)
#   QUICK=1 bench/all.sh         # fewer runs and smaller sizes, to check the scripts work (a few minutes)
#   ONLY="load publish" bench/all.sh   # a subset: startup warm-turn synth publish render guard load e2e
#                                       # stream first-answer priming regions
#   PRIO="chrt -f 10" bench/all.sh     # (root) real-time priority for the measured JVMs, on a shared machine
#
# Needs what the build needs (JDK 17+, Node 20) plus curl, python3 and, for the publish comparison only, the
# AWS CLI (Debian: apt-get install -y awscli); without the CLI that benchmark is skipped and says so.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="$ROOT/target/bench-all"
mkdir -p "$OUT"
QUICK="${QUICK:-}"
ONLY="${ONLY:-startup warm-turn synth publish render guard load e2e stream first-answer priming regions}"
export PRIO="${PRIO:-}"

if [ -n "$QUICK" ]; then
  STARTUP_RUNS=3; WARM_ARGS="300 300 20"; SYNTH_ARGS="1 2"; PUBLISH_ENV="ROUNDS=1 FILES=200"
  LOAD_ARGS="10 5"; GUARD_ARGS=""; STREAM_ARGS="ROUNDS=1 twin-runtime/bench/stream.sh 100"; FIRST_RUNS=3
  PRIMING_RUNS=1
else
  STARTUP_RUNS=10; WARM_ARGS="3000 3000 200"; SYNTH_ARGS="3 2"; PUBLISH_ENV="ROUNDS=3 FILES=1000"
  LOAD_ARGS="50 20"; GUARD_ARGS=""; STREAM_ARGS="twin-runtime/bench/stream.sh 1000"; FIRST_RUNS=9
  PRIMING_RUNS=5
fi

{
  echo "# Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- java: $(java -version 2>&1 | head -1); node: $(node --version 2>/dev/null || echo none)"
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| benchmark | result | seconds | load after |"
  echo "| --- | --- | --- | --- |"
} > "$OUT/SUMMARY.md"

failed=0
run() {
  local name="$1"; shift
  case " $ONLY " in *" $name "*) ;; *) return 0 ;; esac
  echo "== $name: $*" >&2
  local start end status
  start=$(date +%s)
  if bash -c "$*" > "$OUT/$name.txt" 2>&1; then status=ok; else status="FAILED (see target/bench-all/$name.txt)"; failed=1; fi
  end=$(date +%s)
  echo "| $name | $status | $((end - start)) | $(cut -d' ' -f1-3 /proc/loadavg) |" >> "$OUT/SUMMARY.md"
  echo "   $status in $((end - start)) s" >&2
}

# Each script builds what it needs (reactor builds, nothing installed into ~/.m2).
run startup   "NICE='$PRIO' twin-runtime/bench/startup.sh $STARTUP_RUNS"
run warm-turn "twin-runtime/bench/warm-turn.sh $WARM_ARGS"
run synth     "twin-cdk-constructs/bench/synth.sh $SYNTH_ARGS"
if command -v aws >/dev/null 2>&1; then
  run publish "$PUBLISH_ENV twin-maven-plugin/bench/publish-vs-cli.sh"
else
  echo "| publish | skipped: no AWS CLI (apt-get install -y awscli) | - | - |" >> "$OUT/SUMMARY.md"
fi
run render    "node site/src/test/js/bench-render.js"
[ -x twin-runtime/bench/guard.sh ] && run guard "twin-runtime/bench/guard.sh $GUARD_ARGS"
[ -x twin-runtime/bench/load.sh ] && run load "twin-runtime/bench/load.sh $LOAD_ARGS"
run e2e       "it/bench/e2e.sh"
run stream    "$STREAM_ARGS"
run first-answer "twin-runtime/bench/first-answer.sh $FIRST_RUNS"
run priming   "twin-runtime/bench/priming.sh $PRIMING_RUNS"
run regions   "twin-cdk-constructs/bench/region-matrix.sh"

{
  echo
  echo "Each benchmark's output (its Markdown table) is in target/bench-all/<name>.txt; docs/BENCHMARKS.md"
  echo "and docs/benchmarks/*.md hold the recorded figures."
} >> "$OUT/SUMMARY.md"
cat "$OUT/SUMMARY.md"
for f in "$OUT"/*.txt; do
  [ "$(basename "$f")" = build.txt ] && continue
  echo; echo "### $(basename "$f" .txt)"; echo
  # the tables the scripts print, without build noise
  grep -E '^\|' "$f" || tail -15 "$f"
done
exit $failed
