#!/usr/bin/env bash
# Revocation-to-refusal latency (loopback only): a real Tokenbooth (H2) in this JVM and the wallet's jar in another
# process (default 1 s status poll); N logouts, each timed from the logout's answer until the wallet answers 401.
# See docs/performance.md ("Revocation to refusal"). Settings (environment): N=200 SKIP_BUILD=0
set -euo pipefail
wallet="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$wallet/../.." && pwd)"
java_home="$("$root/tokenbooth" --print-java-home)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && JAVA_HOME="$java_home" mvn -q -B -Dstyle.color=never -pl examples/wallet -am -DskipTests package \
    dependency:build-classpath -Dmdep.outputFile="$wallet/target/test-classpath.txt" -Dmdep.includeScope=test) >&2
fi
cp="$wallet/target/test-classes:$wallet/target/classes:$(cat "$wallet/target/test-classpath.txt")"
exec "$java_home/bin/java" -cp "$cp" io.tokenbooth.examples.wallet.bench.RevocationLatency \
  "$wallet/target/tokenbooth-example-wallet-0.1.0-SNAPSHOT-all.jar" "${N:-200}"
