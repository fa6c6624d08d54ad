#!/usr/bin/env bash
# Cold start of LeanS3's signed request path: RUNS fresh JVMs, each making one signed LIST (1,000 objects) and one
# signed HEAD against s3proxy (in memory, loopback, checking v4 signatures), with default flags and with
# -XX:TieredStopAtLevel=1. Prints the medians of the process wall time and of main-to-LIST / main-to-HEAD, and the
# number of classes the C1 run loads.
#
#   twin-maven-plugin/bench/sign-cold.sh                    # from the repository root; RUNS=5 by default
#   BASELINE=00c5b88 RUNS=9 twin-maven-plugin/bench/sign-cold.sh # also LeanS3.java as of that commit, runs interleaved
#
# With BASELINE, that revision's LeanS3.java (the SDK-signer version) is compiled into a directory put first on the
# classpath, and each run starts one JVM of each variant in turn, so load changes on a shared machine hit both alike.
# Needs: JDK 17+, network access to Maven Central for the first build. Figures go to docs/benchmarks/sigv4.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-5}"
bench_init twin-sign-bench
bench_classpath
VARIANTS=(current)
if [ -n "${BASELINE:-}" ]; then
  BASELINE_CLASSES="$(bench_baseline_lean_s3 "$BASELINE")"
  VARIANTS=(baseline current)
fi
classpath() { if [ "$1" = baseline ]; then echo "$BASELINE_CLASSES:$CP"; else echo "$CP"; fi; }
bench_s3proxy
java -cp "$CP" dev.twin.maven.bench.SignBench setup "$ENDPOINT" bench
# Warm s3proxy up (its own JIT), untimed.
for _ in 1 2 3; do java -cp "$CP" dev.twin.maven.bench.SignBench run "$ENDPOINT" bench >/dev/null 2>&1; done

measure() {
  local label="$1"; shift
  for v in "${VARIANTS[@]}"; do : > "$WORK/wall-$v"; : > "$WORK/list-$v"; : > "$WORK/head-$v"; done
  for _ in $(seq 1 "$RUNS"); do
    for v in "${VARIANTS[@]}"; do
      local t0 t1 out
      t0=$(date +%s%N)
      out="$(java "$@" -cp "$(classpath "$v")" dev.twin.maven.bench.SignBench run "$ENDPOINT" bench 2>/dev/null)"
      t1=$(date +%s%N)
      echo $(( (t1 - t0) / 1000000 )) >> "$WORK/wall-$v"
      echo "$out" | sed -E 's/.*main-to-list-ms=([0-9]+).*/\1/' >> "$WORK/list-$v"
      echo "$out" | sed -E 's/.*main-to-head-ms=([0-9]+).*/\1/' >> "$WORK/head-$v"
    done
  done
  for v in "${VARIANTS[@]}"; do
    echo "| $v | $label | $(median < "$WORK/wall-$v") | $(median < "$WORK/list-$v") | $(median < "$WORK/head-$v") | $(tr '\n' ' ' < "$WORK/wall-$v")|"
  done
}

echo "| LeanS3 | JVM flags | process wall ms (median of $RUNS) | main to LIST done ms | main to HEAD done ms | raw wall ms |"
echo "| --- | --- | --- | --- | --- | --- |"
measure "default"
measure "-XX:TieredStopAtLevel=1" -XX:TieredStopAtLevel=1
echo
for v in "${VARIANTS[@]}"; do
  java -XX:TieredStopAtLevel=1 -Xlog:class+load:file="$WORK/cl.txt":uptime -cp "$(classpath "$v")" dev.twin.maven.bench.SignBench run "$ENDPOINT" bench >/dev/null 2>&1
  echo "$v, classes loaded (C1 run): $(wc -l < "$WORK/cl.txt") in all, $(grep -c 'shared objects file' "$WORK/cl.txt") of them from the JDK's CDS archive;" \
    "software.amazon.*: $(grep -c '^\[[^]]*\] software\.amazon' "$WORK/cl.txt"); org.slf4j.*: $(grep -c '^\[[^]]*\] org\.slf4j' "$WORK/cl.txt");" \
    "javax.crypto.*: $(grep -c '^\[[^]]*\] javax\.crypto' "$WORK/cl.txt"); sun.security.*: $(grep -c '^\[[^]]*\] sun\.security' "$WORK/cl.txt")"
  # From LeanS3's class load to the first java.net.URL (made in exchange(), once the first request is signed).
  awk '/\] dev\.twin\.maven\.core\.LeanS3 source/ {gsub(/[][s]/, "", $1); a = $1}
       /\] java\.net\.URL\$2 source/ && a != "" {gsub(/[][s]/, "", $1); printf "  LeanS3 loaded to first request signed: %d ms\n", ($1 - a) * 1000; exit}' "$WORK/cl.txt"
done
