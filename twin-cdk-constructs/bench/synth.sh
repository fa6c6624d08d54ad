#!/usr/bin/env bash
# Synthesis time of the default DigitalTwinStack (warm jsii cache): PROCESSES fresh JVMs, each synthesizing
# RUNS times (the first from a cold JVM, the rest in-process). Optional: RUNTIME_JAR=<path of the -lambda.jar>.
# Usage: twin-cdk-constructs/bench/synth.sh [PROCESSES=3] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
PROCESSES="${1:-3}"
RUNS="${2:-3}"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1

./mvnw -B -q -o -pl twin-cdk-constructs -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
cd twin-cdk-constructs
CP="target/classes:target/test-classes:$(cat target/bench.cp)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU time (user+sys, java and its node child) is printed too: wall time on a shared 2-core machine depends on load.
TIMEFORMAT='process: wall %Rs, cpu user %Us + sys %Ss'
for p in $(seq 1 "$PROCESSES"); do
  time java -cp "$CP" dev.twin.cdk.SynthBenchmark "$RUNS" ${RUNTIME_JAR:+"$RUNTIME_JAR"}
done
