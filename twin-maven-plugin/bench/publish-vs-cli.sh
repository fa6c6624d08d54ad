#!/usr/bin/env bash
# What an owner runs, whole commands, side by side on one 1,000-file site and one s3proxy (in memory, loopback,
# checking v4 signatures), CloudFront on WireMock:
#
#   twin: mvn -q twin:publish-frontend twin:invalidate        (endpoints from AWS_ENDPOINT_URL_S3/_CLOUDFRONT)
#   cli:  aws s3 sync <site> s3://<bucket> && aws cloudfront create-invalidation --paths '/*'
#
# first publish into an empty bucket, then the no-op republish, ROUNDS rounds each (median). Also: `mvn -q validate`
# in the same project (Maven's start-up and project load with no twin goal: Maven's share of every figure), and the
# S3 requests of the no-op republish, counted from the SDK's request log; and a no-op with the manifest in the memory
# bucket taken away, to show what it still saves. (The run in docs/benchmarks/plugin.md also timed a no-op without
# the local hash cache, at commit 388c4c0; the cache has since been removed.)
#
#   twin-maven-plugin/bench/publish-vs-cli.sh                      # from the repository root
#   ROUNDS=5 FILES=1000 twin-maven-plugin/bench/publish-vs-cli.sh
#
# Needs: JDK 17+, the AWS CLI (`aws`; AWS_CLI=/path overrides), network access to Maven Central for the first build.
# The plugin is installed into twin-maven-plugin/target/bench-repo (never ~/.m2). Prints a Markdown table.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"
FILES="${FILES:-1000}"
bench_init twin-publish-bench
bench_plugin
bench_site "$FILES"
bench_s3proxy
bench_cloudfront

PROJECT="$WORK/project"
mkdir -p "$PROJECT/.mvn"
# The generated project's JVM flags (twin-archetype's .mvn/jvm.config): what an owner's `mvn` runs with.
cp "$ROOT/twin-archetype/src/main/resources/archetype-resources/.mvn/jvm.config" "$PROJECT/.mvn/jvm.config"
cat > "$PROJECT/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.twin.bench</groupId>
  <artifactId>bench</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>dev.twin</groupId><artifactId>twin-maven-plugin</artifactId><version>$PLUGIN_VERSION</version>
  </plugin></plugins></build>
</project>
POM
# The Maven the wrapper downloaded (3.9.x), run in the project directory so its .mvn/jvm.config applies.
MAVEN_BIN="${MAVEN_BIN:-$(ls -d "$HOME"/.m2/wrapper/dists/apache-maven-*/*/bin/mvn 2>/dev/null | tail -1)}"
MAVEN_BIN="${MAVEN_BIN:-$(command -v mvn)}"
MVN=("$MAVEN_BIN" -q -B -s "$WORK/settings.xml" -Dmaven.repo.local="$BENCH_REPO")
cd "$PROJECT"

outputs() { # the outputs file cdk deploy would have written, for a site bucket $1
  mkdir -p "$PROJECT/target/twin/dev"
  printf '{"twin-bench-dev": {"FrontendBucketName": "%s", "MemoryBucketName": "%s-memory", "DistributionId": "E2BENCH"}}\n' \
    "$1" "$1" > "$PROJECT/target/twin/dev/outputs.json"
}
twin() { # one whole command; $1 = label, $2 = bucket
  outputs "$2"
  local t0; t0=$(ms)
  AWS_ENDPOINT_URL_S3="$ENDPOINT" AWS_ENDPOINT_URL_CLOUDFRONT="$CF_ENDPOINT" \
    MAVEN_OPTS="-Dorg.slf4j.simpleLogger.log.software.amazon.awssdk.request=debug" \
    "${MVN[@]}" twin:publish-frontend twin:invalidate -Dtwin.name=bench -Dtwin.siteDir="$WORK/site" > "$WORK/mvn.log" 2>&1 \
    || { cat "$WORK/mvn.log" >&2; exit 1; }
  local t=$(( $(ms) - t0 ))
  local s3req puts
  s3req=$(grep "Sending Request" "$WORK/mvn.log" | grep -c "port=$S3_PORT," || true)
  puts=$(grep "Sending Request" "$WORK/mvn.log" | grep "port=$S3_PORT," | grep -c "httpMethod=PUT" || true)
  echo "$1 ms=$t s3requests=$s3req puts=$puts" | tee -a "$WORK/results.txt" >&2
}
cli() { # $1 = label, $2 = bucket
  local t0; t0=$(ms)
  local puts
  puts=$("$AWS" --endpoint-url "$ENDPOINT" s3 sync "$WORK/site" "s3://$2" --no-progress | grep -c '^upload:' || true)
  "$AWS" --endpoint-url "$CF_ENDPOINT" cloudfront create-invalidation --distribution-id E2BENCH --paths '/*' > /dev/null
  echo "$1 ms=$(( $(ms) - t0 )) puts=$puts" | tee -a "$WORK/results.txt" >&2
}
maven_only() {
  local t0; t0=$(ms)
  "${MVN[@]}" validate > /dev/null 2>&1
  echo "mvn-validate ms=$(( $(ms) - t0 ))" | tee -a "$WORK/results.txt" >&2
}

echo "== warming up (untimed): s3proxy, WireMock, the page cache" >&2
bucket warm-up; bucket warm-up-memory
"$AWS" --endpoint-url "$ENDPOINT" s3 sync "$WORK/site" s3://warm-up --no-progress >/dev/null
twin warm-up warm-up >/dev/null 2>&1
: > "$WORK/results.txt"

for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r/$ROUNDS (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  bucket "twin-$r"; bucket "twin-$r-memory"; bucket "cli-$r"
  rm -rf "$PROJECT/target"
  if (( r % 2 )); then twin twin-first "twin-$r"; cli cli-first "cli-$r"; else cli cli-first "cli-$r"; twin twin-first "twin-$r"; fi
  if (( r % 2 )); then twin twin-noop "twin-$r"; cli cli-noop "cli-$r"; else cli cli-noop "cli-$r"; twin twin-noop "twin-$r"; fi
  # what each publishing part saves, measured by taking it away for one no-op republish:
  # without the manifest in the memory bucket, every same-size file is checked by HEAD
  "$AWS" --endpoint-url "$ENDPOINT" s3 rm "s3://twin-$r-memory" --recursive > /dev/null
  twin twin-noop-without-manifest "twin-$r"
  maven_only
done

echo "machine: $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
bench_table "$WORK/results.txt" twin-first cli-first twin-noop cli-noop twin-noop-without-manifest \
  mvn-validate
