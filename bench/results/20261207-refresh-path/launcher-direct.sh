#!/usr/bin/env bash
# Scratch launcher for profiling/measuring runs: execs the JVM directly (no AOT recording run), so the pid that
# run-wrk.sh measures is the server's and JFR options work. Same default options as ./tokenbooth.
jh=/usr/lib/jvm/temurin-25-jdk-amd64
[ "${1:-}" = --print-java-home ] && { echo "$jh"; exit 0; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2086
exec "$jh/bin/java" ${TOKENBOOTH_JAVA_OPTS:--XX:+UseSerialGC -Xss512k -Xmx256m} -jar "$here/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar" "$@"
