#!/usr/bin/env bash
# Kill -9 durability: while clients create records, the server is killed with
# SIGKILL; after a restart every acknowledged (201) record must be there
# exactly once, unacknowledged ones at most once, and the SQLite file must pass
# PRAGMA integrity_check. Prints "# pass N" / "# fail N".
# Usage: tests/durability/kill9.sh BUILD_DIR [ROUNDS]
set -uo pipefail
BUILD=${1:-build/release}
ROUNDS=${2:-3}
BIN=$(realpath "$BUILD/fangkong")
dir=$(mktemp -d)
db="$dir/kill9.db"
pid=""
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$dir"' EXIT
export FANGKONG_AUTH_ARGON2_MEMLIMIT_KIB=8192 FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=10000

start() {
  : >"$dir/out"
  "$BIN" --db "sqlite:$db" --log-level warn serve --port 0 --web-root "$dir" --demo-if-empty >"$dir/out" 2>>"$dir/err" &
  pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$dir/out" | head -1) && [[ -n $url ]] && return 0
    sleep 0.05
  done
  echo "server did not start"; cat "$dir/err"; exit 1
}

login() {
  curl -sf -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"Fangkong@2020"}' | sed 's/.*"token":"\([^"]*\)".*/\1/'
}

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

start
token=$(login)
unit_id=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/org/units?q=%E8%BD%A6%E7%AB%99%E7%A4%BE%E5%8C%BA" |
  grep -Eo '"id":[0-9]+' | head -1 | cut -d: -f2)

for round in $(seq 1 "$ROUNDS"); do
  : >"$dir/acked"
  # Up to 100000 creates from 64 concurrent clients; the kill lands while they are in flight.
  node "$(dirname "$0")/load.mjs" "$url" "$token" "$unit_id" "k$round-" 100000 64 >"$dir/acked" &
  clients=$!
  sleep 1.$((RANDOM % 9))
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  wait "$clients" 2>/dev/null
  acked=$(wc -l <"$dir/acked")
  integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
  start
  token=$(login)
  # Every record of this round, as the restarted server sees it.
  node "$(dirname "$0")/list.mjs" "$url" "$token" "k$round-" | sort >"$dir/present"
  missing=$(sort "$dir/acked" | comm -23 - "$dir/present" | wc -l)
  dupes=$(uniq -d "$dir/present" | wc -l)
  echo "round $round: $acked acknowledged, $(wc -l <"$dir/present") present after restart"
  check "round $round: acknowledged before kill -9 ($acked) are all present" '[[ $missing -eq 0 && $acked -gt 0 ]]'
  check "round $round: no record twice" '[[ $dupes -eq 0 ]]'
  check "round $round: integrity_check ok" '[[ $integrity == ok ]]'
done
echo "# pass $pass"
echo "# fail $fail"
((fail == 0))
