#!/usr/bin/env bash
# twin:publish-frontend's core (SitePublisher) vs `aws s3 sync` on the same generated 1,000-file site and the
# same s3proxy (in memory, loopback), side by side: first publish and no-op republish, ROUNDS rounds (median).
#
#   twin-maven-plugin/bench/publish-vs-s3sync.sh            # from the repository root
#   ROUNDS=5 FILES=1000 twin-maven-plugin/bench/publish-vs-s3sync.sh
#
# twin-first: the first publish in a fresh JVM whose start is not timed (class loading, JIT, client setup are).
# Needs: JDK 17+, the Debian `awscli` package (apt-get install -y awscli; only for this benchmark), network access
# to Maven Central for the first build. Prints a Markdown table; figures go to docs/benchmarks/plugin.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"
FILES="${FILES:-1000}"
# The JVM flags of projects made by twin-archetype (.mvn/jvm.config), for the rows "as generated projects run".
read -r -a GEN_FLAGS <<< "$(tr '\n' ' ' < "$ROOT/twin-archetype/src/main/resources/archetype-resources/.mvn/jvm.config")"
bench_init twin-publish-bench
# The publisher runs in "${REALM[@]}": a class loader of its own over the plugin's runtime classpath, as Maven runs
# a plugin in a class realm, with only the launcher on the JVM's class path (see PluginRealm's javadoc).
bench_classpath
bench_site "$FILES"
bench_s3proxy

twin_round() {
  # twin publisher in one JVM, as inside `mvn twin:publish-frontend` (JVM start not timed, SDK warm-up is):
  # first publish, then no-op republish
  # (and its private bucket for the publish manifest, as the stack's memory bucket is for twin:publish-frontend)
  "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://twin-$1" >/dev/null
  "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://twin-$1-memory" >/dev/null
  # (three no-ops: the steady state of a JVM that stays up, as with mvnd or inside twin:deploy)
  java "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" "twin-$1" "$WORK/site" twin-first twin-noop twin-noop twin-noop \
      2>/dev/null | tee -a "$WORK/results.txt" >&2
  # twin publisher, no-op in a fresh JVM (process start, class loading, JIT and client setup included)
  t0=$(ms); out=$(java "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" "twin-$1" "$WORK/site" inner 2>/dev/null)
  echo "twin-noop-cold ms=$(( $(ms) - t0 )) puts=$(echo "$out" | sed -E 's/.* puts=([0-9]+).*/\1/')" | tee -a "$WORK/results.txt" >&2
  # the same with the generated project's .mvn/jvm.config flags (C1 only, serial GC): less JIT work in a short run
  t0=$(ms); out=$(java "${GEN_FLAGS[@]}" "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" "twin-$1" "$WORK/site" inner 2>/dev/null)
  echo "twin-noop-cold-c1 ms=$(( $(ms) - t0 )) puts=$(echo "$out" | sed -E 's/.* puts=([0-9]+).*/\1/')" | tee -a "$WORK/results.txt" >&2
  "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://twin-c1-$1" >/dev/null
  "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://twin-c1-$1-memory" >/dev/null
  java "${GEN_FLAGS[@]}" "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" "twin-c1-$1" "$WORK/site" twin-first-c1 \
      2>/dev/null | tee -a "$WORK/results.txt" >&2
}
aws_round() {
  # aws s3 sync: first sync, then no-op sync (a process each time, as people run it)
  "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://aws-$1" >/dev/null
  t0=$(ms); puts=$("$AWS" --endpoint-url "$ENDPOINT" s3 sync "$WORK/site" "s3://aws-$1" --no-progress | grep -c '^upload:' || true)
  echo "aws-first ms=$(( $(ms) - t0 )) puts=$puts" | tee -a "$WORK/results.txt" >&2
  t0=$(ms); puts=$("$AWS" --endpoint-url "$ENDPOINT" s3 sync "$WORK/site" "s3://aws-$1" --no-progress | grep -c '^upload:' || true)
  echo "aws-noop ms=$(( $(ms) - t0 )) puts=$puts" | tee -a "$WORK/results.txt" >&2
}

echo "== warming up s3proxy (untimed)" >&2
"$AWS" --endpoint-url "$ENDPOINT" s3 mb s3://warm-up >/dev/null
"$AWS" --endpoint-url "$ENDPOINT" s3 mb s3://warm-up-memory >/dev/null
"$AWS" --endpoint-url "$ENDPOINT" s3 sync "$WORK/site" s3://warm-up --no-progress >/dev/null
java "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" warm-up "$WORK/site" warm-up >/dev/null 2>&1

: > "$WORK/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round/$ROUNDS ($(uptime | sed 's/.*load/load/'))" >&2
  # alternate who goes first, so neither always meets a server the other just warmed
  if [ $((round % 2)) -eq 1 ]; then twin_round "$round"; aws_round "$round"; else aws_round "$round"; twin_round "$round"; fi
done

# The no-ops once more, alternating, after the server has settled: in the rounds each no-op follows its tool's
# 1,000 uploads, which leaves s3proxy collecting garbage and slows the CLI's no-op more than the publisher's.
echo "== settled no-ops, alternating ($(uptime | sed 's/.*load/load/'))" >&2
sleep 5
for _ in $(seq 1 $((ROUNDS * 2))); do
  t0=$(ms); puts=$("$AWS" --endpoint-url "$ENDPOINT" s3 sync "$WORK/site" s3://aws-1 --no-progress | grep -c '^upload:' || true)
  echo "settled-aws-noop ms=$(( $(ms) - t0 )) puts=$puts" | tee -a "$WORK/results.txt" >&2
  t0=$(ms); out=$(java "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" twin-1 "$WORK/site" inner 2>/dev/null)
  echo "settled-twin-noop-cold ms=$(( $(ms) - t0 )) puts=$(echo "$out" | sed -E 's/.* puts=([0-9]+).*/\1/')" | tee -a "$WORK/results.txt" >&2
  t0=$(ms); out=$(java "${GEN_FLAGS[@]}" "${REALM[@]}" dev.twin.maven.bench.PublishBench "$ENDPOINT" twin-1 "$WORK/site" inner 2>/dev/null)
  echo "settled-twin-noop-cold-c1 ms=$(( $(ms) - t0 )) puts=$(echo "$out" | sed -E 's/.* puts=([0-9]+).*/\1/')" | tee -a "$WORK/results.txt" >&2
done

get() { grep "^$1 " "$WORK/results.txt" | sed -E 's/.* ms=([0-9]+).*/\1/' | median; }
puts() { grep "^$1 " "$WORK/results.txt" | sed -E 's/.* puts=([0-9]+).*/\1/' | sort -n | tail -1; }
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average during the run: $(uptime | sed 's/.*load average: //')"
echo
echo "| run ($FILES files, median of $ROUNDS) | twin publisher | aws s3 sync ($("$AWS" --version 2>&1 | cut -d' ' -f1)) | ratio |"
echo "| --- | --- | --- | --- |"
echo "| first publish | $(get twin-first) ms, $(puts twin-first) PUTs | $(get aws-first) ms, $(puts aws-first) PUTs | $(awk "BEGIN {printf \"%.2fx\", $(get aws-first)/$(get twin-first)}") |"
echo "| first publish, fresh JVM with the generated project's flags (${GEN_FLAGS[*]}) | $(get twin-first-c1) ms, $(puts twin-first-c1) PUTs | $(get aws-first) ms | $(awk "BEGIN {printf \"%.2fx\", $(get aws-first)/$(get twin-first-c1)}") |"
echo "| no-op republish, JVM already running (mvnd, or after the persona upload in twin:deploy) | $(get twin-noop) ms, $(puts twin-noop) PUTs | $(get aws-noop) ms, $(puts aws-noop) PUTs | $(awk "BEGIN {printf \"%.2fx\", $(get aws-noop)/$(get twin-noop)}") |"
echo "| no-op republish, fresh JVM (start, class loading, JIT included) | $(get twin-noop-cold) ms, $(puts twin-noop-cold) PUTs | $(get aws-noop) ms, $(puts aws-noop) PUTs | $(awk "BEGIN {printf \"%.2fx\", $(get aws-noop)/$(get twin-noop-cold)}") |"
echo "| no-op republish, fresh JVM with the generated project's flags (${GEN_FLAGS[*]}) | $(get twin-noop-cold-c1) ms, $(puts twin-noop-cold-c1) PUTs | $(get aws-noop) ms | $(awk "BEGIN {printf \"%.2fx\", $(get aws-noop)/$(get twin-noop-cold-c1)}") |"
echo "| no-op republish, fresh JVM, default flags, settled server, alternating with the CLI (median of $((ROUNDS * 2))) | $(get settled-twin-noop-cold) ms, $(puts settled-twin-noop-cold) PUTs | $(get settled-aws-noop) ms, $(puts settled-aws-noop) PUTs | $(awk "BEGIN {printf \"%.2fx\", $(get settled-aws-noop)/$(get settled-twin-noop-cold)}") |"
echo "| no-op republish, fresh JVM, generated project's flags, settled server, alternating (median of $((ROUNDS * 2))) | $(get settled-twin-noop-cold-c1) ms, $(puts settled-twin-noop-cold-c1) PUTs | $(get settled-aws-noop) ms | $(awk "BEGIN {printf \"%.2fx\", $(get settled-aws-noop)/$(get settled-twin-noop-cold-c1)}") |"
