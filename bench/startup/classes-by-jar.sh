#!/usr/bin/env bash
# Which dependency loads how many classes by the time the server is ready (issue 11, item 3; docs/performance.md,
# "Memory"). Runs the server from its thin class path (server/target/tokenbooth-server-*.jar plus
# server/target/runtime-classpath.txt, written by `mvn package`), so each class's source names its jar, with
# -Xlog:class+load, on an existing embedded database, pinned to core $SERVER_CPU, without an AOT/CDS archive of
# our own. Prints per jar: its size, classes loaded, and the wall-clock time spent between a class of that jar and
# the class loaded before it (a rough start-time share: loading, linking and the static initialisers and code that
# ran until the next class was needed).
# Usage: bench/startup/classes-by-jar.sh [DATA_DIR]   (default: a fresh folder, started once first)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVER_CPU="${SERVER_CPU:-0}"
java="$("$here/tokenbooth" --print-java-home)/bin/java"
jar="$(ls "$here"/server/target/tokenbooth-server-*-SNAPSHOT.jar | head -n1)"
cp="$jar:$(cat "$here/server/target/runtime-classpath.txt")"
work="$(mktemp -d /tmp/tokenbooth-classes.XXXXXX)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
data="${1:-$work/data}"
pid=""
serve() { # log [jvm options...]
  local logf="$1"; shift
  taskset -c "$SERVER_CPU" "$java" -XX:+UseSerialGC -Xss512k -Xmx256m "$@" -cp "$cp" io.tokenbooth.server.cli.TokenboothCli \
    serve --data "$data" --port 0 >"$logf" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q 'Tokenbooth ready' "$logf" && break; sleep 0.1; done
  grep -q 'Tokenbooth ready' "$logf" || { cat "$logf" >&2; exit 1; }
  kill "$pid"; wait "$pid" || true
}
[ -d "$data" ] || serve "$work/first.log"
serve "$work/serve.log" -Xlog:class+load=info:file="$work/classes.log":uptimemillis
sed -n 's/.*\(ready on.*\)/\1/p' "$work/serve.log" >&2
# Lines: [123ms] name source: file:/path/x.jar | shared objects file | jrt:/java.base
awk -v cp="$cp" '
  function jarof(line,   s) {
    if (line ~ /source: (jrt:|shared objects file)/) return "JDK";
    if (match(line, /source: (file:|jar:file:)?[^ !]*\.jar/)) { s = substr(line, RSTART, RLENGTH); sub(/.*\//, "", s); return s }
    return "generated (lambdas, proxies, hidden classes)"
  }
  { t = $1; gsub(/[^0-9]/, "", t); j = jarof($0); n[j]++; if (NR > 1) ms[j] += t - last; last = t }
  END { for (j in n) printf "%s\t%d\t%d\n", j, n[j], ms[j] }' "$work/classes.log" | sort -t$'\t' -k2 -nr >"$work/table.tsv"
printf '| jar | size KiB | classes loaded by ready | wall ms between its classes and the previous (rough) |\n|---|---:|---:|---:|\n'
while IFS=$'\t' read -r j n ms; do
  size=""
  for f in ${cp//:/ }; do [ "$(basename "$f")" = "$j" ] && size="$(( $(stat -c %s "$f") / 1024 ))"; done
  printf '| %s | %s | %s | %s |\n' "$j" "${size:--}" "$n" "$ms"
done <"$work/table.tsv"
