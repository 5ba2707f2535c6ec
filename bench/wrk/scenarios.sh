# Scenarios for bench/run-wrk.sh (sourced, not run): what each needs prepared through the public API, one run of
# wrk or of the Java load generator, and what /proc says about the server during it. Results go to
# $OUT/results.txt, one line of key=value per run. Expects what bench/wrk/server.sh expects, plus $base (server URL),
# $lua (this folder), $WORK/secret-load-cc and $WORK/secret-load-rs.

RUN_ID="$(date +%s)$$"
PASSWORD="wrk-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"   # random: in no breached-password list

auth_header_file() { # client-id -> a curl header file with its client_secret_basic credentials (RFC 6749 §2.3.1)
  local f="$WORK/auth-$1"
  [ -f "$f" ] || (umask 077; printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$1" "$(cat "$WORK/secret-$1")" | base64 -w0)" >"$f")
  echo "$f"
}

repeat_url() { # n url: the url n times (curl sends them over one keep-alive connection)
  local i; for i in $(seq 1 "$1"); do printf '%s\n' "$2"; done
}

# n client_credentials grants of load-cc over one connection, one JSON answer per line; each must carry a Bearer
# access token for orders:read that outlives the run.
cc_tokens() { # n -> access tokens, one per line
  local n="$1" answers="$WORK/cc-answers.json" needed=$(( 2 * (WARMUP + DURATION) + 60 ))
  # shellcheck disable=SC2046
  curl -sS -m 60 -H @"$(auth_header_file load-cc)" -d 'grant_type=client_credentials&scope=orders:read' \
      -w '\n' $(repeat_url "$n" "$base/oauth2/token") >"$answers" || die "client_credentials grants failed"
  [ "$(jq -r --argjson t "$needed" 'select(.token_type == "Bearer" and .scope == "orders:read" and .expires_in >= $t)
      | .access_token' "$answers" | sort -u | wc -l)" = "$n" ] \
    || { head -c 500 "$answers" >&2; die "$n client_credentials grants did not give $n distinct Bearer tokens living ${needed} s"; }
  jq -r .access_token "$answers"
}

sign_up_users() { # $USERS users, lines "name<TAB>password" in $WORK/users.tsv
  local i name code
  : >"$WORK/users.tsv"
  for i in $(seq 1 "$USERS"); do
    name="wrk${RUN_ID}u$i"
    code="$(curl -sS -m 30 -o "$WORK/signup.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"username\":\"$name\",\"password\":\"$PASSWORD\"}" "$base/api/v1/signup")"
    [ "$code" = 201 ] || { cat "$WORK/signup.json" >&2; die "sign-up of $name answered $code"; }
    printf '%s\t%s\n' "$name" "$PASSWORD" >>"$WORK/users.tsv"
  done
}

# n first-party logins, round-robin over the users, over one connection; prints the field asked for, one per line.
logins() { # n field
  local n="$1" field="$2" answers="$WORK/login-answers.json" i args=() user
  mapfile -t names < <(cut -f1 "$WORK/users.tsv")
  for i in $(seq 0 $((n - 1))); do
    user="${names[$((i % ${#names[@]}))]}"
    [ "$i" -gt 0 ] && args+=(--next)
    args+=(-sS -m 60 -w '\n' -H 'Content-Type: application/json'
           -d "{\"username\":\"$user\",\"password\":\"$PASSWORD\"}" "$base/api/v1/login")
  done
  curl "${args[@]}" >"$answers" || die "logins failed"
  [ "$(jq -r ".$field // empty" "$answers" | sort -u | wc -l)" = "$n" ] \
    || { head -c 500 "$answers" >&2; die "$n logins did not give $n distinct ${field}s"; }
  jq -r ".$field" "$answers"
}

prepare() { # what the scenarios need, before any load
  local s
  for s in $SCENARIOS; do
    case "$s" in
      introspect)
        cc_tokens "$TOKENS" >"$WORK/introspect-tokens.txt"
        local code
        code="$(curl -sS -m 10 -o "$WORK/introspect.json" -w '%{http_code}' -H @"$(auth_header_file load-rs)" \
            --data-urlencode "token=$(head -n1 "$WORK/introspect-tokens.txt")" "$base/oauth2/introspect")"
        [ "$code" = 200 ] && [ "$(jq -r .active "$WORK/introspect.json")" = true ] \
          || { cat "$WORK/introspect.json" >&2; die "introspection by load-rs answered $code, not active"; }
        log "introspect: $TOKENS distinct client_credentials tokens, the first one active for load-rs";;
      cc)
        cc_tokens 1 >/dev/null
        log "cc: load-cc gets a Bearer token for orders:read";;
      me|login|refresh)
        [ -f "$WORK/users.tsv" ] || { sign_up_users; log "signed up $USERS users"; };;
    esac
  done
  case " $SCENARIOS " in *" me "*)
    logins "$CONNECTIONS" access_token >"$WORK/access-tokens.txt"
    log "me: $CONNECTIONS access tokens from logins";;
  esac
}

# ---- measuring a window ----------------------------------------------------------------------------------------
pg_ticks() { # CPU ticks of the backends serving this run (DB=postgres), pinned to $PG_CPU when set
  local pid n=0
  for pid in $(pg_backends); do
    [ -n "$PG_CPU" ] && taskset -pc "$PG_CPU" "$pid" >/dev/null 2>&1 || true
    n=$(( n + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$n"
}

W_TICKS=0; W_IO=""; W_T0=0; W_PG=0
window_begin() {
  [ "$DB" = postgres ] && W_PG="$(pg_ticks)"
  W_TICKS="$(cpu_ticks "$JVM_PID")"; W_IO="$(io_counters "$JVM_PID")"; W_T0="$(date +%s%N)"
}
window_end() { # requests -> key=value: the server's CPU and I/O over the window, its RSS after
  local requests="$1" ticks io wall pg=""
  ticks=$(( $(cpu_ticks "$JVM_PID") - W_TICKS )); io="$(io_counters "$JVM_PID")"
  wall=$(( $(date +%s%N) - W_T0 ))
  [ "$DB" = postgres ] && pg="$(( $(pg_ticks) - W_PG ))"
  awk -v t="$ticks" -v w="$wall" -v r="$requests" -v a="$W_IO" -v b="$io" -v pg="$pg" -v rss="$(rss_mib "$JVM_PID")" 'BEGIN {
    split(a, x, " "); split(b, y, " "); r = (r > 0 ? r : 1); cpu = t / 100; wall = w / 1e9
    printf "server_cpu_s=%.2f server_cpu_pct=%.0f per_cpu_s=%.1f in_bytes_per_req=%.0f out_bytes_per_req=%.0f reads_per_req=%.2f writes_per_req=%.2f rss_mib=%s",
      cpu, 100 * cpu / wall, (cpu > 0 ? r / cpu : 0), (y[1] - x[1]) / r, (y[2] - x[2]) / r, (y[3] - x[3]) / r, (y[4] - x[4]) / r, rss
    if (pg != "") printf " db_cpu_s=%.2f", pg / 100
  }'
}

kv() { sed -n "s/.*[[:space:]]$2=\([^[:space:]]*\).*/\1/p" <<<" $1" | head -n1; }   # line key -> value

# ---- wrk ---------------------------------------------------------------------------------------------------------
wrk_target() { # scenario -> WRK_PATH WRK_SCRIPT WRK_ARGS
  WRK_ARGS=()
  case "$1" in
    jwks) WRK_PATH=/.well-known/jwks.json; WRK_SCRIPT=static.lua;;
    discovery) WRK_PATH=/.well-known/openid-configuration; WRK_SCRIPT=static.lua;;
    cc) WRK_PATH=/oauth2/token; WRK_SCRIPT=cc.lua; WRK_ARGS=(load-cc "$WORK/secret-load-cc" orders:read);;
    introspect) WRK_PATH=/oauth2/introspect; WRK_SCRIPT=introspect.lua
      WRK_ARGS=(load-rs "$WORK/secret-load-rs" "$WORK/introspect-tokens.txt");;
    refresh) WRK_PATH=/api/v1/refresh; WRK_SCRIPT=refresh.lua
      # Fresh chains for every wrk process: those in flight when the previous one stopped are spent or unknown.
      logins $((CONNECTIONS + SPARE)) refresh_token >"$WORK/refresh-chains.txt"
      WRK_ARGS=("$WORK/refresh-chains.txt");;
    login) WRK_PATH=/api/v1/login; WRK_SCRIPT=login.lua; WRK_ARGS=("$WORK/users.tsv");;
    me) WRK_PATH=/api/v1/me; WRK_SCRIPT=me.lua; WRK_ARGS=("$WORK/access-tokens.txt");;
  esac
}

run_wrk() { # scenario phase seconds
  local s="$1" phase="$2" secs="$3" name="wrk-$1-$2" line window
  [ "${WRK_PREPARED:-}" = "$s" ] || wrk_target "$s"
  WRK_PREPARED=""
  log "wrk $s $phase: ${secs} s, -t$THREADS -c$CONNECTIONS, core $CLIENT_CPU"
  window_begin
  /usr/bin/time -f 'WRK_CPU user_s=%U sys_s=%S wall_s=%e' -o "$WORK/time.txt" env WRK_THREADS="$THREADS" \
      taskset -c "$CLIENT_CPU" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency \
      -s "$lua/$WRK_SCRIPT" "$base$WRK_PATH" -- "${WRK_ARGS[@]}" >"$OUT/$name.txt" 2>&1 \
    || { cat "$OUT/$name.txt" >&2; die "wrk failed ($name)"; }
  cat "$WORK/time.txt" >>"$OUT/$name.txt"
  line="$(grep '^WRK_RESULT' "$OUT/$name.txt" || true)"
  [ -n "$line" ] || { cat "$OUT/$name.txt" >&2; die "wrk printed no WRK_RESULT ($name)"; }
  window="$(window_end "$(kv "$line" requests)")"
  # A CTRL-C reaches wrk too: it stops early and exits normally, and bash then runs no INT trap.
  awk -v d="$(kv "$line" duration_s)" -v s="$secs" 'BEGIN { exit !(d < 0.9 * s) }' \
    && die "wrk stopped after $(kv "$line" duration_s) s of $secs (interrupted?)"
  local non2xx errors client
  non2xx=$(( $(kv "$line" status_gt399) > $(kv "$line" non2xx) ? $(kv "$line" status_gt399) : $(kv "$line" non2xx) ))
  errors=$(( $(kv "$line" connect) + $(kv "$line" read) + $(kv "$line" write) + $(kv "$line" timeout) ))
  client="$(awk -v u="$(kv "$(cat "$WORK/time.txt")" user_s)" -v s="$(kv "$(cat "$WORK/time.txt")" sys_s)" -v d="$secs" \
      'BEGIN { printf "%.0f", 100 * (u + s) / d }')"
  echo "gen=wrk scenario=$s phase=$phase rps=$(kv "$line" rps) p50_ms=$(kv "$line" p50_ms) p90_ms=$(kv "$line" p90_ms) p99_ms=$(kv "$line" p99_ms) max_ms=$(kv "$line" max_ms) requests=$(kv "$line" requests) non2xx=$non2xx errors=$errors bad=$(kv "$line" bad) dropped=$(kv "$line" dropped) exhausted=$(kv "$line" exhausted) $window client_cpu_pct=$client loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
    >>"$OUT/results.txt"
}

# ---- the Java load generator (bench/, LoadGenerator): the same scenarios, the same method ------------------------
loadgen_scenario() { # scenario -> the load generator's name for it, or nothing
  case "$1" in cc) echo client-credentials;; discovery) ;; *) echo "$1";; esac
}

run_loadgen() { # scenario phase seconds
  local s="$1" phase="$2" secs="$3" name="loadgen-$1-$2" lg line window extra=()
  lg="$(loadgen_scenario "$s")"
  [ -n "$lg" ] || { log "loadgen has no $s scenario: skipped"; return 0; }
  case "$s" in
    cc|introspect) extra=(--client load-cc --client-secret-file "$WORK/secret-load-cc" --introspector load-rs
                          --introspector-secret-file "$WORK/secret-load-rs" --tokens "$TOKENS");;
    me|login|refresh) extra=(--users "$USERS" --spare "$SPARE");;
  esac
  log "loadgen $s $phase: ${secs} s, $CONNECTIONS connections, core $CLIENT_CPU"
  window_begin
  timeout --kill-after=10 $((secs + 300)) taskset -c "$CLIENT_CPU" "$java" -XX:+UseSerialGC -Xmx512m \
      -cp "$WORK/bench.jar" io.tokenbooth.bench.LoadGenerator --url "$base" --scenario "$lg" \
      --concurrency "$CONNECTIONS" --warmup 0 --duration "$secs" --server-pid "$JVM_PID" "${extra[@]}" \
      >"$OUT/$name.txt" 2>&1 || { cat "$OUT/$name.txt" >&2; die "the load generator failed ($name)"; }
  line="$(grep '^RESULT' "$OUT/$name.txt" || true)"
  [ -n "$line" ] || { cat "$OUT/$name.txt" >&2; die "the load generator printed no RESULT ($name)"; }
  # Its own CPU figures cover its measured window only; ours (the I/O per request) cover the whole process,
  # preparation included, so they are a little high for the scenarios that prepare (me, login, refresh, introspect).
  window="$(window_end "$(kv "$line" requests)" | sed -E 's/(server_cpu_s|server_cpu_pct|per_cpu_s)=[^ ]* ?//g')"
  echo "gen=loadgen scenario=$s phase=$phase rps=$(kv "$line" rps) p50_ms=$(kv "$line" p50_ms) p90_ms=$(kv "$line" p90_ms) p99_ms=$(kv "$line" p99_ms) max_ms=$(kv "$line" max_ms) requests=$(kv "$line" requests) non2xx=$(kv "$line" non2xx) errors=$(kv "$line" errors) bad=0 dropped=0 exhausted=0 server_cpu_s=$(kv "$line" cpu_s) server_cpu_pct=$(kv "$line" cpu_pct) per_cpu_s=$(kv "$line" per_cpu_s) $window client_cpu_pct=$(kv "$line" client_cpu_pct) loadavg=$(cut -d' ' -f1 /proc/loadavg)" \
    >>"$OUT/results.txt"
  grep -q 'note: ' "$OUT/$name.txt" && grep 'note: ' "$OUT/$name.txt" | sed "s/^ */$name /" >>"$OUT/notes.txt" || true
}

# The bare Argon2id rate a password login is compared with: PasswordHasher.verify in a JVM with the server's
# options, on the server's core, while the server idles.
run_hash_baseline() {
  local opts
  opts="$(tr '\0' '\n' <"/proc/$JVM_PID/cmdline" | sed -n '2,$p' | sed '/^-jar$/,$d' \
      | grep -vE '^-XX:(\+AutoCreateSharedArchive|SharedArchiveFile=|AOTCache|AOTMode|StartFlightRecording)' | tr '\n' ' ')"
  log "Argon2id baseline on core $SERVER_CPU (server idle), ${WARMUP}+${DURATION} s, JVM options: $opts"
  # shellcheck disable=SC2086
  timeout --kill-after=10 $((WARMUP + DURATION + 120)) taskset -c "$SERVER_CPU" "$java" $opts \
      -cp "$WORK/bench.jar" io.tokenbooth.bench.LoadGenerator --scenario hash-baseline \
      --warmup "$WARMUP" --duration "$DURATION" >"$OUT/hash-baseline.txt" 2>&1 \
    || { cat "$OUT/hash-baseline.txt" >&2; die "the Argon2id baseline failed"; }
  local line; line="$(grep '^RESULT' "$OUT/hash-baseline.txt")"
  echo "gen=in-process scenario=hash-baseline phase=measured rps=$(kv "$line" rps) p50_ms=$(kv "$line" p50_ms) p99_ms=$(kv "$line" p99_ms) per_cpu_s=$(kv "$line" per_cpu_s) server_cpu_pct=$(kv "$line" cpu_pct)" \
    >>"$OUT/results.txt"
}

# ---- CAPTURE=1: what each generator sends and reads, through a logging proxy (socat -v) ----------------------------
# One connection for a second per generator and scenario, before the load. Saves the last two exchanges (credentials
# and tokens redacted) and how the bytes were cut into writes each way: the request shape, and whether a request
# is written in one piece, are the differences that cost the server CPU.
capture() { # scenario generator
  local s="$1" g="$2" pport log="$WORK/capture.log" out="$OUT/capture-$2-$1.txt" saved_base="$base" saved_c="$CONNECTIONS"
  local saved_w="$WARMUP"
  command -v socat >/dev/null || { log "CAPTURE needs socat; skipped"; return 0; }
  [ "$g" = loadgen ] && [ -z "$(loadgen_scenario "$s")" ] && return 0
  pport="$(free_port)"
  socat -v TCP-LISTEN:"$pport",bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:"${base##*:}" 2>"$log" &
  local proxy=$!
  PIDS+=("$proxy")
  sleep 0.3
  base="http://127.0.0.1:$pport"; CONNECTIONS=1
  if [ "$g" = wrk ]; then
    wrk_target "$s"
    taskset -c "$CLIENT_CPU" wrk -t1 -c1 -d1s -s "$lua/$WRK_SCRIPT" "$base$WRK_PATH" -- "${WRK_ARGS[@]}" >"$WORK/capture-gen.txt" 2>&1 || true
  else
    local extra=()
    case "$s" in cc|introspect) extra=(--client load-cc --client-secret-file "$WORK/secret-load-cc" --introspector load-rs
                                      --introspector-secret-file "$WORK/secret-load-rs" --tokens 2);; esac
    taskset -c "$CLIENT_CPU" "$java" -XX:+UseSerialGC -cp "$WORK/bench.jar" io.tokenbooth.bench.LoadGenerator \
        --url "$base" --scenario "$(loadgen_scenario "$s")" --concurrency 1 --warmup 0 --duration 1 --users 1 "${extra[@]}" \
        >"$WORK/capture-gen.txt" 2>&1 || true
  fi
  base="$saved_base"; CONNECTIONS="$saved_c"; WARMUP="$saved_w"
  stop_pid "$proxy"
  # socat -v starts each transfer with "> date length=N ..." (client to server) or "< ...", not always on a new line.
  sed -E 's#([<>] [0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:.]+ +length=)#\n\1#g' "$log" | grep -v ' socat\[[0-9]*\] ' >"$log.lines" || true
  {
    echo "# $g, scenario $s, one connection for about a second through socat -v (client > server, server < client)"
    echo "# write sizes seen, client to server (count, bytes):"
    sed -nE 's/^> .* length=([0-9]+).*/\1/p' "$log.lines" | sort -n | uniq -c | sort -rn | sed -n '1,5s/^/#   /p'
    echo "# write sizes seen, server to client (count, bytes):"
    sed -nE 's/^< .* length=([0-9]+).*/\1/p' "$log.lines" | sort -n | uniq -c | sort -rn | sed -n '1,5s/^/#   /p'
    echo "# the last two exchanges:"
    awk '/^[<>] [0-9][0-9][0-9][0-9]\// { n++ } { block[n] = block[n] $0 "\n" } END { for (i = n - 3; i <= n; i++) if (i > 0) printf "%s", block[i] }' "$log.lines" \
      | sed -E 's/(Authorization: [A-Za-z]+ ).*/\1<redacted>/; s/[A-Za-z0-9_-]{40,}(\.[A-Za-z0-9_-]+)*/<token>/g'
  } >"$out"
}

# ---- PROFILE=N: one more run of the scenario under JFR, kept apart from the figures --------------------------------
profile_scenario() { # scenario generator
  local s="$1" g="$2" jcmd="$JAVA_HOME_RUN/bin/jcmd" jfr="$OUT/profile-$1.jfr" cpu=""
  # What a wrk run prepares (the refresh chains' logins: Argon2id) happens before the recording, not in it.
  if [ "$g" = wrk ]; then wrk_target "$s"; WRK_PREPARED="$s"; fi
  # The CPU-time sampler (JDK 25, Linux) also sees native frames (ACCP's signing); older JDKs refuse the option.
  "$jcmd" "$JVM_PID" JFR.start name=bench-"$s" settings=profile jdk.CPUTimeSample#enabled=true \
      jdk.CPUTimeSample#throttle=1ms filename="$jfr" >/dev/null 2>&1 && cpu=" (with the CPU-time sampler)" \
    || "$jcmd" "$JVM_PID" JFR.start name=bench-"$s" settings=profile filename="$jfr" >/dev/null \
    || die "JFR.start failed on the server"
  "run_$g" "$s" profile "$PROFILE"
  "$jcmd" "$JVM_PID" JFR.stop name=bench-"$s" >/dev/null || die "JFR.stop failed on the server"
  log "profile of $s$cpu: $jfr"
  if [ -f "$WORK/bench.jar" ]; then
    "$java" -cp "$WORK/bench.jar" io.tokenbooth.bench.JfrSummary "$jfr" 30 >"$OUT/profile-$s.txt" 2>&1 \
      || log "JfrSummary failed on $jfr (see profile-$s.txt)"
  fi
}
