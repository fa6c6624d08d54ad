#!/usr/bin/env bash
# Wall and CPU time of the synth matrix (RegionMatrixTest: the default stack for every commercial region the
# code knows, in one JVM and one jsii process). The test prints the matrix's own time after a jsii warm-up.
# Usage: twin-cdk-constructs/bench/region-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='maven run: wall %Rs, cpu user %Us + sys %Ss'
time ./mvnw -B -o -pl twin-cdk-constructs -am test -Dtest=RegionMatrixTest \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "RegionMatrixTest:|Tests run: [0-9]+, F.*RegionMatrix"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
