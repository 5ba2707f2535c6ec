#!/usr/bin/env bash
# Tokenbooth end-to-end load benchmark on this machine (loopback only). See docs/performance.md.
#
# Builds the server and bench jars, then:
#   1. starts the server pinned to ONE core (taskset -c $SERVER_CPU) on a fresh data dir and a free port, and
#      records "ready ... N ms after JVM start"; stops it and starts it $RESTARTS times on the now-existing database;
#   2. runs the load generator pinned to another core ($CLIENT_CPU) for each of $SCENARIOS ($WARMUP s warm-up, then
#      $DURATION s measured), reading the server's resident memory (ps rss) after each. For the OAuth scenarios
#      (client-credentials, introspect) it first registers two confidential clients in the server's private data
#      folder with the copied `tokenbooth client add` (the CLI joins the running server's H2 database): load-cc
#      (client_credentials, scope orders:read) and load-rs (the introspecting resource server); their secrets stay
#      in the private work folder and are handed to the load generator as files;
#   3. runs hash-baseline (PasswordHasher.verify in process, the server's JVM flags) pinned to the server's core
#      while the server idles: the bare Argon2id rate a password login is compared with;
#   4. refresh against a fresh server with TOKENBOOTH_CRYPTO_PROVIDER=jdk and with the default (ACCP), $AB_ROUNDS
#      round(s) alternating, to show the provider's effect end to end ($WARMUP_AB s warm-up: a fresh JVM on one
#      core needs longer than $WARMUP s before its JIT has caught up);
#   5. optionally ($PROFILE="refresh jwks ...") an extra pass per scenario with a JFR recording of the server,
#      summarised by io.tokenbooth.bench.JfrSummary (profiled figures are not the headline figures); and with
#      PROFILE_STARTUP=1 one more start on the existing database recorded by JFR from JVM start to ready.
# Data (issue 11, scale of data): DB=postgres runs every server on its own fresh PostgreSQL database (created on
# $PG_HOST:$PG_PORT as $PG_USER, trust auth, dropped on exit) instead of the embedded H2; SEED=N first fills the main
# server's database with N accounts, login sources, live refresh families, refresh tokens and status-list entries
# (io.tokenbooth.bench.SeedData: batched inserts after Flyway, one shared Argon2id hash for every seeded account),
# then ANALYZEs it on PostgreSQL; the start-up figures of a seeded run are then starts on a seeded database.
# SEED_FROM: with SEED=N, a database seeded beforehand (outside the bench lock: seeding a million rows takes minutes)
# instead of seeding here: for DB=h2 a data folder written by SeedData --data, copied; for DB=postgres the name of a
# database written by SeedData --db (and ANALYZEd), used as the template of the run's database. N is then only recorded.
# SERVER_JAR / BENCH_JAR: run these jars instead of building (both set: no build), e.g. a baseline built elsewhere.
# Prints a summary and writes everything to $OUT. Every wait and loop is bounded; everything started is stopped on exit.
#
# Settings (environment): WARMUP=10 DURATION=30 SCENARIOS="jwks me refresh login client-credentials introspect"
# C_JWKS=32 C_ME=32 C_REFRESH=32 C_LOGIN=4 C_CC=32 C_INTROSPECT=32 TOKENS=1000 (introspect's token pool, 1..20000)
# RESTARTS=3 BASELINE=1 AB_ROUNDS=1 WARMUP_AB=30 PROFILE="" PROFILE_STARTUP=0 SERVER_CPU=0 CLIENT_CPU=1 SKIP_BUILD=0
# DB=h2 (or postgres) PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres SEED=0 SEED_FROM= SERVER_JAR= BENCH_JAR=
# OUT=bench/target/load-<time>. E.g. profiles only: SCENARIOS= BASELINE=0 AB_ROUNDS=0 RESTARTS=1 PROFILE="refresh jwks"
# The server runs through a private copy of ./tokenbooth, so with its default JVM options unless TOKENBOOTH_JAVA_OPTS
# is set; the hash baseline uses the same options as the running server.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-30}"
SCENARIOS="${SCENARIOS-jwks me refresh login client-credentials introspect}"
C_JWKS="${C_JWKS:-32}"
C_ME="${C_ME:-32}"
C_REFRESH="${C_REFRESH:-32}"
C_LOGIN="${C_LOGIN:-4}"
C_CC="${C_CC:-32}"
C_INTROSPECT="${C_INTROSPECT:-32}"
TOKENS="${TOKENS:-1000}"
RESTARTS="${RESTARTS:-3}"
BASELINE="${BASELINE:-1}"
PROFILE_STARTUP="${PROFILE_STARTUP:-0}"
AB_ROUNDS="${AB_ROUNDS:-1}"
WARMUP_AB="${WARMUP_AB:-30}"
PROFILE="${PROFILE:-}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
SKIP_BUILD="${SKIP_BUILD:-0}"
DB="${DB:-h2}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"
SEED="${SEED:-0}"
SEED_FROM="${SEED_FROM:-}"
SERVER_JAR="${SERVER_JAR:-}"
BENCH_JAR="${BENCH_JAR:-}"
OUT="${OUT:-$here/bench/target/load-$(date +%Y%m%d-%H%M%S)}"

[ "$WARMUP" -ge 0 ] && [ "$WARMUP" -le 60 ] || { echo "WARMUP must be 0..60" >&2; exit 2; }
[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 120 ] || { echo "DURATION must be 1..120" >&2; exit 2; }
[ "$RESTARTS" -ge 1 ] && [ "$RESTARTS" -le 10 ] || { echo "RESTARTS must be 1..10" >&2; exit 2; }
[ "$AB_ROUNDS" -ge 0 ] && [ "$AB_ROUNDS" -le 5 ] || { echo "AB_ROUNDS must be 0..5" >&2; exit 2; }
[ "$WARMUP_AB" -ge 0 ] && [ "$WARMUP_AB" -le 60 ] || { echo "WARMUP_AB must be 0..60" >&2; exit 2; }
[ "$TOKENS" -ge 1 ] && [ "$TOKENS" -le 20000 ] || { echo "TOKENS must be 1..20000" >&2; exit 2; }
[ "$SEED" -ge 0 ] && [ "$SEED" -le 10000000 ] || { echo "SEED must be 0..10000000" >&2; exit 2; }
case "$DB" in h2) ;; postgres) command -v psql >/dev/null || { echo "DB=postgres needs psql" >&2; exit 2; };;
  *) echo "DB must be h2 or postgres" >&2; exit 2;; esac
for j in "$SERVER_JAR" "$BENCH_JAR"; do [ -z "$j" ] || [ -f "$j" ] || { echo "no such jar: $j" >&2; exit 2; }; done
[ -n "$SERVER_JAR" ] && [ -n "$BENCH_JAR" ] && SKIP_BUILD=1
if [ "$DB" = postgres ] && [ -z "${TOKENBOOTH_MASTER_KEY:-}" ]; then
  # A shared database needs the master key that encrypts the signing keys; one per run, never written to $OUT.
  TOKENBOOTH_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
  export TOKENBOOTH_MASTER_KEY
fi
for s in $SCENARIOS $PROFILE; do
  case "$s" in jwks|me|refresh|login|client-credentials|introspect) ;; *) echo "unknown scenario: $s" >&2; exit 2;; esac
done
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 2; }

java_home="$("$here/tokenbooth" --print-java-home)"
[ -n "$java_home" ] || { echo "no JDK 21+ found (see ./tokenbooth)" >&2; exit 2; }
java="$java_home/bin/java"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m}"

mkdir -p "$OUT"
work="$(mktemp -d /tmp/tokenbooth-load.XXXXXX)"
pids=()

stop_pid() { # pid: TERM, wait up to 20 s, then KILL
  local pid="$1" i status
  if ! kill -0 "$pid" 2>/dev/null; then
    status=0; wait "$pid" 2>/dev/null || status=$?
    [ "$status" = 0 ] || echo "[run-load] pid $pid had already exited with status $status" >&2
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
pg_databases=()
psql_admin() { psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  local pid d
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  for d in "${pg_databases[@]:-}"; do [ -n "$d" ] && psql_admin -c "drop database if exists $d" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[run-load $(date +%H:%M:%S)] $*" >&2; }

if [ "$SKIP_BUILD" != 1 ]; then
  log "building with $java_home"
  (cd "$here" && JAVA_HOME="$java_home" mvn -q -B -pl bench -am -Dmaven.test.skip=true package) >&2
fi
# Private copies of the launcher and the jars: other builds may rewrite target/ while this runs. The copied launcher
# runs the copied jar exactly as ./tokenbooth runs the real one (same JDK choice and default JVM options, its own
# class-data-sharing archive next to the jar); it sees no sources beside it, so it never rebuilds.
mkdir -p "$work/launcher/server/target"
cp "$here/tokenbooth" "$work/launcher/tokenbooth"
copy_jar() { # source target class: copy, and retry (bounded) while a concurrent build is rewriting the source
  local i
  for i in 1 2 3 4 5 6; do
    cp "$1" "$2" 2>/dev/null && "$java_home/bin/jar" tf "$2" 2>/dev/null | grep -q "^$3\$" && return 0
    log "$1 is incomplete (being rebuilt?); retrying in 10 s"
    sleep 10
  done
  echo "cannot get a complete $1" >&2
  exit 1
}
copy_jar "${SERVER_JAR:-$here/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar}" \
    "$work/launcher/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar" "io/tokenbooth/server/cli/TokenboothCli.class"
copy_jar "${BENCH_JAR:-$here/bench/target/benchmarks.jar}" "$work/bench.jar" "io/tokenbooth/bench/LoadGenerator.class"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1) ($(nproc) cores; family $(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -n1))"
  echo "kernel: $(uname -r)"
  echo "jdk: $("$java" -version 2>&1 | sed -n 2p)"
  echo "server JVM options: ${TOKENBOOTH_JAVA_OPTS:-the launcher defaults, see server-*.cmdline}"
  echo "server core: $SERVER_CPU, load generator core: $CLIENT_CPU"
  echo "database: $DB$([ "$DB" = postgres ] && echo " on $PG_HOST:$PG_PORT ($(psql_admin -At -c 'show server_version'), not pinned)"), seeded: $SEED${SEED_FROM:+ (copied from $SEED_FROM)}"
  echo "jars: ${SERVER_JAR:-built server}, ${BENCH_JAR:-built bench}"
  echo "git: $(cd "$here" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$here" && [ -n "$(git status --porcelain 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/env.txt" >&2

# The database of a data folder: the folder's embedded H2, or (DB=postgres) a fresh PostgreSQL database of its own,
# created on first use. Sets DB_ARGS (the --db option for the server and the CLI) and DB_URL.
DB_ARGS=()
DB_URL=""
database_for() { # data-dir
  DB_ARGS=(); DB_URL=""
  [ "$DB" = postgres ] || return 0
  local name
  name="tb_load_$$_$(basename "$1" | tr -c 'a-z0-9\n' '_')"
  if ! printf '%s\n' "${pg_databases[@]:-}" | grep -qx "$name"; then
    psql_admin -c "create database $name${DB_TEMPLATE:+ template $DB_TEMPLATE}"
    pg_databases+=("$name")
  fi
  DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$name?user=$PG_USER"
  DB_ARGS=(--db "$DB_URL")
}

# SEED=N rows of each kind in the data folder's database, before its first server start.
seed() { # data-dir
  if [ -n "$SEED_FROM" ]; then
    log "seeded database copied from $SEED_FROM ($SEED rows of each kind, seeded beforehand)"
    if [ "$DB" = postgres ]; then DB_TEMPLATE="$SEED_FROM" database_for "$1"; else cp -r "$SEED_FROM" "$1"; fi
    return 0
  fi
  database_for "$1"
  local target=(--data "$1")
  [ "$DB" = postgres ] && target=(--db "$DB_URL&reWriteBatchedInserts=true")
  log "seeding $SEED accounts and live tokens into $DB ($(basename "$1"))"
  # shellcheck disable=SC2086
  timeout --kill-after=10 3600 "$java" $CLIENT_JAVA_OPTS -cp "$work/bench.jar" io.tokenbooth.bench.SeedData \
      --count "$SEED" "${target[@]}" >"$OUT/seed.txt" 2>"$OUT/seed.log" || { tail -20 "$OUT/seed.log" >&2; exit 1; }
  cat "$OUT/seed.txt" >&2
  if [ "$DB" = postgres ]; then
    psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$(sed -E 's#.*/([^?]+).*#\1#' <<<"$DB_URL")" -c analyze
  fi
}

SERVER_PID=""
SERVER_PORT=""
READY_MS=""
LAUNCH_MS=""
start_server() { # name data-dir [VAR=value...]: the launcher copy, pinned to $SERVER_CPU
  local name="$1" data="$2"; shift 2
  local logf="$OUT/server-$name.log" launched
  database_for "$data"
  launched="$(date +%s%3N)"
  (cd "$work" && exec env TOKENBOOTH_RATE_LIMIT_LOGIN_PER_IP=0 TOKENBOOTH_RATE_LIMIT_REFRESH_PER_IP=0 \
      TOKENBOOTH_RATE_LIMIT_SIGNUP_PER_IP=0 "$@" \
      taskset -c "$SERVER_CPU" "$work/launcher/tokenbooth" serve --port 0 --data "$data" "${DB_ARGS[@]}") >"$logf" 2>&1 &
  SERVER_PID=$!   # the launcher execs java: this is the JVM's pid
  pids+=("$SERVER_PID")
  local i line=""
  for i in $(seq 1 1200); do
    line="$(grep -m1 'Tokenbooth ready' "$logf" 2>/dev/null || true)"
    [ -n "$line" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; echo "server $name exited during start" >&2; exit 1; }
    sleep 0.05
  done
  LAUNCH_MS=$(( $(date +%s%3N) - launched ))
  [ -n "$line" ] || { cat "$logf" >&2; echo "server $name not ready within 60 s" >&2; exit 1; }
  tr '\0' ' ' <"/proc/$SERVER_PID/cmdline" >"$OUT/server-$name.cmdline"
  SERVER_PORT="$(sed -E 's#.*ready on http://[^:]+:([0-9]+).*#\1#' <<<"$line")"
  READY_MS="$(sed -E 's#.* ([0-9]+) ms after JVM start.*#\1#' <<<"$line")"
  log "server $name (pid $SERVER_PID) ready on port $SERVER_PORT, ${READY_MS} ms after JVM start (${LAUNCH_MS} ms after launch): $(sed 's/.*(//' <<<"$line")"
}

# The server's JVM options (from the running JVM), less what belongs to its jar: for the in-process baseline.
server_jvm_options() {
  tr '\0' '\n' <"/proc/$1/cmdline" | sed -n '2,$p' | sed '/^-jar$/,$d' \
    | grep -vE '^-XX:(\+AutoCreateSharedArchive|SharedArchiveFile=|StartFlightRecording)' | tr '\n' ' '
}

stop_server() {
  [ -n "$SERVER_PID" ] && stop_pid "$SERVER_PID"
  SERVER_PID=""
}

require_alive() { # the server must not have died under load (or been killed from outside)
  if ! kill -0 "$1" 2>/dev/null; then
    local status=0; wait "$1" 2>/dev/null || status=$?
    echo "the server (pid $1) is gone (exit status $status; 137 = SIGKILL, 143 = SIGTERM from outside); its log:" >&2
    tail -20 "$OUT"/server-existing-"$RESTARTS".log >&2
    exit 1
  fi
}

rss_mib() { awk '{printf "%.1f", $1/1024}' <<<"$(ps -o rss= -p "$1")"; }

concurrency_of() {
  case "$1" in jwks) echo "$C_JWKS";; me) echo "$C_ME";; refresh) echo "$C_REFRESH";; login) echo "$C_LOGIN";;
    client-credentials) echo "$C_CC";; introspect) echo "$C_INTROSPECT";; *) echo 1;; esac
}

is_oauth() { case "$1" in client-credentials|introspect) return 0;; *) return 1;; esac; }

# OAuth clients, registered with the copied CLI in a server's data folder while that server runs (the embedded H2
# database is opened with AUTO_SERVER, so the CLI joins it). The CLI gets its own JVM options, hence its own CDS
# archive: it must not rewrite the server's. Secrets go to files in the private work folder (removed on exit), never
# to $OUT or a command line. Sets CLIENT_ARGS for the load generator.
CLIENT_ARGS=()
register_clients() { # data-dir tag
  local data="$1" tag="$2" id out
  database_for "$data"
  for id in load-cc load-rs; do
    out="$work/client-$tag-$id.txt"
    (umask 077; cd "$work" && timeout --kill-after=10 120 env TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1" \
        taskset -c "$CLIENT_CPU" "$work/launcher/tokenbooth" client add "$id" --grant client_credentials \
        --scope orders:read --data "$data" "${DB_ARGS[@]}" >"$out" 2>"$OUT/client-add-$tag-$id.log") \
      || { cat "$OUT/client-add-$tag-$id.log" >&2; echo "cannot register client $id in $data" >&2; exit 1; }
    grep -q '^client_secret: ' "$out" || { echo "tokenbooth client add $id printed no client_secret" >&2; exit 1; }
    log "$(grep -m1 '^registered client' "$out" || echo "registered client $id") in $(basename "$data")"
  done
  CLIENT_ARGS=(--client load-cc --client-secret-file "$work/client-$tag-load-cc.txt"
               --introspector load-rs --introspector-secret-file "$work/client-$tag-load-rs.txt" --tokens "$TOKENS")
}

run_load() { # name scenario [load generator options...] -> $OUT/load-name.txt; RESULT line in $OUT/results.txt
  local name="$1" scenario="$2" c warmup="${RUN_WARMUP:-$WARMUP}"; shift 2
  c="$(concurrency_of "$scenario")"
  local extra=()
  if is_oauth "$scenario"; then extra=("${CLIENT_ARGS[@]}"); fi
  log "load $name: $scenario, concurrency $c, ${warmup}+${DURATION} s, load generator on core $CLIENT_CPU"
  # shellcheck disable=SC2086
  timeout --kill-after=10 $((warmup + DURATION + 300)) taskset -c "$CLIENT_CPU" "$java" $CLIENT_JAVA_OPTS \
      -cp "$work/bench.jar" io.tokenbooth.bench.LoadGenerator --url "http://127.0.0.1:$SERVER_PORT" \
      --scenario "$scenario" --concurrency "$c" --warmup "$warmup" --duration "$DURATION" \
      --server-pid "$SERVER_PID" "${extra[@]}" "$@" | tee "$OUT/load-$name.txt" >&2
  echo "name=$name $(grep '^RESULT' "$OUT/load-$name.txt" | sed 's/^RESULT //') loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
      >>"$OUT/results.txt"
}

result() { # name key -> value
  sed -n "s/^name=$1 .*[[:space:]]$2=\([^[:space:]]*\).*/\1/p" "$OUT/results.txt" | head -n1
}

: >"$OUT/results.txt"
: >"$OUT/memory.txt"
: >"$OUT/startup.txt"

# ---- 1. start-up: fresh database, then restarts on the existing one -------------------------------------------
data="$work/data-main"
[ "$SEED" -gt 0 ] && seed "$data"
start_server fresh "$data"
echo "fresh $READY_MS ms after JVM start ($LAUNCH_MS ms after launch)" >>"$OUT/startup.txt"
stop_server
for r in $(seq 1 "$RESTARTS"); do
  start_server "existing-$r" "$data"
  echo "existing-$r $READY_MS ms after JVM start ($LAUNCH_MS ms after launch)" >>"$OUT/startup.txt"
  [ "$r" -lt "$RESTARTS" ] && stop_server
done
main_pid="$SERVER_PID"
echo "idle-after-start $(rss_mib "$main_pid")" >>"$OUT/memory.txt"

# ---- 2. scenarios ---------------------------------------------------------------------------------------------
for s in $SCENARIOS; do
  if is_oauth "$s"; then register_clients "$data" main; break; fi
done
load_seconds=0
for s in $SCENARIOS; do
  run_load "$s" "$s"
  load_seconds=$((load_seconds + WARMUP + DURATION))
  echo "after-$s ${load_seconds}s-of-load $(rss_mib "$main_pid")" | tee -a "$OUT/memory.txt" >&2
  require_alive "$main_pid"
done

# ---- 3. bare Argon2id baseline on the server's core, server idle -------------------------------------------------
if [ "$BASELINE" = 1 ]; then
  baseline_opts="$(server_jvm_options "$main_pid")"
  log "hash-baseline on core $SERVER_CPU (server idle), ${WARMUP}+${DURATION} s, JVM options: $baseline_opts"
  # shellcheck disable=SC2086
  timeout --kill-after=10 $((WARMUP + DURATION + 120)) taskset -c "$SERVER_CPU" "$java" $baseline_opts \
      -cp "$work/bench.jar" io.tokenbooth.bench.LoadGenerator --scenario hash-baseline \
      --warmup "$WARMUP" --duration "$DURATION" | tee "$OUT/load-hash-baseline.txt" >&2
  echo "name=hash-baseline $(grep '^RESULT' "$OUT/load-hash-baseline.txt" | sed 's/^RESULT //') loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
      >>"$OUT/results.txt"
fi
require_alive "$main_pid"
echo "final $(rss_mib "$main_pid")" >>"$OUT/memory.txt"
stop_server

# ---- 4. JCA provider effect on refresh: ACCP (default) vs JDK, fresh servers, alternating ------------------------
for round in $(seq 1 "$AB_ROUNDS"); do
  for provider in accp jdk; do
    if [ "$provider" = jdk ]; then env_provider="TOKENBOOTH_CRYPTO_PROVIDER=jdk"; else env_provider="TOKENBOOTH_CRYPTO_PROVIDER=auto"; fi
    start_server "refresh-$provider-$round" "$work/data-$provider-$round" "$env_provider"
    RUN_WARMUP="$WARMUP_AB" run_load "refresh-$provider-$round" refresh
    stop_server
  done
done

# ---- 5. optional JFR profiles ---------------------------------------------------------------------------------
for s in $PROFILE; do
  # The load generator starts and stops the recording (jcmd) around its measured window only.
  start_server "profile-$s" "$work/data-profile-$s"
  is_oauth "$s" && register_clients "$work/data-profile-$s" "profile-$s"
  run_load "profile-$s" "$s" --jfr "$OUT/profile-$s.jfr"
  stop_server
  "$java" -cp "$work/bench.jar" io.tokenbooth.bench.JfrSummary "$OUT/profile-$s.jfr" 30 >"$OUT/profile-$s.txt" 2>&1 || true
  log "profile of $s: $OUT/profile-$s.txt"
done

if [ "$PROFILE_STARTUP" = 1 ]; then
  start_server "profile-startup" "$data" "JDK_JAVA_OPTIONS=-XX:StartFlightRecording:filename=$OUT/profile-startup.jfr,settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms"
  echo "profile-startup (JFR on) $READY_MS ms after JVM start ($LAUNCH_MS ms after launch)" >>"$OUT/startup.txt"
  "$java_home/bin/jcmd" "$SERVER_PID" JFR.stop name=1 >/dev/null 2>&1 || true
  stop_server
  "$java" -cp "$work/bench.jar" io.tokenbooth.bench.JfrSummary "$OUT/profile-startup.jfr" 30 >"$OUT/profile-startup.txt" 2>&1 || true
  log "profile of the start: $OUT/profile-startup.txt"
fi

echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/env.txt" >&2

# ---- summary --------------------------------------------------------------------------------------------------
{
  echo "# Tokenbooth load run $(basename "$OUT")"
  echo
  sed 's/^/    /' "$OUT/env.txt"
  echo
  echo "Start-up (ready):"
  sed 's/^/    /' "$OUT/startup.txt"
  echo
  echo "| scenario | conc. | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | server CPU | req per server CPU-s | client CPU | loadavg |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  while read -r line; do
    n="$(sed -E 's/^name=([^ ]+).*/\1/' <<<"$line")"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s %% | %s | %s | %s |\n' "$n" \
      "$(result "$n" concurrency)" "$(result "$n" rps)" "$(result "$n" p50_ms)" "$(result "$n" p90_ms)" \
      "$(result "$n" p99_ms)" "$(result "$n" max_ms)" "$(result "$n" non2xx)" "$(result "$n" errors)" \
      "$(result "$n" cpu_pct)" "$(result "$n" per_cpu_s)" "$(c="$(result "$n" client_cpu_pct)"; [ -n "$c" ] && echo "$c %" || echo -)" \
      "$(result "$n" loadavg)"
  done <"$OUT/results.txt"
  echo
  echo "Resident memory of the main server (MiB): $(tr '\n' ';' <"$OUT/memory.txt")"
  base="$(result hash-baseline rps)"
  login="$(result login rps)"
  if [ -n "$base" ] && [ -n "$login" ]; then
    echo
    awk -v l="$login" -v b="$base" 'BEGIN { printf "Password login / bare Argon2id verify (same run): %.1f / %.1f per s = %.1f %% (target >= 95 %%)\n", l, b, 100*l/b }'
    lc="$(result login per_cpu_s)"; bc="$(result hash-baseline per_cpu_s)"
    [ -n "$lc" ] && [ -n "$bc" ] && awk -v l="$lc" -v b="$bc" 'BEGIN { printf "  per CPU-second of the process: %.1f / %.1f = %.1f %%\n", l, b, 100*l/b }'
  fi
  for t in "client-credentials client_credentials 5000" "introspect introspection 20000"; do
    set -- $t
    r="$(result "$1" rps)"; rc="$(result "$1" per_cpu_s)"
    if [ -n "$r" ]; then
      awk -v r="$r" -v rc="${rc:-0}" -v n="$2" -v t="$3" -v bad="$(( $(result "$1" non2xx) + $(result "$1" errors) ))" \
        'BEGIN { printf "%s: %.1f req/s (per server CPU-second %.1f) vs target >= %d on one core: %.2f (%.2f per CPU-s)%s\n", n, r, rc, t, r/t, rc/t, (bad > 0 ? ", WITH " bad " NON-2XX/ERRORS" : "") }'
    fi
  done
  for round in $(seq 1 "$AB_ROUNDS"); do
    a="$(result "refresh-accp-$round" rps)"; j="$(result "refresh-jdk-$round" rps)"
    ac="$(result "refresh-accp-$round" per_cpu_s)"; jc="$(result "refresh-jdk-$round" per_cpu_s)"
    if [ -n "$a" ] && [ -n "$j" ]; then
      awk -v a="$a" -v j="$j" -v ac="${ac:-0}" -v jc="${jc:-1}" -v r="$round" 'BEGIN { printf "Refresh, round %d: ACCP %.1f req/s, JDK %.1f req/s: ACCP/JDK = %.2fx (per server CPU-second %.0f / %.0f = %.2fx)\n", r, a, j, a/j, ac, jc, ac/jc }'
    fi
  done
} | tee "$OUT/summary.md"
log "all output in $OUT"
