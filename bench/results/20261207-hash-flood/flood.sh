#!/bin/bash
# A login flood on a JVM that believes it has 16 cores (-XX:ActiveProcessorCount=16), with the launcher's 256 MiB
# heap: 32 connections of password logins (bench/run-wrk.sh's login scenario), server on core 0, wrk on core 1.
# LABEL and SERVER_JAR name the build.
set -u
R=/work/main/bench/results/20261207-hash-flood
cd /work/main
TOKENBOOTH_JAVA_OPTS="-XX:ActiveProcessorCount=16 -XX:+UseSerialGC -Xss512k -Xmx256m" SCENARIOS=login BASELINE=0 \
  WARMUP=10 DURATION=20 OUT=$R/$LABEL bash bench/run-wrk.sh > $R/$LABEL.log 2>&1
echo "rc $?" >> $R/$LABEL.log
grep -c 'OutOfMemoryError' $R/$LABEL/server-existing.log > $R/$LABEL/oom-count.txt || true
