#!/usr/bin/env bash
# Wallet load benchmark (loopback only): money-moving requests per second with the wallet on ONE core, on H2, with
# the verifier library in the path. See docs/performance.md ("Wallet").
# Builds the wallet's jar and test classes, then runs io.tokenbooth.examples.wallet.bench.WalletLoad pinned to
# $CLIENT_CPU: it starts a fake issuer (discovery, JWKS, tokens minted with Nimbus) and the wallet's jar pinned to
# $SERVER_CPU with -XX:ActiveProcessorCount=1 on a fresh data folder, posts deposits for $WARMUP s, then measures
# $DURATION s. Settings (environment): CONCURRENCY=16 USERS=1000 WARMUP=15 DURATION=30 SERVER_CPU=0 CLIENT_CPU=1
# SKIP_BUILD=0
set -euo pipefail
wallet="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$wallet/../.." && pwd)"
java_home="$("$root/tokenbooth" --print-java-home)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && JAVA_HOME="$java_home" mvn -q -B -Dstyle.color=never -pl examples/wallet -am -DskipTests package \
    dependency:build-classpath -Dmdep.outputFile="$wallet/target/test-classpath.txt" -Dmdep.includeScope=test) >&2
fi
cp="$wallet/target/test-classes:$wallet/target/classes:$(cat "$wallet/target/test-classpath.txt")"
exec taskset -c "${CLIENT_CPU:-1}" "$java_home/bin/java" -cp "$cp" io.tokenbooth.examples.wallet.bench.WalletLoad \
  "$wallet/target/tokenbooth-example-wallet-0.1.0-SNAPSHOT-all.jar" "${SERVER_CPU:-0}" "${CONCURRENCY:-16}" \
  "${USERS:-1000}" "${WARMUP:-15}" "${DURATION:-30}"
