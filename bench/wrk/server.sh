# Server lifecycle for bench/run-wrk.sh (sourced, not run): a private copy of the launcher and jar, a server pinned
# to one core on a given data folder and port, clients registered with the copied CLI, a fresh PostgreSQL database,
# and what is read from /proc about the server. Expects $WORK (private folder), $OUT, $SERVER_CPU, $CLIENT_CPU,
# $JAVA_HOME_RUN, $DB_URL (empty for the embedded H2 database) and the array PIDS (everything started, for the trap).

log() { echo "[run-wrk $(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "[run-wrk] FAILED: $*" >&2; exit 1; }

stop_pid() { # pid: TERM, wait up to 60 s, then KILL. The launcher writes the class archive or the AOT cache when the
  # first server stops; on a busy machine that takes longer than 20 s, and a KILL then leaves every later start of the
  # run without it (and the measured PID the launcher's shell, not the JVM).
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

copy_checked() { # source target entry: copy, retrying (bounded) while a concurrent build rewrites the source
  local i
  for i in 1 2 3 4 5 6; do
    cp "$1" "$2" 2>/dev/null && "$JAVA_HOME_RUN/bin/jar" tf "$2" 2>/dev/null | grep -q "^$3\$" && return 0
    log "$1 is incomplete (being rebuilt?); retrying in 10 s"
    sleep 10
  done
  die "cannot get a complete $1"
}

# The launcher runs the copied jar exactly as ./tokenbooth runs the real one (same JDK choice, default JVM options,
# its own class-data archive beside the jar). With no sources beside it, it never rebuilds: an installed copy.
install_server() { # launcher jar
  mkdir -p "$WORK/launcher/server/target"
  cp "$1" "$WORK/launcher/tokenbooth"
  copy_checked "$2" "$WORK/launcher/server/target/tokenbooth-server-0.1.0-SNAPSHOT-all.jar" \
      "io/tokenbooth/server/cli/TokenboothCli.class"
}

free_port() { # a TCP port nobody listens on now
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    [ -z "$(ss -Htln "sport = :$p")" ] && { echo "$p"; return 0; }
  done
  die "no free port found"
}

db_args() { # the CLI/server arguments that choose the database
  if [ -n "$DB_URL" ]; then echo "--db $DB_URL"; fi
}

SERVER_PID=""   # what was launched: the JVM itself, or the launcher while it records an AOT cache
JVM_PID=""      # the server's JVM, which every /proc reading and jcmd uses
SERVER_LOG=""
READY_MS=""     # as the server says: ready N ms after JVM start
LAUNCH_MS=""    # from launching the launcher to the ready line in its log, wall clock
LAUNCHED_AT=""  # epoch ms of the launch
launch_server() { # name data-dir port: the launcher copy, pinned to $SERVER_CPU, in the background
  local name="$1" data="$2" port="$3"
  SERVER_LOG="$OUT/server-$name.log"
  READY_MS=""
  LAUNCH_MS=""
  LAUNCHED_AT="$(date +%s%3N)"
  # shellcheck disable=SC2046
  (cd "$WORK" && exec env TOKENBOOTH_RATE_LIMIT_LOGIN_PER_IP=0 TOKENBOOTH_RATE_LIMIT_REFRESH_PER_IP=0 \
      TOKENBOOTH_RATE_LIMIT_SIGNUP_PER_IP=0 taskset -c "$SERVER_CPU" "$WORK/launcher/tokenbooth" serve \
      --port "$port" --data "$data" $(db_args)) >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!   # the launcher execs java: this is the JVM's pid
  PIDS+=("$SERVER_PID")
}

ready_seen() { # true once the server has logged that it is ready; the first time, records READY_MS and LAUNCH_MS
  [ -n "$LAUNCH_MS" ] && return 0
  local line
  line="$(grep -m1 'Tokenbooth ready' "$SERVER_LOG" 2>/dev/null || true)"
  [ -n "$line" ] || return 1
  LAUNCH_MS=$(( $(date +%s%3N) - LAUNCHED_AT ))
  READY_MS="$(sed -nE 's#.* ([0-9]+) ms after JVM start.*#\1#p' <<<"$line")"
  find_jvm
  tr '\0' ' ' <"/proc/$JVM_PID/cmdline" >"${SERVER_LOG%.log}.cmdline" 2>/dev/null || true
  return 0
}

# The launcher execs java, except on a JDK 25 run that records the AOT cache: then java is its child, and the
# launcher's own pid would give its shell's CPU time and memory, not the server's.
find_jvm() {
  JVM_PID="$SERVER_PID"
  case "$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null)" in
    */java) ;;
    *) JVM_PID="$(pgrep -P "$SERVER_PID" -x java | head -n1)"
       [ -n "$JVM_PID" ] || die "the launcher (pid $SERVER_PID) runs no java process"
       log "the server JVM (pid $JVM_PID) is a child of the launcher: it is recording its AOT cache (figures of this start are not those of a cached start)"
       echo "server JVM pid $JVM_PID ran as the launcher's child, recording its AOT cache" >>"$OUT/env.txt";;
  esac
}

server_starting() { # fails loudly if the server has died
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$SERVER_LOG" >&2; die "the server exited during start (log: $SERVER_LOG)"; }
}

start_server() { # name data-dir port: launch, and return when ready (at most 60 s)
  local i
  launch_server "$@"
  for i in $(seq 1 6000); do
    ready_seen && break
    server_starting
    sleep 0.01
  done
  ready_seen || { tail -30 "$SERVER_LOG" >&2; die "server $1 not ready within 60 s"; }
  log "server $1 (pid $SERVER_PID) ready on port $3: ${READY_MS:-?} ms after JVM start, ${LAUNCH_MS} ms after launch"
}

stop_server() {
  [ -n "$SERVER_PID" ] && stop_pid "$SERVER_PID"
  SERVER_PID=""
  JVM_PID=""
}

require_alive() {
  kill -0 "$SERVER_PID" 2>/dev/null && return 0
  local status=0; wait "$SERVER_PID" 2>/dev/null || status=$?
  die "the server (pid $SERVER_PID) is gone (exit status $status; 137 = SIGKILL, 143 = SIGTERM from outside)"
}

# A confidential client_credentials client (client_secret_basic, scope orders:read) registered with the copied CLI
# while the server runs (H2 is opened with AUTO_SERVER, so the CLI joins it). The secret is ours, written to a file in
# the private folder and given on stdin, so it is on no command line. The CLI gets its own JVM options, hence its own
# class-data archive, and the other core.
register_client() { # id data-dir -> $WORK/secret-<id>
  local id="$1" data="$2" secret="$WORK/secret-$1"
  (umask 077; head -c 30 /dev/urandom | base64 | tr '+/' '-_' >"$secret")
  # shellcheck disable=SC2046
  (cd "$WORK" && timeout --kill-after=10 120 env TOKENBOOTH_JAVA_OPTS="-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1" \
      taskset -c "$CLIENT_CPU" "$WORK/launcher/tokenbooth" client add "$id" --grant client_credentials \
      --scope orders:read --secret-stdin --data "$data" $(db_args) <"$secret") >"$OUT/client-add-$id.log" 2>&1 \
    || { cat "$OUT/client-add-$id.log" >&2; die "cannot register client $id"; }
  log "$(grep -m1 '^registered client' "$OUT/client-add-$id.log" || echo "registered client $id")"
}

# ---- what /proc says about a process ----
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }             # user + system, in USER_HZ (100/s)
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
io_counters() { awk '/^(rchar|wchar|syscr|syscw):/ { printf "%s ", $2 }' "/proc/$1/io"; }  # rchar wchar syscr syscw

# ---- PostgreSQL: a fresh database per run, dropped on exit ----
PG_DB=""
pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"; }
create_pg_database() {
  PG_DB="tokenbooth_wrk_$(date -u +%Y%m%d%H%M%S)_$$"
  pg -c "CREATE DATABASE $PG_DB" >/dev/null || die "cannot create database $PG_DB on 127.0.0.1:5432"
  DB_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB?user=postgres"
  # A shared database needs the key that wraps the signing keys at rest (the same on every node): one per run.
  TOKENBOOTH_MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
  export TOKENBOOTH_MASTER_KEY
  log "PostgreSQL database $PG_DB created"
}
drop_pg_database() {
  [ -n "$PG_DB" ] && pg -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  PG_DB=""
}
pg_backends() { # the backend processes that serve our database
  pg -At -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'" 2>/dev/null || true
}
