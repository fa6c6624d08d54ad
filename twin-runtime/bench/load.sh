#!/usr/bin/env bash
# The local server under load: SESSIONS concurrent visitors x TURNS sequential turns each, offline model,
# once with the S3 store on a forked s3proxy 4.1.0 and once with the local directory store. Fails (exit 1)
# on any error or lost turn; prints a Markdown table (progress goes to stderr). Server logs: twin-runtime/target/load/.
# Usage: twin-runtime/bench/load.sh [sessions=50] [turns=20] [stores=s3,local] [server=fork|same]
#   fork (default): the server runs in its own JVM with default options, as `mvn twin:run` runs it
#   (SERVER_JAVA_OPTS="..." adds options to that JVM, e.g. -Dhttp.maxConnections=16)
# PRIO="chrt -f 10" runs the JVMs at real-time priority (see warm-turn.sh); unset, they run as any process.
set -euo pipefail
cd "$(dirname "$0")/../.."            # repo root (for the Maven wrapper)

# compile main + test classes and copy s3proxy to twin-runtime/target/s3proxy/s3proxy.jar
./mvnw -B -q -pl twin-runtime test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

cd twin-runtime
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" >&2
exec ${PRIO:-} java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.twin.runtime.load.LoadBench "$@"
