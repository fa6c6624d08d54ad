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

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODULE="$ROOT/twin-maven-plugin"
ROUNDS="${ROUNDS:-3}"
FILES="${FILES:-1000}"
AWS="${AWS_CLI:-$(command -v /usr/bin/aws || command -v aws)}"
WORK="$(mktemp -d /tmp/twin-publish-bench.XXXXXX)"
# The JVM flags of projects made by twin-archetype (.mvn/jvm.config), for the rows "as generated projects run".
read -r -a GEN_FLAGS <<< "$(tr '\n' ' ' < "$ROOT/twin-archetype/src/main/resources/archetype-resources/.mvn/jvm.config")"
S3PROXY_PID=""
cleanup() {
  if [ -n "$S3PROXY_PID" ]; then kill "$S3PROXY_PID" 2>/dev/null || true; wait "$S3PROXY_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building the plugin's classes and resolving the classpath" >&2
# One reactor invocation, so the sibling modules resolve to their target/classes without an install. The
# publisher runs on the plugin's RUNTIME classpath (what Maven puts in the plugin's class realm, in that order),
# plus test-classes for the PublishBench driver; s3proxy comes from the test classpath.
(cd "$ROOT" && ./mvnw -B -q -pl twin-maven-plugin -am test-compile dependency:build-classpath -DskipTests \
    -Dexec.skip -DincludeScope=runtime -Dmdep.outputFile="$WORK/cp.txt" >&2)
(cd "$ROOT" && ./mvnw -B -q -o -pl twin-maven-plugin -am test-compile dependency:build-classpath -DskipTests \
    -Dexec.skip -DincludeScope=test -DincludeArtifactIds=s3proxy -Dmdep.outputFile="$WORK/cp-s3proxy.txt" >&2)
CP="$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$WORK/cp.txt")"
# The publisher runs in a class loader of its own over $CP, as Maven runs a plugin in a class realm, with only the
# launcher on the JVM's class path, as Maven has only plexus-classworlds there (see PluginRealm's javadoc).
REALM=(-cp "$MODULE/target/test-classes" dev.twin.maven.bench.PluginRealm "$CP")
S3PROXY_JAR="$(tr ':' '\n' < "$WORK/cp-s3proxy.txt" | grep 's3proxy-.*-jar-with-dependencies.jar' | head -1)"

echo "== generating a $FILES-file site" >&2
python3 - "$WORK/site" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
kinds = [("html", 0.15), ("js", 0.25), ("css", 0.15), ("png", 0.2), ("svg", 0.1), ("json", 0.1), ("woff2", 0.05)]
for i in range(n):
    r, acc = random.random(), 0
    for ext, w in kinds:
        acc += w
        if r <= acc: break
    d = os.path.join(root, "section%02d" % (i % 40), "part%d" % (i % 3))
    os.makedirs(d, exist_ok=True)
    name = ("asset%04d.%08x.%s" % (i, random.getrandbits(32), ext)) if ext in ("js", "css") and i % 2 else ("file%04d.%s" % (i, ext))
    size = random.randint(500, 20000)
    data = os.urandom(size) if ext in ("png", "woff2") else (("<p>twin %d</p>\n" % i) * (size // 16)).encode()
    with open(os.path.join(d, name), "wb") as f: f.write(data)
with open(os.path.join(root, "index.html"), "w") as f: f.write("<!doctype html><title>bench</title>")
PY
echo "   $(find "$WORK/site" -type f | wc -l) files, $(du -sh "$WORK/site" | cut -f1)" >&2

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=$ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access
s3proxy.credential=bench-secret
jclouds.provider=transient
CONF
java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
S3PROXY_PID=$!
export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
for _ in $(seq 1 100); do
  "$AWS" --endpoint-url "$ENDPOINT" s3 ls >/dev/null 2>&1 && break
  sleep 0.2
done

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

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
