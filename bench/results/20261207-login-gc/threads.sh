#!/bin/bash
# Per-thread CPU of the server after a login-only run: how much of the process's CPU the hashing thread has.
j=$(pgrep -P $SERVER_PID java || true); SERVER_PID=${j:-$SERVER_PID}
tck=$(getconf CLK_TCK)
for t in /proc/$SERVER_PID/task/*; do
  awk -v tck=$tck '{ match($0, /\((.*)\)/, m); rest=substr($0, RSTART+RLENGTH+1); split(rest, f, " ");
    printf "%.2f %s\n", (f[12]+f[13])/tck, m[1] }' $t/stat
done | sort -rn > $OUT/thread-cpu.txt
