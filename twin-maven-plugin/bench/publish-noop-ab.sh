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

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODULE="$ROOT/twin-maven-plugin"
RUNS="${RUNS:-9}"
FILES="${FILES:-1000}"
BASELINE="${BASELINE:?set BASELINE to a revision whose LeanS3.java is the reference}"
AWS="${AWS_CLI:-$(command -v /usr/bin/aws || command -v aws)}"
WORK="$(mktemp -d /tmp/twin-noop-ab.XXXXXX)"
S3PROXY_PID=""
cleanup() {
  if [ -n "$S3PROXY_PID" ]; then kill "$S3PROXY_PID" 2>/dev/null || true; wait "$S3PROXY_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

(cd "$ROOT" && ./mvnw -B -q -pl twin-maven-plugin -am test-compile dependency:build-classpath -DskipTests \
    -DincludeScope=runtime -Dmdep.outputFile="$WORK/cp.txt" >&2)
(cd "$ROOT" && ./mvnw -B -q -o -pl twin-maven-plugin -am test-compile dependency:build-classpath -DskipTests \
    -DincludeScope=test -DincludeArtifactIds=s3proxy -Dmdep.outputFile="$WORK/cp-s3proxy.txt" >&2)
CP="$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$WORK/cp.txt")"
S3PROXY_JAR="$(tr ':' '\n' < "$WORK/cp-s3proxy.txt" | grep 's3proxy-.*-jar-with-dependencies.jar' | head -1)"
mkdir -p "$WORK/baseline-src" "$WORK/baseline"
git -C "$ROOT" show "$BASELINE:twin-maven-plugin/src/main/java/dev/twin/maven/core/LeanS3.java" > "$WORK/baseline-src/LeanS3.java"
javac --release 17 -nowarn -d "$WORK/baseline" -cp "$CP" "$WORK/baseline-src/LeanS3.java"

python3 - "$WORK/site" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
for i in range(n):
    d = os.path.join(root, "section%02d" % (i % 40))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "file%04d.html" % i), "wb") as f: f.write(os.urandom(random.randint(500, 20000)))
PY

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT"
printf 's3proxy.endpoint=%s\ns3proxy.authorization=aws-v2-or-v4\ns3proxy.identity=bench-access\ns3proxy.credential=bench-secret\njclouds.provider=transient\n' \
  "$ENDPOINT" > "$WORK/s3proxy.conf"
java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
S3PROXY_PID=$!
export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
for _ in $(seq 1 100); do "$AWS" --endpoint-url "$ENDPOINT" s3 ls >/dev/null 2>&1 && break; sleep 0.2; done
"$AWS" --endpoint-url "$ENDPOINT" s3 mb s3://twin-ab >/dev/null
"$AWS" --endpoint-url "$ENDPOINT" s3 mb s3://twin-ab-memory >/dev/null
# First publish (and s3proxy's warm-up), untimed.
java -cp "$CP" dev.twin.maven.bench.PublishBench "$ENDPOINT" twin-ab "$WORK/site" first noop noop >&2

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
echo "| LeanS3 | JVM flags | no-op republish, fresh JVM: process wall ms (median of $RUNS) | CPU ms, user + sys (median) | raw wall ms |"
echo "| --- | --- | --- | --- | --- |"
for flags in "" "-XX:TieredStopAtLevel=1"; do
  : > "$WORK/baseline.ms"; : > "$WORK/current.ms"; : > "$WORK/baseline.cpu"; : > "$WORK/current.cpu"
  for _ in $(seq 1 "$RUNS"); do
    for v in baseline current; do
      cp="$CP"; [ "$v" = baseline ] && cp="$WORK/baseline:$CP"
      t0=$(date +%s%N)
      out="$(/usr/bin/time -f "%U %S" -o "$WORK/time.txt" java $flags -cp "$cp" dev.twin.maven.bench.PublishBench "$ENDPOINT" twin-ab "$WORK/site" noop 2>/dev/null)"
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
