#!/usr/bin/env bash
# SnapStart priming: classes a visitor's first turn still loads after a simulated restore, and
# that turn's latency, with main's priming (offline model + in-memory store only: "before") and
# this runtime's (real adapters against loopback stand-ins + class list: "after").
# S3 is s3proxy 4.1.0 (forked), Bedrock and Secrets Manager a loopback stand-in in another JVM.
# Usage: twin-runtime/bench/priming.sh [runs]   (RECORD=1 rewrites the class list from an "after" run)
set -euo pipefail
cd "$(dirname "$0")/../.."            # repo root (for the Maven wrapper)
RUNS="${1:-5}"
./mvnw -B -q -o -pl twin-runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd twin-runtime
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
OUT=target/priming; mkdir -p "$OUT"
LIST=src/main/resources/twin-priming-classes.txt

# the stand-in JVM: s3proxy + Bedrock/Secrets Manager stand-in, alive while its stdin is open
coproc STANDIN { java -cp "$CP" dev.twin.runtime.lambda.PrimingBench standin "$OUT/env"; }
read -r ready <&"${STANDIN[0]}"; [ "$ready" = READY ] || { echo "stand-in failed"; exit 1; }
trap 'exec {STANDIN[1]}>&-; wait' EXIT

# classes loaded between the two marker classes of the measured JVM's class-load log
first_turn_classes() {
  awk '/PrimingBench\$FirstTurnStart /{on=1; next} /PrimingBench\$FirstTurnEnd /{on=0} on && /\[class,load\]/ {print $2}' "$1"
}
measure() { # mode run -> "classes ms"
  local log="$OUT/$1-$2.log"
  local ms
  ms=$(env $(grep -v '^$' "$OUT/env" | tr '\n' ' ') java -Xshare:auto -Xlog:class+load=info:file="$log" \
        -cp "$CP" dev.twin.runtime.lambda.PrimingBench "$1" | awk '/^firstTurnMs/{print $2}')
  echo "$(first_turn_classes "$log" | wc -l) $ms"
}

if [ "${RECORD:-}" = 1 ]; then
  mv -f "$LIST" "$LIST.bak" 2>/dev/null || true
  measure after record >/dev/null
  { echo "# classes a first turn loaded after adapter priming (bench/priming.sh RECORD=1); loaded and initialised before the snapshot"
    first_turn_classes "$OUT/after-record.log" | grep -v -e '\$\$Lambda' -e '/0x' -e 'PrimingBench' | sort -u; } > "$LIST"
  rm -f "$LIST.bak"
  echo "recorded $(grep -vc '^#' "$LIST") classes to $LIST (rebuild before measuring)"
  exit 0
fi

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in before after; do
  for i in $(seq 1 "$RUNS"); do measure "$mode" "$i"; done > "$OUT/$mode.txt"
  echo "$mode: classes loaded by the first turn (per run): $(cut -d' ' -f1 "$OUT/$mode.txt" | tr '\n' ' ')"
  echo "$mode: first turn ms (per run): $(cut -d' ' -f2 "$OUT/$mode.txt" | tr '\n' ' ')"
done
echo "after: still loaded by the first turn (last run):"
first_turn_classes "$OUT/after-$RUNS.log" | sed 's/^/  /' | head -60
