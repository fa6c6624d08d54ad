#!/usr/bin/env bash
# Runs the S3, Bedrock, OpenAI and Secrets Manager adapter tests against the SHADED lambda jar
# (instead of target/classes + the SDK jars), so classes the shade config leaves out (async
# clients, CRT, multipart, presigner) are proven unused on these paths. Prints the jar size.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl twin-runtime package -DskipTests
./mvnw -B -q -pl twin-runtime dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
./mvnw -B -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4
cd twin-runtime
JAR=$(ls target/twin-runtime-*-lambda.jar)
ls -l "$JAR"
# test-only jars: everything but what the shaded jar already carries
TEST_ONLY=$(tr ':' '\n' < target/test.classpath | grep -E 'junit|assertj|byte-buddy|opentest4j|apiguardian|wiremock|jackson-databind|jackson-annotations' | paste -sd: -)
CONSOLE="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar"
exec java -jar "$CONSOLE" execute --disable-banner --details=summary \
  -cp "target/test-classes:$JAR:$TEST_ONLY" \
  --select-package dev.twin.runtime.adapter.s3 --select-package dev.twin.runtime.adapter.bedrock \
  --select-package dev.twin.runtime.adapter.openai
