#!/bin/bash
# Login alone after a 60 s warm-up instead of 20 s, twice, with per-thread CPU after the load: is the request around
# the hash (~3.4 ms per login after 20 s) code that is still being compiled?
set -u
R=/work/main/bench/results/20261207-login-gc
cd /work/main
for i in 1 2; do
  SCENARIOS=login WARMUP=60 DURATION=20 AFTER_LOAD="bash $R/threads.sh" OUT=$R/warm60-$i bash bench/run-wrk.sh > $R/warm60-$i.log 2>&1
done
