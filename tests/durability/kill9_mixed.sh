#!/usr/bin/env bash
# Kill -9 during mixed load, on SQLite or PostgreSQL: the demo city on a fresh database; the
# checkpoint's phones post single passages and :batch replays of 50, the community gate's phones
# post single gate events (household passes and visitors) and offline :batch replays of 20, all
# at once; once the first write is acknowledged, after a random delay (0.0-2.9 s) the server
# gets SIGKILL, ROUNDS times in a row,
# restarted each time. After each restart:
#   - every acknowledged client key of both kinds (single: 201/200; batch: created/duplicate) is
#     stored exactly once (read straight from the database);
#   - sending every acknowledged key again answers "duplicate";
#   - `fangkong verify-rollups` exits 0 (the daily figures equal a recount);
#   - the database's own checks pass: SQLite PRAGMA integrity_check = ok and foreign_key_check
#     empty; PostgreSQL amcheck (bt_index_check with heapallindexed on every B-tree index,
#     verify_heapam on every table), no client key twice, every constraint validated.
# Prints "ok -"/"not ok -" lines, then "# pass N" / "# fail N".
# Usage: tests/durability/kill9_mixed.sh BUILD_DIR [ROUNDS] [--backend sqlite|postgres]
#        (postgres: a fresh database on FK_TEST_PG_URL, dropped at the end; see scripts/with-pg)
set -uo pipefail
BUILD=${1:-build/release}
ROUNDS=${2:-3}
backend=sqlite
[[ ${3:-} == --backend ]] && backend=${4:-sqlite}
source "$(dirname "$0")/lib.sh"
backend_init "$backend" || { echo "not ok - $backend database"; echo "# pass 0"; echo "# fail 1"; exit 1; }

t0=$SECONDS
start  # a new database: loads the demo city and its passages first
echo "# $backend: server up with the demo after $((SECONDS - t0)) s"
token=$(node "$HELPER" login "$url" admin)
node "$HELPER" setup "$url" "$token" "$dir/setup.json" || exit 1
: >"$dir/acked.all"
total_acked=0

for round in $(seq 1 "$ROUNDS"); do
  node "$HELPER" load "$url" "$token" "$dir/setup.json" "kill9-r$round" 4 >"$dir/acked" &
  clients=$!
  # The load is under way (a first acknowledgement, at most 30 s), then a random delay.
  for _ in $(seq 1 300); do [[ -s $dir/acked ]] && break; sleep 0.1; done
  delay=$((RANDOM % 3)).$((RANDOM % 10))
  sleep "$delay"
  stop_server KILL
  wait "$clients" 2>/dev/null
  cat "$dir/acked" >>"$dir/acked.all"
  acked=$(sort -u "$dir/acked" | tee "$dir/acked.sorted" | wc -l)
  kinds="$(grep -c '^p ' "$dir/acked.sorted") passages, $(grep -c '^g ' "$dir/acked.sorted") gate events"
  verify_rollups
  verify_rc=$?
  ok_db=$(integrity)
  start
  token=$(node "$HELPER" login "$url" admin)
  keys_present | sort >"$dir/present"
  # Every key acknowledged in any round so far, not only this one.
  missing=$(sort -u "$dir/acked.all" | comm -23 - "$dir/present" | wc -l)
  dupes=$(uniq -d "$dir/present" | wc -l)
  node "$HELPER" resend "$url" "$token" "$dir/setup.json" "$dir/acked.sorted" >"$dir/resend"
  not_dup=$(grep -vc '^duplicate ' "$dir/resend")
  total_acked=$((total_acked + acked))
  echo "# round $round ($backend, killed $delay s into the load): $acked acknowledged ($kinds)"
  check "round $round: every key acknowledged so far is stored ($missing missing)" '[[ $missing -eq 0 && $acked -gt 0 ]]'
  check "round $round: no client key stored twice" '[[ $dupes -eq 0 ]]'
  check "round $round: every acknowledged key sent again is a duplicate ($not_dup not)" \
    '[[ $not_dup -eq 0 && $(wc -l <"$dir/resend") -eq $acked ]]'
  check "round $round: verify-rollups exits 0 after kill -9" '[[ $verify_rc -eq 0 ]] || { tail -5 "$dir/verify"; false; }'
  check "round $round: $backend integrity checks after kill -9" '[[ $ok_db == ok ]] || { echo "$ok_db"; false; }'
done

stop_server TERM
final_checks "$dir/acked.all"
all_p=$(sort -u "$dir/acked.all" | grep -c '^p ') all_g=$(sort -u "$dir/acked.all" | grep -c '^g ')
check "both kinds were acknowledged across the rounds ($all_p passages, $all_g gate events)" '[[ $all_p -gt 0 && $all_g -gt 0 ]]'
echo "# $backend: $ROUNDS rounds, $total_acked keys acknowledged and checked, $((SECONDS - t0)) s"
finish
