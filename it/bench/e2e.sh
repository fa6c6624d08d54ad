#!/usr/bin/env bash
# Runs the end-to-end suite (and what it needs from the reactor, other modules' tests skipped) and prints its
# wall time, per-step times from the failsafe report, and the machine's load. Usage: it/bench/e2e.sh [-o]
set -euo pipefail
cd "$(dirname "$0")/../.."

mkdir -p it/target
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
./mvnw -B "$@" -pl it -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test='TwinEndToEndIT' \
  -Darchetype.test.skip=true -Dinvoker.skip=true > it/target/e2e-bench.log 2>&1 || {
  echo "build failed; see it/target/e2e-bench.log"; tail -40 it/target/e2e-bench.log; exit 1; }
end=$(date +%s.%N)
report=it/target/failsafe-reports/TEST-dev.twin.it.TwinEndToEndIT.xml

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load before: ${load_before}; after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v s="$start" -v e="$end" 'BEGIN { printf "whole command (reactor build of the inputs + suite): %.0f s\n", e - s }'
grep -o 'twin-it [.]* SUCCESS \[[^]]*\]' it/target/e2e-bench.log | sed 's/^/module: /'
grep -o '<testsuite [^>]*' "$report" | grep -o 'time="[^"]*"' | sed 's/^/suite (6 steps): /'
grep -o '<testcase name="[^"]*" classname="[^"]*" time="[^"]*"' "$report" \
  | sed -E 's/<testcase name="([^"]*)".*time="([^"]*)"/  \2 s  \1/'

