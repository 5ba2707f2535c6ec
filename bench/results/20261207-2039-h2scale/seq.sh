#!/usr/bin/env bash
# the whole measured sequence in one sitting (run under one flock)
set -u
cd /tmp/h2scale
run() { echo "start $1 $(date -u +%H:%M:%S) loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >> driver.log; ./run1.sh "$@"; echo "end $1 $(date -u +%H:%M:%S)" >> driver.log; }
run h2-1m-a 1000000 /tmp/h2scale/h2-1m
run h2-1k-b 1000 /tmp/h2scale/h2-1k
run h2-1m-b 1000000 /tmp/h2scale/h2-1m
run h2-1m-cache128 1000000 /tmp/h2scale/h2-1m TOKENBOOTH_DB_H2_CACHE_MIB=128
run h2-1m-lzf 1000000 /tmp/h2scale/h2-1m-lzf
run h2-1m-cache64 1000000 /tmp/h2scale/h2-1m TOKENBOOTH_DB_H2_CACHE_MIB=64
run h2-1k-c 1000 /tmp/h2scale/h2-1k
echo "all done $(date -u +%H:%M:%S)" >> driver.log
