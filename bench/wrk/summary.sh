# summary.md for bench/run-wrk.sh (sourced, not run), from $OUT/results.txt, env.txt, startup.txt, memory.txt.

res() { # generator scenario key -> the value in the measured run's line
  awk -v g="$1" -v s="$2" -v k="$3" '$1 == "gen=" g && $2 == "scenario=" s && $3 == "phase=measured" {
    for (i = 4; i <= NF; i++) { n = index($i, "="); if (substr($i, 1, n - 1) == k) { print substr($i, n + 1); exit } } }' \
    "$OUT/results.txt"
}

target_of() { # scenario -> the issue's one-core target in req/s, or nothing
  case "$1" in
    jwks|discovery) echo 60000;;
    introspect) echo 30000;;
    cc) echo 20000;;
    refresh) [ "$DB" = postgres ] && echo 3000 || echo 8000;;
  esac
}

# Every run, warm-up included: any non-2xx answer, socket error, wrong answer, lost or exhausted refresh chain.
error_lines() {
  awk '{ bad = 0; for (i = 4; i <= NF; i++) { n = index($i, "="); k = substr($i, 1, n - 1); v = substr($i, n + 1)
           if ((k == "non2xx" || k == "errors" || k == "bad" || k == "dropped" || k == "exhausted") && v + 0 > 0) bad = 1 }
         if (bad) print }' "$OUT/results.txt"
}

write_summary() {
  local g s errs
  echo "# Tokenbooth under wrk: $(basename "$OUT")"
  echo
  errs="$(error_lines)"
  if [ -n "$errs" ]; then
    echo "**THIS RUN HAD ERRORS** (non-2xx answers, socket errors, wrong answers or lost refresh chains); its figures"
    echo "are not clean. RUN HAD ERRORS in:"
    echo
    sed 's/^/    /' <<<"$errs"
    echo
  fi
  sed 's/^/    /' "$OUT/env.txt"
  echo
  echo "Start-up (server pinned to core $SERVER_CPU):"
  echo
  sed 's/^/    /' "$OUT/startup.txt"
  echo
  echo "Resident memory of the server: $(paste -sd';' "$OUT/memory.txt"); at the end $rss_after MiB"
  echo
  echo "| scenario | generator | req/s | per server CPU-s | server CPU | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | bytes in/out per req | generator CPU | target | req/s / target |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for s in $SCENARIOS; do
    for g in $GENERATORS; do
      [ -n "$(res "$g" "$s" rps)" ] || continue
      local t ratio
      t="$(target_of "$s")"
      ratio="$([ -n "$t" ] && awk -v r="$(res "$g" "$s" rps)" -v t="$t" 'BEGIN { printf "%.2f", r / t }' || echo -)"
      printf '| %s | %s | %s | %s | %s %% | %s | %s | %s | %s | %s | %s | %s / %s | %s %% | %s | %s |\n' "$s" "$g" \
        "$(res "$g" "$s" rps)" "$(res "$g" "$s" per_cpu_s)" "$(res "$g" "$s" server_cpu_pct)" \
        "$(res "$g" "$s" p50_ms)" "$(res "$g" "$s" p90_ms)" "$(res "$g" "$s" p99_ms)" "$(res "$g" "$s" max_ms)" \
        "$(res "$g" "$s" non2xx)" "$(( $(res "$g" "$s" errors) + $(res "$g" "$s" bad) + $(res "$g" "$s" exhausted) ))" \
        "$(res "$g" "$s" in_bytes_per_req)" "$(res "$g" "$s" out_bytes_per_req)" "$(res "$g" "$s" client_cpu_pct)" \
        "${t:--}" "$ratio"
    done
  done
  echo
  echo "errors = socket errors + wrong 2xx answers + requests with no refresh chain left. Bytes in/out per request"
  echo "are the server's read/written bytes (/proc/PID/io rchar/wchar) over the run divided by its requests (for the"
  echo "load generator, its preparation included). For DB=postgres, db_cpu_s in results.txt is the CPU of the backends."
  local base login
  base="$(res in-process hash-baseline rps)"
  for g in $GENERATORS; do
    login="$(res "$g" login rps)"
    if [ -n "$base" ] && [ -n "$login" ]; then
      echo
      awk -v l="$login" -v b="$base" -v lc="$(res "$g" login per_cpu_s)" -v bc="$(res in-process hash-baseline per_cpu_s)" -v g="$g" \
        'BEGIN { printf "Password login (%s) / bare Argon2id verify, same sitting: %.1f / %.1f per s = %.1f %% (target >= 95 %%); per CPU-second %.1f / %.1f = %.1f %%\n", g, l, b, 100 * l / b, lc, bc, (bc > 0 ? 100 * lc / bc : 0) }'
    fi
  done
  if [[ " $GENERATORS " == *" wrk "* && " $GENERATORS " == *" loadgen "* ]]; then
    echo
    echo "wrk / loadgen, same server, same sitting (order: $GENERATORS):"
    echo
    echo "| scenario | req/s wrk / loadgen | per server CPU-s wrk / loadgen | p99 ms wrk / loadgen |"
    echo "|---|---:|---:|---:|"
    for s in $SCENARIOS; do
      [ -n "$(res loadgen "$s" rps)" ] && [ -n "$(res wrk "$s" rps)" ] || continue
      awk -v s="$s" -v a="$(res wrk "$s" rps)" -v b="$(res loadgen "$s" rps)" -v c="$(res wrk "$s" per_cpu_s)" \
          -v d="$(res loadgen "$s" per_cpu_s)" -v e="$(res wrk "$s" p99_ms)" -v f="$(res loadgen "$s" p99_ms)" \
        'BEGIN { printf "| %s | %.0f / %.0f = %.2f | %.0f / %.0f = %.2f | %.2f / %.2f |\n", s, a, b, a / b, c, d, (d > 0 ? c / d : 0), e, f }'
    done
  fi
  echo
  echo "Raw output: wrk-<scenario>-<phase>.txt, loadgen-<scenario>-<phase>.txt, hash-baseline.txt, server-*.log;"
  echo "one line per run in results.txt."
}
