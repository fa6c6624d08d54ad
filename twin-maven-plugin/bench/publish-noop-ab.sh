#!/usr/bin/env bash
# A/B of the fresh-JVM no-op republish (the publish target): the publisher core (PublishBench) on the plugin's
# runtime classpath, once with the current LeanS3 and once with LeanS3.java as of BASELINE, in interleaved fresh
# JVMs against the same s3proxy (in memory, loopback, v4 signatures checked) and the same generated site.
#
#   BASELINE=00c5b88 RUNS=9 FILES=1000 twin-maven-plugin/bench/publish-noop-ab.sh   # from the repository root
#
# Needs: JDK 17+, GNU time (/usr/bin/time), the Debian `awscli` package (only to create the buckets).
# Figures go to docs/benchmarks/sigv4.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
RUNS="${RUNS:-9}"
FILES="${FILES:-1000}"
BASELINE="${BASELINE:?set BASELINE to a revision whose LeanS3.java is the reference}"
bench_init twin-noop-ab
bench_classpath
BASELINE_CLASSES="$(bench_baseline_lean_s3 "$BASELINE")"
bench_site "$FILES"
bench_s3proxy
"$AWS" --endpoint-url "$ENDPOINT" s3 mb s3://twin-ab >/dev/null
"$AWS" --endpoint-url "$ENDPOINT" s3 mb s3://twin-ab-memory >/dev/null
# First publish (and s3proxy's warm-up), untimed.
java "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" twin-ab "$WORK/site" first noop noop >&2

echo "| LeanS3 | JVM flags | no-op republish, fresh JVM: process wall ms (median of $RUNS) | CPU ms, user + sys (median) | raw wall ms |"
echo "| --- | --- | --- | --- | --- |"
for flags in "" "-XX:TieredStopAtLevel=1"; do
  : > "$WORK/baseline.ms"; : > "$WORK/current.ms"; : > "$WORK/baseline.cpu"; : > "$WORK/current.cpu"
  for _ in $(seq 1 "$RUNS"); do
    for v in baseline current; do
      cp="$CP"; [ "$v" = baseline ] && cp="$BASELINE_CLASSES:$CP"
      t0=$(date +%s%N)
      out="$(/usr/bin/time -f "%U %S" -o "$WORK/time.txt" java $flags -cp "$MODULE/target/test-classes" dev.twin.maven.bench.PluginRealm "$cp" dev.twin.maven.bench.PublishBench "$ENDPOINT" twin-ab "$WORK/site" noop 2>/dev/null)"
      t1=$(date +%s%N)
      awk '{printf "%d\n", ($1 + $2) * 1000}' "$WORK/time.txt" >> "$WORK/$v.cpu"
      case "$out" in *" puts=0 "*) ;; *) echo "not a no-op: $out" >&2; exit 1 ;; esac
      echo $(( (t1 - t0) / 1000000 )) >> "$WORK/$v.ms"
    done
  done
  for v in baseline current; do
    echo "| $v | ${flags:-default} | $(median < "$WORK/$v.ms") | $(median < "$WORK/$v.cpu") | $(tr '\n' ' ' < "$WORK/$v.ms")|"
  done
done
