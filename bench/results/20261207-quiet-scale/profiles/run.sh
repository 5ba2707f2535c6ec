#!/bin/bash
# JFR (CPU-time sampler) of the refresh load at 1M and at 1k rows on H2, same jar, then JfrSummary through the
# rotation's store call. Recording from JVM start; the chains' logins are outside JdbcRefreshTokenStore.rotate.
set -u
R=/work/main/bench/results/20261207-quiet-scale/profiles
for run in "1m 1000000 /tmp/h2-seed-1000000" "1k 1000 /tmp/h2-seed-1000"; do
  set -- $run
  (cd /work/main && env DB=h2 SEED=$2 SEED_FROM=$3 SCENARIOS=refresh WARMUP=10 DURATION=20 BASELINE=0 AB_ROUNDS=0 \
    RESTARTS=1 SERVER_JAR=/tmp/scale-server.jar BENCH_JAR=/tmp/scale-bench.jar \
    TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -Xmx256m -XX:StartFlightRecording=filename=/tmp/h2-$1-%p.jfr,settings=profile" \
    OUT=$R/h2-$1 bench/run-load.sh > $R/h2-$1.out 2>&1)
  f=$(ls -t /tmp/h2-$1-*.jfr | head -1)
  /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp /tmp/scale-bench.jar io.tokenbooth.bench.JfrSummary $f 30 io.tokenbooth.server.token.refresh.JdbcRefreshTokenStore.rotate > $R/h2-$1-rotate.txt 2>&1
done
