#!/usr/bin/env bash
# Tokenbooth under wrk: what a user measures (issue 11). See docs/performance.md, "Under wrk (issue 11)".
#
# Builds nothing (BUILD=1 to build first): it takes ./tokenbooth and the server jar from the tree, runs private copies
# of them, and:
#   1. starts the server pinned to one core (taskset -c $SERVER_CPU) on a fresh data folder (DB=postgres: also a
#      fresh PostgreSQL database at 127.0.0.1:5432, dropped on exit), registers the confidential clients load-cc
#      (client_credentials, client_secret_basic) and load-rs (the introspecting client), stops it, and starts it again
#      on the existing database: process start -> ready, and -> first client_credentials token (polled with curl);
#   2. signs up $USERS users, logs them in for the `me` tokens, obtains $TOKENS client_credentials tokens for
#      `introspect` (each checked: 2xx, a Bearer token, "active": true);
#   3. per scenario and generator: a warm-up run ($WARMUP s), then a measured run ($DURATION s), both pinned to
#      $CLIENT_CPU with $CONNECTIONS keep-alive connections and $THREADS thread(s). Around the measured run it reads
#      the server's CPU time, I/O counters and RSS from /proc. `refresh` gets fresh chains (logins) before each run;
#   4. with `login` in SCENARIOS and the bench jar present, the bare Argon2id rate (PasswordHasher.verify in process,
#      the server's JVM options, on the server's core while the server idles), which login is reported against.
# Writes summary.md, results.txt, env.txt and every generator's raw output to $OUT. Any non-2xx answer, socket error,
# wrong answer or lost refresh chain makes the summary say so in capitals and the script exit with status 3.
# Everything it starts is stopped on exit, including on CTRL-C.
#
# Settings (environment), defaults in brackets:
#   SCENARIOS   ["jwks discovery cc introspect refresh login me"]
#   GENERATORS  [wrk]  "wrk loadgen" (or "loadgen wrk") also runs the Java load generator (bench/target/
#               benchmarks.jar, LoadGenerator) on the same server, scenario by scenario, in that order (it has no
#               discovery scenario). Both get the same warm-up, duration and connections.
#   WARMUP [10]  DURATION [20]  CONNECTIONS [32]  THREADS [1]  DB [h2|postgres]
#   TOKENS [1000] (introspection pool, as the load generator's default)
#   USERS [8]  SPARE [8] (extra refresh chains)  BASELINE [1]  SERVER_CPU [0]  CLIENT_CPU [1]
#   PG_CPU [$CLIENT_CPU] (DB=postgres: the backends serving the run are pinned there; empty: left alone)
#   SERVER_JAR [server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar]  LAUNCHER [./tokenbooth]
#   BENCH_JAR [bench/target/benchmarks.jar]  BUILD [0]
#   PROFILE [0]  N > 0: after each scenario's measured run, an N-second run under a JFR recording (settings=profile,
#               with the CPU-time sampler where the JDK has it): profile-<scenario>.jfr and, with the bench jar,
#               profile-<scenario>.txt (JfrSummary: shares by area and component, hottest methods). The profiled
#               run is not part of the figures.
#   CAPTURE [0]  1: before the load, one second of each generator and scenario through a logging proxy (socat -v);
#               capture-<generator>-<scenario>.txt shows the request shape and the write sizes each way
#   OUT [bench/results/<yyyymmdd-hhmm>-<commit>-wrk[-postgres]]
#   AFTER_LOAD  a bash command run once after the last scenario, before anything else touches the server, with
#               SERVER_PID and OUT in its environment; e.g. with -XX:NativeMemoryTracking=summary in the server's
#               options: 'jcmd $SERVER_PID VM.native_memory summary >$OUT/nmt.txt' (its failure is logged, not fatal)
# Measuring on a shared machine: flock /tmp/bench.lock bench/run-wrk.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCENARIOS="${SCENARIOS-jwks discovery cc introspect refresh login me}"
GENERATORS="${GENERATORS:-wrk}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
DB="${DB:-h2}"
TOKENS="${TOKENS:-1000}"
USERS="${USERS:-8}"
SPARE="${SPARE:-8}"
BASELINE="${BASELINE:-1}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PG_CPU="${PG_CPU-$CLIENT_CPU}"
SERVER_JAR="${SERVER_JAR:-$here/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar}"
LAUNCHER="${LAUNCHER:-$here/tokenbooth}"
BENCH_JAR="${BENCH_JAR:-$here/bench/target/benchmarks.jar}"
BUILD="${BUILD:-0}"

in_range() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || { echo "$1 must be $3..$4" >&2; exit 2; }; }
in_range WARMUP "$WARMUP" 0 60
in_range DURATION "$DURATION" 1 120
PROFILE="${PROFILE:-0}"
in_range PROFILE "$PROFILE" 0 120
in_range CONNECTIONS "$CONNECTIONS" 1 1024
in_range THREADS "$THREADS" 1 "$CONNECTIONS"
in_range TOKENS "$TOKENS" 1 5000
in_range USERS "$USERS" 1 200
in_range SPARE "$SPARE" 0 1000
case "$DB" in h2|postgres) ;; *) echo "DB must be h2 or postgres" >&2; exit 2;; esac
for s in $SCENARIOS; do
  case "$s" in jwks|discovery|cc|introspect|refresh|login|me) ;; *) echo "unknown scenario: $s" >&2; exit 2;; esac
done
for g in $GENERATORS; do
  case "$g" in wrk|loadgen) ;; *) echo "unknown generator: $g (wrk, loadgen)" >&2; exit 2;; esac
done
for tool in wrk taskset curl jq ss /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done
[ "$DB" = h2 ] || command -v psql >/dev/null || { echo "psql is required for DB=postgres" >&2; exit 2; }

JAVA_HOME_RUN="$("$LAUNCHER" --print-java-home)"
[ -n "$JAVA_HOME_RUN" ] || { echo "no JDK 21+ found (see ./tokenbooth)" >&2; exit 2; }
java="$JAVA_HOME_RUN/bin/java"
commit="$(cd "$here" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -z "${OUT:-}" ]; then
  OUT="$here/bench/results/$(date -u +%Y%m%d-%H%M)-$commit-wrk$([ "$DB" = postgres ] && echo -postgres || true)"
  [ -e "$OUT" ] && OUT="$OUT-$$"
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d /tmp/tokenbooth-wrk.XXXXXX)"
DB_URL=""
PIDS=()
# shellcheck source=bench/wrk/server.sh
. "$here/bench/wrk/server.sh"
lua="$here/bench/wrk"

cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  drop_pg_database
  rm -rf "$WORK"
}
trap cleanup EXIT
# A command that fails under set -e names itself, so an unattended run never stops without saying why.
set -o errtrace
trap 'echo "[run-wrk] FAILED (status $?) at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND" >&2' ERR
trap 'echo "[run-wrk] interrupted" >&2; exit 130' INT TERM HUP

NPROC="$(nproc)"   # before this script pins itself below
# Everything this script runs itself (curl, the CLI, the generators) stays off the server's core.
taskset -pc "$CLIENT_CPU" $$ >/dev/null

if [ "$BUILD" = 1 ]; then
  log "building with $JAVA_HOME_RUN"
  (cd "$here" && JAVA_HOME="$JAVA_HOME_RUN" mvn -q -B -ntp -pl bench -am -Dmaven.test.skip=true package) >&2
fi
[ -f "$SERVER_JAR" ] || die "no server jar at $SERVER_JAR (build it, or BUILD=1)"
install_server "$LAUNCHER" "$SERVER_JAR"
need_bench=0
case " $GENERATORS " in *" loadgen "*) need_bench=1;; esac
[ "$BASELINE" = 1 ] && case " $SCENARIOS " in *" login "*) need_bench=1;; esac
[ "$PROFILE" -gt 0 ] && [ -f "$BENCH_JAR" ] && need_bench=1
if [ "$need_bench" = 1 ]; then
  [ -f "$BENCH_JAR" ] || die "no bench jar at $BENCH_JAR (needed by loadgen and the login baseline; BUILD=1, or BASELINE=0)"
  copy_checked "$BENCH_JAR" "$WORK/bench.jar" "io/tokenbooth/bench/LoadGenerator.class"
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(cd "$here" && git rev-parse HEAD 2>/dev/null || echo unknown)$(cd "$here" && [ -n "$(git status --porcelain -- server verifier pom.xml tokenbooth 2>/dev/null)" ] && echo ' (server sources with uncommitted changes)' || true)"
  echo "server sources last changed by: $(cd "$here" && git log -1 --format='%h %cI %s' -- server verifier pom.xml tokenbooth 2>/dev/null | cut -c1-120)"
  echo "server jar: $SERVER_JAR ($(date -u -r "$SERVER_JAR" +%Y-%m-%dT%H:%M:%SZ), sha256 $(sha256sum "$SERVER_JAR" | cut -c1-16))"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1); nproc: $NPROC"
  echo "kernel: $(uname -r)"
  echo "java: $("$java" -version 2>&1 | tr '\n' ' ')"
  echo "wrk: $(wrk -v 2>&1 | head -n1)"
  echo "server JVM options: ${TOKENBOOTH_JAVA_OPTS:-the launcher defaults (see server-*.cmdline)}"
  echo "database: $DB"
  echo "server core: $SERVER_CPU; generators, curl and the CLI: core $CLIENT_CPU$([ "$DB" = postgres ] && echo "; PostgreSQL backends of this run: core ${PG_CPU:-unpinned}" || true)"
  echo "method: generators $GENERATORS; $THREADS thread(s), $CONNECTIONS connections, ${WARMUP} s warm-up run then ${DURATION} s measured run"
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/env.txt" >&2

. "$here/bench/wrk/scenarios.sh"
: >"$OUT/results.txt"

# ---- 1. start-up: fresh database, clients, then a start on the existing database ---------------------------------
[ "$DB" = postgres ] && create_pg_database
data="$WORK/data"
port="$(free_port)"
base="http://127.0.0.1:$port"
start_server fresh "$data" "$port"
echo "fresh database: ready ${READY_MS:-?} ms after JVM start, ${LAUNCH_MS} ms after launch" >"$OUT/startup.txt"
register_client load-cc "$data"
register_client load-rs "$data"
stop_server
# Process start -> first client_credentials token: curl polls from the other core while the server starts.
launch_server existing "$data" "$port"
first_token_ms=""
for i in $(seq 1 6000); do
  ready_seen || server_starting
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 -H @"$(auth_header_file load-cc)" \
      -d 'grant_type=client_credentials&scope=orders:read' "$base/oauth2/token" 2>/dev/null || true)" = 200 ]; then
    first_token_ms=$(( $(date +%s%3N) - LAUNCHED_AT ))
    break
  fi
  sleep 0.01
done
ready_seen || die "the server gave a token but never logged that it was ready"
[ -n "$first_token_ms" ] || die "no client_credentials token within 60 s of the launch"
echo "existing database: ready ${READY_MS:-?} ms after JVM start, ${LAUNCH_MS} ms after launch; first client_credentials token ${first_token_ms} ms after launch" \
  | tee -a "$OUT/startup.txt" >&2
rss_start="$(rss_mib "$JVM_PID")"

# ---- 2. preparation, 3. load -------------------------------------------------------------------------------------
prepare
if [ "${CAPTURE:-0}" = 1 ]; then
  for s in $SCENARIOS; do for g in $GENERATORS; do capture "$s" "$g" || log "capture of $s by $g failed; skipped"; done; done
fi
rss_before="$(rss_mib "$JVM_PID")"
echo "after start $rss_start MiB; after preparation (before the load) $rss_before MiB" >"$OUT/memory.txt"
for s in $SCENARIOS; do
  for g in $GENERATORS; do
    [ "$WARMUP" -gt 0 ] && "run_$g" "$s" warmup "$WARMUP"
    "run_$g" "$s" measured "$DURATION"
    require_alive
    [ "$PROFILE" -gt 0 ] && [ "$g" = "${GENERATORS%% *}" ] && profile_scenario "$s" "$g"
  done
  echo "after $s: $(rss_mib "$JVM_PID") MiB" >>"$OUT/memory.txt"
done
rss_after="$(rss_mib "$JVM_PID")"
if [ -n "${AFTER_LOAD:-}" ]; then
  SERVER_PID="$JVM_PID" OUT="$OUT" bash -c "$AFTER_LOAD" || log "AFTER_LOAD failed (status $?)"
fi

# ---- 4. the bare Argon2id rate, for login ------------------------------------------------------------------------
case " $SCENARIOS " in *" login "*) [ "$BASELINE" = 1 ] && run_hash_baseline;; esac
require_alive
stop_server
echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/env.txt" >&2

# ---- summary -----------------------------------------------------------------------------------------------------
. "$here/bench/wrk/summary.sh"
write_summary >"$OUT/summary.md"
cat "$OUT/summary.md"
log "all output in $OUT"
grep -q 'RUN HAD ERRORS' "$OUT/summary.md" && exit 3
exit 0
