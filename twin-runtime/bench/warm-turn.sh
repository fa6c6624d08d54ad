#!/usr/bin/env bash
# Warm chat-turn overhead without the model: the route table + S3 store + S3 persona source
# against a forked s3proxy 4.1.0 on loopback. Prints p50/p90/p99/max per turn.
# Usage: twin-runtime/bench/warm-turn.sh [warm-up turns] [measured turns] [sessions]
set -euo pipefail
cd "$(dirname "$0")/../.."            # repo root (for the Maven wrapper)

# compile main + test classes and copy s3proxy to twin-runtime/target/s3proxy/s3proxy.jar
./mvnw -B -q -pl twin-runtime test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

cd twin-runtime
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.twin.runtime.adapter.s3.WarmTurnBench "$@"
