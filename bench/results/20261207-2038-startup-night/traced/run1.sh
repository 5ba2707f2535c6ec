#!/bin/bash
# run1.sh DIR DATA LOGPREFIX extra-jvm-opts...
dir=$1 data=$2 pre=$3; shift 3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; A=$(ls $dir/server/target/*.aot)
port=18111
MALLOC_ARENA_MAX=2 taskset -c 0 $J -XX:+UseSerialGC -Xss512k -Xmx256m -Xlog:cds*=off -Xlog:aot*=off -XX:AOTCache=$A "$@" -jar $dir/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar serve --data $data --port $port > $pre.out 2>&1 &
pid=$!
t0=$(date +%s%N)
for i in $(seq 2000); do c=$(taskset -c 1 curl -s -o /dev/null -w '%{http_code}' -u "starts-cc:$(cat $dir/secret)" -d 'grant_type=client_credentials&scope=orders:read' http://127.0.0.1:$port/oauth2/token); [ "$c" = 200 ] && break; sleep 0.005; done
echo "token after $(( ($(date +%s%N)-t0)/1000000 )) ms (from java exec)"
grep -o 'ready.*' $pre.out | head -1
kill $pid; wait $pid
