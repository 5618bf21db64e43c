#!/usr/bin/env bash
# Gate decision load: 200 concurrent gate clients posting gate events (one per
# request) against a fresh server on a fresh SQLite database with the demo city.
# Issues a pass for every demo household, opens the city's gate hours to the
# whole day (so the hour of the run does not matter), then runs wrk.
#
#   bench/gate_bench.sh            BIN=build/release/fangkong CONNS=200 DURATION=30s THREADS=2
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/fangkong}
CONNS=${CONNS:-200}
THREADS=${THREADS:-2}
DURATION=${DURATION:-30s}
DB_DIR=${DB_DIR:-build/bench-tmp}
mkdir -p "$DB_DIR"
RUN=$(mktemp -d "$DB_DIR/gate.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$RUN"
}
trap cleanup EXIT
echo "# gate_bench.sh  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "- binary: $BIN; wrk -t$THREADS -c$CONNS -d$DURATION (wrk and the server share the CPUs)"
FANGKONG_LOG_ACCESS_LOG=false FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000 \
  "$BIN" --db "sqlite:$RUN/b.db" serve --port 0 --demo-if-empty --log-level warn >"$RUN/server.out" 2>"$RUN/server.err" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 600); do
  PORT=$(grep -o 'serving http://127.0.0.1:[0-9]*' "$RUN/server.out" 2>/dev/null | head -1 | sed 's/.*://') || true
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RUN/server.err" >&2; exit 1; }
  sleep 0.5
done
URL=http://127.0.0.1:$PORT
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"Fangkong@2020"}' "$URL/api/v1/auth/login" | jq -r .token)
export TOKEN
auth=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
ROOT=$(sqlite3 "$RUN/b.db" "SELECT id FROM units WHERE parent_id IS NULL LIMIT 1")
curl -sf "${auth[@]}" -d "{\"unit_id\":$ROOT,\"rules\":{\"hours_from\":\"00:00\",\"hours_to\":\"24:00\"},\"note\":\"bench\"}" \
  "$URL/api/v1/residents/gate-rules" >/dev/null
HIDS=$(sqlite3 "$RUN/b.db" "SELECT group_concat(id) FROM households WHERE active = 1")
curl -sf "${auth[@]}" -d "{\"household_ids\":[$HIDS]}" "$URL/api/v1/residents/passes:issue" >"$RUN/issued.json"
# {code, person, gate point} for every member whose household lies under a gate.
sqlite3 -separator ' ' "$RUN/b.db" "SELECT h.id, p.id, (SELECT pt.id FROM points pt JOIN units gu ON gu.id = pt.unit_id \
  WHERE pt.kind = 'community_gate' AND u.path LIKE gu.path || '%' ORDER BY length(gu.path) DESC LIMIT 1) \
  FROM households h JOIN units u ON u.id = h.unit_id JOIN persons p ON p.household_id = h.id AND p.active = 1" >"$RUN/members.txt"
jq -r '.items[] | "\(.household_id) \(.short_code)"' "$RUN/issued.json" >"$RUN/codes.txt"
awk 'NR==FNR {code[$1]=$2; next} $3 != "" {printf "{\"%s\",%s,%s},\n", code[$1], $2, $3}' "$RUN/codes.txt" "$RUN/members.txt" \
  | { echo "return {"; cat; echo "}"; } >"$RUN/passes.lua"
export PASSES=$RUN/passes.lua
echo "- members at gates: $(grep -c '{' "$RUN/passes.lua")"
before=$(sqlite3 "$RUN/b.db" "PRAGMA busy_timeout=5000; SELECT COUNT(*) FROM gate_events" | tail -1)
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s bench/gate_post.lua "$URL" 2>&1
sleep 2
after=$(sqlite3 "$RUN/b.db" "PRAGMA busy_timeout=5000; SELECT COUNT(*) FROM gate_events" | tail -1)
echo "gate events stored: $((after - before))"
echo "verify: $(sqlite3 "$RUN/b.db" "SELECT SUM(gate_exits), SUM(gate_returns), SUM(refused_quota), SUM(refused_not_resident), SUM(refused_fever), SUM(gate_overdue) FROM community_daily WHERE day >= date('now')" | tail -1) (exits, returns, refused quota / not resident / fever, overdue today)"
