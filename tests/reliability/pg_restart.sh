#!/usr/bin/env bash
# PostgreSQL stopped and restarted during load: a PostgreSQL 15 of its own (scripts/pg-test-server
# on a free loopback port), the demo city, a fangkong server under mixed load (passages and gate
# events, single and :batch). PostgreSQL is stopped with `pg_ctl -m immediate` for DOWN seconds,
# then started again on the same port. Asserts:
#   - while it is down, every write answers 503 (no other 5xx, no hang): the slowest failure
#     stays under the bound (database.busy_timeout_ms, 5000, + libpq's 5 s connect timeout);
#     /healthz answers 503;
#   - after it is back, writes succeed again without restarting fangkong (the pool reconnects),
#     /healthz answers 200;
#   - every acknowledged key is stored exactly once, verify-rollups exits 0, the amcheck checks pass.
# Usage: tests/reliability/pg_restart.sh BUILD_DIR [SECONDS_UP_BEFORE] [DOWN] [SECONDS_AFTER] [ROUNDS]
set -uo pipefail
BUILD=${1:-build/release}
BEFORE=${2:-4}
DOWN=${3:-6}
AFTER=${4:-8}
ROUNDS=${5:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/durability/lib.sh"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
pgdir="$dir/pg"
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
FK_TEST_PG_URL=$("$ROOT/scripts/pg-test-server" start "$pgdir" 2>"$dir/pg.err") || { cat "$dir/pg.err"; exit 1; }
EXIT_HOOKS+=("'$ROOT/scripts/pg-test-server' stop '$pgdir' >/dev/null 2>&1")
port=$(cat "$pgdir/port")
pg_stop() { as_pg "$PG_BIN/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1; }
pg_start() {
  as_pg "$PG_BIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $pgdir/sock -c fsync=on -c max_connections=200" start >/dev/null 2>&1
}
backend_init postgres || exit 1
# The defaults of busy_timeout_ms (pool wait) and statement_timeout_ms, set here so that the bound
# below follows them: pool wait 5 s + libpq connect timeout 5 s.
export FANGKONG_DATABASE_BUSY_TIMEOUT_MS=5000 FANGKONG_DATABASE_STATEMENT_TIMEOUT_MS=10000
bound_ms=10000
t0=$SECONDS
start
echo "# server up on PostgreSQL with the demo after $((SECONDS - t0)) s"
token=$(node "$HELPER" login "$url" admin)
node "$HELPER" setup "$url" "$token" "$dir/setup.json" || exit 1
health() { curl -s -m 20 -o /dev/null -w '%{http_code}' "$url/healthz"; }
: >"$dir/acked.all"

for round in $(seq 1 "$ROUNDS"); do
  : >"$dir/results"
  rm -f "$dir/stop"
  node "$HELPER" load "$url" "$token" "$dir/setup.json" "pg-restart-$round" 3 "until:$dir/stop" "$dir/results" >>"$dir/acked.all" &
  loader=$!
  sleep "$BEFORE"
  down_ms=$(date +%s%3N)
  pg_stop
  stopped_ms=$(date +%s%3N)
  sleep 1
  h_start=$(date +%s%3N)
  h_down=$(health)
  h_ms=$(($(date +%s%3N) - h_start))
  sleep $((DOWN - 1))
  up_ms=$(date +%s%3N)
  pg_start
  started_ms=$(date +%s%3N)
  sleep "$AFTER"
  touch "$dir/stop"
  wait "$loader"
  h_up=$(health)
  # Requests answered between the moment PostgreSQL was down and the moment it was up again.
  awk -v a="$stopped_ms" -v b="$started_ms" '$4 >= a + 0 && $4 <= b + 0' "$dir/results" >"$dir/during"
  awk -v b="$started_ms" '$4 > b + 0' "$dir/results" >"$dir/after"
  n_during=$(wc -l <"$dir/during")
  n503=$(grep -c '^503 ' "$dir/during")
  other=$(grep -Evc '^(503|200|201|409) ' "$dir/during")
  max_fail=$(awk '$1 != 200 && $1 != 201 {if ($2 > m) m = $2} END {print m + 0}' "$dir/during")
  p99_fail=$(awk '$1 == 503 {print $2}' "$dir/during" | sort -n | awk '{a[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; print a[i] + 0}')
  ok_after=$(grep -Ec '^20[01] ' "$dir/after")
  first_ok=$(awk -v b="$started_ms" '$1 ~ /^20[01]$/ {print $4 - b; exit}' <(sort -k4,4n "$dir/after"))
  # Later than 5 s after PostgreSQL is back (the pool reconnecting on a loaded machine) no answer
  # may be a 5xx or missing. Counted apart: 409 "retry" (two gate events of one household at once
  # on PostgreSQL) and 503 "database busy" (every pooled connection in use for busy_timeout_ms: an
  # overloaded machine, not a lost database), the ordinary answers under this load.
  bad_after=$(awk -v b="$started_ms" '$4 > b + 5000 && $1 !~ /^(20[01]|409)$/ && !/database busy/' "$dir/results" | wc -l)
  conflicts=$(awk '$1 == 409' "$dir/results" | wc -l)
  busy=$(grep -c 'database busy' "$dir/results")
  echo "# round $round: PostgreSQL down $(((up_ms - down_ms) / 1000)) s (pg_ctl stop took $((stopped_ms - down_ms)) ms); $n_during requests answered while down: $n503 with 503, $other other; slowest failure $max_fail ms, p99 $p99_fail ms; /healthz down: $h_down in $h_ms ms"
  awk -v b="$started_ms" '$4 > b + 5000 && $1 !~ /^(20[01]|409)$/ && !/database busy/' "$dir/results" | head -5 | sed 's/^/#   late failure: /'
  echo "# round $round: after the restart (pg_ctl start took $((started_ms - up_ms)) ms): first success after ${first_ok:-never} ms, $ok_after successes, $bad_after failures later than 5 s after it; $conflicts answers 409 retry and $busy 503 database busy in the round"
  check "round $round: writes fail with 503 while PostgreSQL is down ($n503 of $n_during)" '[[ $n503 -gt 0 && $other -eq 0 ]]'
  check "round $round: no failure waits longer than $bound_ms ms (slowest $max_fail ms)" '[[ $max_fail -le $bound_ms ]]'
  check "round $round: /healthz answers 503 while PostgreSQL is down (got $h_down)" '[[ $h_down == 503 ]]'
  check "round $round: writes succeed again after PostgreSQL is back, without restarting fangkong" '[[ $ok_after -gt 0 && $bad_after -eq 0 ]]'
  check "round $round: /healthz answers 200 once PostgreSQL is back (got $h_up)" '[[ $h_up == 200 ]]'
  check "round $round: fangkong kept running" 'kill -0 $pid'
done

stop_server TERM
final_checks "$dir/acked.all"
echo "# $((SECONDS - t0)) s"
finish
