#!/bin/bash
# Login alone (20 s warm-up, 20 s measured) with the bare Argon2id rate after it, twice, with a GC log, to see what
# the JFR profile's Java-thread samples do not: the collector's own CPU during the login window.
set -u
R=/work/main/bench/results/20261207-login-gc
cd /work/main
for i in 1 2; do
  rm -f /tmp/login-gc-*.log
  TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -Xmx256m -Xlog:gc:file=/tmp/login-gc-%p.log:uptime" \
    SERVER_JAR=/tmp/fix-server.jar SCENARIOS=login WARMUP=20 DURATION=20 OUT=$R/run-$i bash bench/run-wrk.sh > $R/run-$i.log 2>&1
  cp /tmp/login-gc-*.log $R/run-$i/
done
