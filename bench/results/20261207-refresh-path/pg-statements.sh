#!/usr/bin/env bash
# Scratch: log every statement one /api/v1/refresh makes on PostgreSQL (per-database log_statement=all, dropped after).
# usage: rt.sh <server-jar-tree (has ./tokenbooth and server/target/*-all.jar)> <label>
set -euo pipefail
tree="$1"; label="$2"
db="rp_scratch_$$"
psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "create database $db" -c "alter database $db set log_statement = 'all'"
work=$(mktemp -d /tmp/rp-rt.XXXX)
port=$((30000 + RANDOM % 20000))
export TOKENBOOTH_MASTER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
(cd "$work" && exec env TOKENBOOTH_RATE_LIMIT_LOGIN_PER_IP=0 TOKENBOOTH_RATE_LIMIT_REFRESH_PER_IP=0 TOKENBOOTH_RATE_LIMIT_SIGNUP_PER_IP=0 \
  "$tree/tokenbooth" serve --port $port --data "$work/data" --db "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres") > "$work/server.log" 2>&1 &
pid=$!
trap 'tail -5 $work/server.log; kill $pid 2>/dev/null; wait $pid 2>/dev/null; psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)"; rm -rf $work' EXIT
for i in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:$port/health/ready && break; sleep 0.5; done
base=http://127.0.0.1:$port
curl -sS -o /dev/null -H 'Content-Type: application/json' -d '{"username":"rtuser","password":"correct horse battery staple 1"}' $base/api/v1/signup
rt=$(curl -sS -H 'Content-Type: application/json' -d '{"username":"rtuser","password":"correct horse battery staple 1"}' $base/api/v1/login | jq -r .refresh_token)
# warm one rotation (status block reservation etc.), then log the next
rt=$(curl -sS -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$rt\"}" $base/api/v1/refresh | jq -r .refresh_token)
sleep 1
log=/var/log/postgresql/postgresql-15-main.log
start=$(wc -l < $log)
curl -sS -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$rt\"}" $base/api/v1/refresh | jq -c '{ok: (.refresh_token != null)}'
sleep 1
tail -n +$((start + 1)) $log | grep "@$db" | sed -E 's/^.*(LOG|DETAIL): +//' > /tmp/rp-scratch/statements-$label.txt
cat /tmp/rp-scratch/statements-$label.txt
