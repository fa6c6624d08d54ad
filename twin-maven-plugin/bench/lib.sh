# Shared set-up of the plugin's benchmarks (sourced, not run): a work directory removed on exit, the plugin
# installed into its own repository, a generated site, s3proxy checking v4 signatures and WireMock for
# CloudFront, both on loopback.
#
#   source "$(dirname "$0")/lib.sh"; bench_init name; bench_plugin; bench_site 1000; bench_s3proxy; bench_cloudfront

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/twin-maven-plugin"
AWS="${AWS_CLI:-$(command -v aws || command -v /usr/bin/aws || true)}"
M2="${M2_REPO:-$HOME/.m2/repository}"
PIDS=()

bench_init() {
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  trap bench_cleanup EXIT
  [ -n "$AWS" ] || { echo "the AWS CLI is needed (apt-get install -y awscli, or AWS_CLI=/path/to/aws)" >&2; exit 1; }
}

bench_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}

# The plugin built and installed into twin-maven-plugin/target/it-repo by the invoker (the `help` IT only), never
# into ~/.m2; a settings.xml that resolves everything else from ~/.m2 as a file repository, as the ITs do.
bench_plugin() {
  echo "== building the plugin into $MODULE/target/it-repo (BENCH_SKIP_BUILD=1: use the one there)" >&2
  [ -n "${BENCH_SKIP_BUILD:-}" ] || (cd "$ROOT" && ./mvnw -B -q -pl twin-maven-plugin -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dspotless.check.skip=true -Dinvoker.test=help >&2)
  BENCH_REPO="$MODULE/target/it-repo"
  PLUGIN_VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
  sed "s#@localRepositoryUrl@#file://$M2#" "$MODULE/src/it/settings.xml" > "$WORK/settings.xml"
  S3PROXY_JAR="$(ls "$M2"/org/gaul/s3proxy/*/s3proxy-*-jar-with-dependencies.jar | tail -1)"
  WIREMOCK_JAR="$(ls "$M2"/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar | grep -v sources | tail -1)"
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 150); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing answers on port $1; see $WORK/*.log" >&2; return 1
}

# s3proxy in memory on a free loopback port, checking v2/v4 signatures; sets ENDPOINT, S3_PORT and AWS_* variables.
bench_s3proxy() {
  S3_PORT="$(free_port)"
  ENDPOINT="http://127.0.0.1:$S3_PORT"
  printf 's3proxy.endpoint=%s\ns3proxy.authorization=aws-v2-or-v4\ns3proxy.identity=bench-access\ns3proxy.credential=bench-secret\ns3proxy.ignore-unknown-headers=true\njclouds.provider=transient\n' \
    "$ENDPOINT" > "$WORK/s3proxy.conf"
  java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
  PIDS+=($!)
  export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  wait_port "$S3_PORT"
}

# WireMock standalone answering CreateInvalidation for distribution E2BENCH; sets CF_ENDPOINT.
bench_cloudfront() {
  local port; port="$(free_port)"
  CF_ENDPOINT="http://127.0.0.1:$port"
  mkdir -p "$WORK/wm/mappings"
  cat > "$WORK/wm/mappings/invalidation.json" <<'JSON'
{"request": {"method": "POST", "urlPath": "/2020-05-31/distribution/E2BENCH/invalidation"},
 "response": {"status": 201, "headers": {"Content-Type": "text/xml", "Location": "/2020-05-31/distribution/E2BENCH/invalidation/I2"},
  "body": "<?xml version=\"1.0\"?><Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Id>I2</Id><Status>InProgress</Status><CreateTime>2026-12-06T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>"}}
JSON
  java -jar "$WIREMOCK_JAR" --port "$port" --bind-address 127.0.0.1 --root-dir "$WORK/wm" --disable-banner \
    > "$WORK/wiremock.log" 2>&1 &
  PIDS+=($!)
  wait_port "$port"
}

bucket() { "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://$1" > /dev/null; }

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

# A Markdown table of the medians of "label ms=N ..." lines in $1, for the labels given after it.
bench_table() {
  local file="$1"; shift
  echo "| command | median ms | runs (ms) | S3 requests (median) | PUTs (median) |"
  echo "| --- | --- | --- | --- | --- |"
  for label in "$@"; do
    local runs req puts
    runs="$(grep "^$label " "$file" | sed -E 's/.* ms=([0-9]+).*/\1/' | tr '\n' ' ')"
    req="$(grep "^$label " "$file" | grep -o 's3requests=[0-9]*' | cut -d= -f2 | median || true)"
    puts="$(grep "^$label " "$file" | grep -o 'puts=[0-9]*' | cut -d= -f2 | median || true)"
    echo "| $label | $(echo "$runs" | tr ' ' '\n' | grep . | median) | $runs | ${req:--} | ${puts:--} |"
  done
}
