# Shared set-up of the plugin's benchmarks (sourced, not run): a work directory removed on exit, the plugin's
# classes and classpath, a generated site, and s3proxy on loopback checking v4 signatures.
#
#   source "$(dirname "$0")/lib.sh"; bench_init twin-publish-bench; bench_classpath; bench_site 1000; bench_s3proxy

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/twin-maven-plugin"
AWS="${AWS_CLI:-$(command -v /usr/bin/aws || command -v aws || true)}"
S3PROXY_PID=""

bench_init() {
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if [ -n "$S3PROXY_PID" ]; then kill "$S3PROXY_PID" 2>/dev/null || true; wait "$S3PROXY_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}

# CP: the plugin's RUNTIME classpath (what Maven puts in the plugin's class realm, in that order) plus its classes
# and test classes (the bench drivers); S3PROXY_JAR from the test classpath; REALM: the java arguments that run a
# main class as Maven runs a plugin (see PluginRealm). One reactor invocation, so the sibling modules resolve to
# their target/classes without an install.
bench_classpath() {
  echo "== building the plugin's classes and resolving the classpath" >&2
  (cd "$ROOT" && ./mvnw -B -q -pl twin-maven-plugin -am test-compile dependency:build-classpath -DskipTests \
      -Dexec.skip -DincludeScope=runtime -Dmdep.outputFile="$WORK/cp.txt" >&2)
  (cd "$ROOT" && ./mvnw -B -q -o -pl twin-maven-plugin -am test-compile dependency:build-classpath -DskipTests \
      -Dexec.skip -DincludeScope=test -DincludeArtifactIds=s3proxy -Dmdep.outputFile="$WORK/cp-s3proxy.txt" >&2)
  CP="$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$WORK/cp.txt")"
  S3PROXY_JAR="$(tr ':' '\n' < "$WORK/cp-s3proxy.txt" | grep 's3proxy-.*-jar-with-dependencies.jar' | head -1)"
  REALM=(-cp "$MODULE/target/test-classes" dev.twin.maven.bench.PluginRealm "$CP")
}

# A directory of classes compiled from LeanS3.java as of revision $1, to put in front of $CP (A/B runs).
bench_baseline_lean_s3() {
  mkdir -p "$WORK/baseline-src" "$WORK/baseline"
  git -C "$ROOT" show "$1:twin-maven-plugin/src/main/java/dev/twin/maven/core/LeanS3.java" > "$WORK/baseline-src/LeanS3.java"
  javac --release 17 -nowarn -d "$WORK/baseline" -cp "$CP" "$WORK/baseline-src/LeanS3.java"
  echo "$WORK/baseline"
}

# $WORK/site: $1 files (html, js, css, png, svg, json, woff2; half the js/css fingerprinted), seeded, plus index.html.
bench_site() {
  echo "== generating a $1-file site" >&2
  python3 - "$WORK/site" "$1" <<'PY'
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
}

# s3proxy in memory on a free loopback port, checking v2/v4 signatures; sets ENDPOINT and the AWS_* variables.
bench_s3proxy() {
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  ENDPOINT="http://127.0.0.1:$port"
  printf 's3proxy.endpoint=%s\ns3proxy.authorization=aws-v2-or-v4\ns3proxy.identity=bench-access\ns3proxy.credential=bench-secret\njclouds.provider=transient\n' \
    "$ENDPOINT" > "$WORK/s3proxy.conf"
  java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
  for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "s3proxy did not start; see $WORK/s3proxy.log" >&2
  return 1
}

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
