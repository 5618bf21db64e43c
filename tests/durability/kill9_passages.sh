#!/usr/bin/env bash
# Kill -9 durability of checkpoint passages: the demo city (with its 115,814
# passages) on a fresh SQLite file; the checkpoint user's phones post single
# passages and :batch replays of 50 concurrently; the server is killed with
# SIGKILL mid-run, three times, restarted in between. After each kill:
#   - every acknowledged client key (single: 201/200; batch: created/duplicate)
#     is listed exactly once, and no key is listed twice;
#   - sending the acknowledged keys again answers "duplicate" for every one;
#   - `fangkong verify-rollups` exits 0 (the daily figures equal a recount);
#   - PRAGMA integrity_check is ok.
# Prints "ok -"/"not ok -" lines, then "# pass N" / "# fail N".
# Usage: tests/durability/kill9_passages.sh BUILD_DIR [ROUNDS]
set -uo pipefail
BUILD=${1:-build/release}
ROUNDS=${2:-3}
BIN=$(realpath "$BUILD/fangkong")
HERE=$(cd "$(dirname "$0")" && pwd)
HELPER="$HERE/kill9_passages.mjs"
dir=$(mktemp -d)
db="$dir/kill9_passages.db"
pid=""
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$dir"' EXIT
export FANGKONG_AUTH_ARGON2_MEMLIMIT_KIB=8192 FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=10000

start() {
  : >"$dir/out"
  "$BIN" --db "sqlite:$db" --log-level warn serve --port 0 --web-root "$dir" --demo-if-empty >"$dir/out" 2>>"$dir/err" &
  pid=$!
  url=""
  for _ in $(seq 1 600); do
    url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$dir/out" | head -1) && [[ -n $url ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "server did not start"; cat "$dir/err"; exit 1
}

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

t0=$SECONDS
start  # a new file: loads the demo city and its passages first
echo "# server up with the demo after $((SECONDS - t0)) s"
token=$(node "$HELPER" login "$url" checkpoint)
point=$(node "$HELPER" point "$url" "$token" "G107新郑长葛交界疫情监测站")
# Every passage of this run counts for today or tomorrow (UTC+8); the demo's are in 2020.
from=$(TZ=Asia/Shanghai date -d yesterday +%F)

for round in $(seq 1 "$ROUNDS"); do
  mark="kill9-r$round"
  node "$HELPER" load "$url" "$token" "$point" "$mark" 16 >"$dir/acked" &
  clients=$!
  sleep 1.$((RANDOM % 9))
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  wait "$clients" 2>/dev/null
  pid=""
  acked=$(sort -u "$dir/acked" | tee "$dir/acked.sorted" | wc -l)
  integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
  "$BIN" --db "sqlite:$db" --log-level warn verify-rollups >"$dir/verify" 2>&1
  verify_rc=$?
  start
  token=$(node "$HELPER" login "$url" checkpoint)
  node "$HELPER" present "$url" "$token" "$point" "$from" "$mark" | sort >"$dir/present"
  missing=$(comm -23 "$dir/acked.sorted" "$dir/present" | wc -l)
  dupes=$(uniq -d "$dir/present" | wc -l)
  node "$HELPER" resend "$url" "$token" "$point" "$dir/acked.sorted" >"$dir/resend"
  not_dup=$(grep -vc '^duplicate ' "$dir/resend")
  echo "# round $round: $acked acknowledged, $(wc -l <"$dir/present") present after restart"
  check "round $round: acknowledged before kill -9 ($acked) are all listed" '[[ $missing -eq 0 && $acked -gt 0 ]]'
  check "round $round: no client key listed twice" '[[ $dupes -eq 0 ]]'
  check "round $round: every acknowledged key sent again is a duplicate ($not_dup not)" \
    '[[ $not_dup -eq 0 && $(wc -l <"$dir/resend") -eq $acked ]]'
  check "round $round: verify-rollups exits 0 after kill -9" '[[ $verify_rc -eq 0 ]] || { cat "$dir/verify"; false; }'
  check "round $round: integrity_check ok" '[[ $integrity == ok ]]'
done

# A clean stop, then the whole file once more.
kill -TERM "$pid"
wait "$pid" 2>/dev/null
pid=""
"$BIN" --db "sqlite:$db" --log-level warn verify-rollups >"$dir/verify" 2>&1
verify_rc=$?
check "verify-rollups exits 0 at the end" '[[ $verify_rc -eq 0 ]] || { cat "$dir/verify"; false; }'
check "integrity_check ok at the end" '[[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]]'
echo "# $((SECONDS - t0)) s"
echo "# pass $pass"
echo "# fail $fail"
((fail == 0))
