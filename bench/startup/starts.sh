#!/usr/bin/env bash
# Start-up and footprint of installed copies of Tokenbooth, side by side (issue 11, items 3 and 4). See
# docs/performance.md, "Start-up" and "Memory".
#
# Usage: bench/startup/starts.sh LABEL=REPO [LABEL=REPO ...]
#   REPO is a built checkout (./tokenbooth and server/target/tokenbooth-server-*-all.jar). Each is copied to a private
#   folder as an INSTALLED copy would be laid out: the launcher and the jar, no sources (so the launcher has nothing
#   to rebuild and no source tree to check). Then, per copy:
#   1. a first start on a fresh data folder (schema, keys; the launcher records its AOT/CDS archive when it stops),
#      and a confidential client `starts-cc` (client_credentials, scope orders:read) registered with the copy's CLI;
#   2. $STARTS starts on that now-existing database, the server pinned to core $SERVER_CPU (`taskset`), each
#      measuring: "ready" (the server's own "N ms after JVM start"), the time from launching ./tokenbooth to the
#      first 200 of a client_credentials grant (curl every 5 ms, pinned to core $CLIENT_CPU), the CPU time the
#      process (launcher included) had used by then, and the resident set right after that first token. On a busy
#      machine the CPU time is the steadier figure: the wall-clock ones include waiting for the core;
#   3. with LOAD=1, one more start and the load, wrk pinned to core $CLIENT_CPU (-t1 -c32, $WARMUP s warm-up then
#      $DURATION s measured per scenario, in this order): JWKS, client_credentials, and, when bench/target/
#      benchmarks.jar exists in the first REPO, the load generator's refresh and login scenarios; req/s and RSS
#      after each.
# The copies take turns start by start, so a change on the machine hits them alike. Prints one table per copy and
# writes everything to $OUT. Hold the bench lock around it: flock /tmp/bench.lock bench/startup/starts.sh ...
#
# Settings (environment): STARTS=5 LOAD=1 WARMUP=10 DURATION=20 SERVER_CPU=0 CLIENT_CPU=1
#   OUT=/tmp/tokenbooth-starts-<time>; TOKENBOOTH_JAVA_OPTS is passed through to every copy when set, and
#   JAVA_OPTS_<LABEL> replaces it for one copy (e.g. JAVA_OPTS_small="-XX:+UseSerialGC -Xmx64m", label small).
set -euo pipefail

STARTS="${STARTS:-5}"
LOAD="${LOAD:-1}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-20}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
OUT="${OUT:-/tmp/tokenbooth-starts-$(date +%Y%m%d-%H%M%S)}"
[ "$#" -ge 1 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
[ "$STARTS" -ge 1 ] && [ "$STARTS" -le 20 ] || { echo "STARTS must be 1..20" >&2; exit 2; }
command -v wrk >/dev/null || [ "$LOAD" = 0 ] || { echo "wrk is not installed (apt-get install wrk), or LOAD=0" >&2; exit 2; }

# The load generator's refresh and login scenarios sign in from one address, far past the per-address limits.
export TOKENBOOTH_RATE_LIMIT_LOGIN_PER_IP=0 TOKENBOOTH_RATE_LIMIT_REFRESH_PER_IP=0 TOKENBOOTH_RATE_LIMIT_SIGNUP_PER_IP=0
mkdir -p "$OUT"
work="$(mktemp -d /tmp/tokenbooth-starts.XXXXXX)"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do timeout 30 tail --pid="$p" -f /dev/null 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/log.txt" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# CPU time of a process and its waited-for children (the launcher's own checks run before its exec), in ms.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15 + $16 + $17) * 1000 / hz)}' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

labels=()
for arg in "$@"; do
  label="${arg%%=*}" repo="${arg#*=}"
  jar="$(ls "$repo"/server/target/tokenbooth-server-*-all.jar 2>/dev/null | head -n1)"
  [ -n "$jar" ] || { echo "$repo has no server/target/tokenbooth-server-*-all.jar: build it first" >&2; exit 2; }
  mkdir -p "$work/$label/server/target"
  cp "$repo/tokenbooth" "$work/$label/"
  cp "$jar" "$work/$label/server/target/"
  labels+=("$label")
  log "$label: $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?') $(basename "$jar") $(du -m "$jar" | cut -f1) MB"
done
bench_jar="$(cd "${1#*=}" && pwd)/bench/target/benchmarks.jar"

# Starts copy $1 on data folder $2 and port $3 in the background; sets SERVER_PID and STARTED_MS.
start_server() {
  local label="$1" data="$2" port="$3" logf="$4"
  STARTED_MS="$(now_ms)"
  local opts_var="JAVA_OPTS_$label"
  (cd "$work/$label" && if [ -n "${!opts_var:-}" ]; then export TOKENBOOTH_JAVA_OPTS="${!opts_var}"; fi \
    && exec taskset -c "$SERVER_CPU" ./tokenbooth serve --data "$data" --port "$port") >"$logf" 2>&1 &
  SERVER_PID=$!
  pids+=("$SERVER_PID")
}

stop_server() {
  kill "$1" 2>/dev/null || true
  timeout 60 tail --pid="$1" -f /dev/null || { kill -9 "$1" 2>/dev/null || true; }
}

token_request() { # port secret-file
  taskset -c "$CLIENT_CPU" curl -s -o /dev/null -w '%{http_code}' --max-time 2 -u "starts-cc:$(cat "$2")" \
    -d 'grant_type=client_credentials&scope=orders:read' "http://127.0.0.1:$1/oauth2/token" 2>/dev/null || true
}

# Waits (at most 60 s) for the first 200 of a client_credentials grant; prints ms since STARTED_MS.
first_token_ms() {
  local port="$1" secret="$2" pid="$3" deadline=$(( $(now_ms) + 60000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited" >&2; return 1; }
    if [ "$(token_request "$port" "$secret")" = 200 ]; then echo $(( $(now_ms) - STARTED_MS )); return 0; fi
    sleep 0.005
  done
  echo "no token within 60 s" >&2
  return 1
}

ready_ms() { sed -n 's/.*Tokenbooth ready on .* \([0-9][0-9]*\) ms after JVM start.*/\1/p' "$1" | head -n1; }

# 1. First start of each copy: schema, keys, the client, the archive written on the way out.
for label in "${labels[@]}"; do
  data="$work/data-$label"
  port="$(free_port)"
  start_server "$label" "$data" "$port" "$OUT/$label-first.log"
  pid="$SERVER_PID"
  for _ in $(seq 1 600); do grep -q 'Tokenbooth ready' "$OUT/$label-first.log" && break; sleep 0.1; done
  grep -q 'Tokenbooth ready' "$OUT/$label-first.log" || { cat "$OUT/$label-first.log" >&2; exit 1; }
  (umask 077; cd "$work" && TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1" \
    "$work/$label/tokenbooth" client add starts-cc --grant client_credentials --scope orders:read --data "$data" \
    2>"$OUT/$label-client.log" | sed -n 's/^client_secret: //p' >"$work/secret-$label")
  [ -s "$work/secret-$label" ] || { cat "$OUT/$label-client.log" >&2; echo "no client secret" >&2; exit 1; }
  first="$(first_token_ms "$port" "$work/secret-$label" "$pid")"
  log "$label: first start (fresh data folder): ready $(ready_ms "$OUT/$label-first.log") ms, first token $first ms"
  stop_server "$pid"
done

# 2. Starts on the existing database, the copies taking turns.
for i in $(seq 1 "$STARTS"); do
  for label in "${labels[@]}"; do
    port="$(free_port)"
    logf="$OUT/$label-start-$i.log"
    start_server "$label" "$work/data-$label" "$port" "$logf"
    pid="$SERVER_PID"
    token="$(first_token_ms "$port" "$work/secret-$label" "$pid")" || { cat "$logf" >&2; exit 1; }
    rss="$(rss_mib "$pid")"
    cpu="$(cpu_ms "$pid")"
    # Give the log line a moment: it is written after the port opens.
    for _ in $(seq 1 50); do [ -n "$(ready_ms "$logf")" ] && break; sleep 0.02; done
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$i" "$(ready_ms "$logf")" "$token" "$rss" "$cpu" >>"$OUT/starts.tsv"
    log "$label start $i: ready $(ready_ms "$logf") ms after JVM start, first token $token ms after launch" \
      "($cpu ms CPU), RSS $rss MiB"
    stop_server "$pid"
  done
done

# 3. The load, one server per copy.
wrk_lua() {
  cat >"$work/cc.lua" <<EOF
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=orders:read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $(printf 'starts-cc:%s' "$(cat "$1")" | base64 -w0)"
EOF
}
wrk_rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
run_wrk() { # label port path [lua]
  local label="$1" port="$2" path="$3" script="${4:-}" name
  name="$(basename "${script:-jwks}" .lua)"
  taskset -c "$CLIENT_CPU" wrk -t1 -c32 -d"${WARMUP}s" ${script:+-s "$script"} "http://127.0.0.1:$port$path" >/dev/null
  taskset -c "$CLIENT_CPU" wrk -t1 -c32 -d"${DURATION}s" ${script:+-s "$script"} "http://127.0.0.1:$port$path" \
    >"$OUT/$label-wrk-$name.txt"
}
if [ "$LOAD" = 1 ]; then
  for label in "${labels[@]}"; do
    port="$(free_port)"
    start_server "$label" "$work/data-$label" "$port" "$OUT/$label-load.log"
    pid="$SERVER_PID"
    first_token_ms "$port" "$work/secret-$label" "$pid" >/dev/null
    row="$label	idle $(rss_mib "$pid")"
    run_wrk "$label" "$port" /.well-known/jwks.json
    row="$row	jwks $(wrk_rps "$OUT/$label-wrk-jwks.txt") req/s $(rss_mib "$pid") MiB"
    wrk_lua "$work/secret-$label"
    run_wrk "$label" "$port" /oauth2/token "$work/cc.lua"
    row="$row	client_credentials $(wrk_rps "$OUT/$label-wrk-cc.txt") req/s $(rss_mib "$pid") MiB"
    if [ -f "$bench_jar" ]; then
      for scenario in refresh login; do
        c=32; [ "$scenario" = login ] && c=4
        timeout 300 taskset -c "$CLIENT_CPU" "$(cd "$work/$label" && ./tokenbooth --print-java-home)/bin/java" \
          -cp "$bench_jar" io.tokenbooth.bench.LoadGenerator --url "http://127.0.0.1:$port" --scenario "$scenario" \
          --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" >"$OUT/$label-load-$scenario.txt" 2>&1 || true
        rps="$(sed -n 's/^RESULT .* rps=\([0-9.]*\).*/\1/p' "$OUT/$label-load-$scenario.txt")"
        row="$row	$scenario ${rps:-?} req/s $(rss_mib "$pid") MiB"
      done
    fi
    printf '%s\n' "$row" >>"$OUT/load.tsv"
    log "$row"
    stop_server "$pid"
  done
fi

# Summary: medians per copy.
median() { sort -n | awk '{a[NR]=$1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
{
  echo "| copy | ready after JVM start, ms (median; all) | launch → first token, ms (median; all) | CPU at first token, ms (median; all) | RSS after first token, MiB (median) |"
  echo "|---|---|---|---|---|"
  for label in "${labels[@]}"; do
    r="$(awk -F'\t' -v l="$label" '$1==l {print $3}' "$OUT/starts.tsv")"
    t="$(awk -F'\t' -v l="$label" '$1==l {print $4}' "$OUT/starts.tsv")"
    m="$(awk -F'\t' -v l="$label" '$1==l {print $5}' "$OUT/starts.tsv")"
    c="$(awk -F'\t' -v l="$label" '$1==l {print $6}' "$OUT/starts.tsv")"
    echo "| $label | $(echo "$r" | median); $(echo $r | tr ' ' '/') | $(echo "$t" | median); $(echo $t | tr ' ' '/')" \
      "| $(echo "$c" | median); $(echo $c | tr ' ' '/') | $(echo "$m" | median) |"
  done
  if [ -f "$OUT/load.tsv" ]; then echo; echo "Load (RSS after each scenario):"; cat "$OUT/load.tsv"; fi
} | tee "$OUT/summary.md"
log "results in $OUT"
