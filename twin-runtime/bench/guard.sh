#!/usr/bin/env bash
# Cost of the reply guard (chat/ReplyGuard): index build for a generated persona (default 256 KB) and
# per-turn screen() time for an offline-style answer, a 2 KB own-words answer and an 8 KB leak.
# Usage: twin-runtime/bench/guard.sh [persona KB] [calls per reply]
set -euo pipefail
cd "$(dirname "$0")/../.."            # repo root (for the Maven wrapper)

./mvnw -B -q -pl twin-runtime test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

cd twin-runtime
exec ${PRIO:-} java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.twin.runtime.chat.ReplyGuardBench "$@"
