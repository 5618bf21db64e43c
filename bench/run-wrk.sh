#!/usr/bin/env bash
# HTTP load on the screening API with wrk, against a fresh server on a fresh
# SQLite database on the real disk. Loopback only; every load is bounded by -d.
#
#   bench/run-wrk.sh [single|batch] [options]
#
#   single  GET /healthz, then POST /api/v1/screening/passages (one record per
#           request), both with the same -t/-c/-d; then checks that the rows
#           stored equal the 201 replies.
#   batch   POST /api/v1/screening/passages:batch with BATCH records per request
#           from CONNS connections; records/s; rows stored = records created.
#
# Options (environment):
#   BIN=build/release/fangkong  DB_DIR=build/bench-tmp  THREADS=2  CONNS=512
#   DURATION=20s  BATCH=1000  KEEP_DB=1 (do not delete the database afterwards)
#   DB=path     use this database instead of a fresh one (no demo load)
#
# The server runs with --demo-if-empty (the demo city: users, points, rules and
# ~116k passages), FANGKONG_LOG_ACCESS_LOG=false and a large sign-in limit.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-single}
BIN=${BIN:-build/release/fangkong}
DB_DIR=${DB_DIR:-build/bench-tmp}
THREADS=${THREADS:-2}
CONNS=${CONNS:-512}
DURATION=${DURATION:-20s}
BATCH=${BATCH:-1000}

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: installing the Debian package" >&2
  apt-get install -y wrk >/dev/null
fi
command -v sqlite3 >/dev/null || { echo "needs sqlite3 (Debian package sqlite3)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no $BIN: cmake --preset release && cmake --build build/release" >&2; exit 2; }

mkdir -p "$DB_DIR"
RUN=$(mktemp -d "$DB_DIR/wrk.XXXXXX")
DB=${DB:-$RUN/b.db}
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ "${KEEP_DB:-0}" = 1 ] || rm -rf "$RUN"
}
trap cleanup EXIT

echo "# run-wrk.sh $MODE  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "- db: $DB on $(df -T "$(dirname "$DB")" | awk 'NR==2{print $2" "$1}')"
echo "- wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), -t$THREADS -c$CONNS -d$DURATION (wrk and the server share the CPUs)"

FANGKONG_LOG_ACCESS_LOG=false FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000 \
  "$BIN" --db "sqlite:$DB" serve --port 0 --demo-if-empty --log-level warn >"$RUN/server.out" 2>"$RUN/server.err" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 600); do
  PORT=$(grep -o 'serving http://127.0.0.1:[0-9]*' "$RUN/server.out" 2>/dev/null | head -1 | sed 's/.*://') || true
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RUN/server.err" >&2; exit 1; }
  sleep 0.5
done
[ -n "$PORT" ] || { echo "server did not start" >&2; exit 1; }
URL=http://127.0.0.1:$PORT
echo "- server: pid $SERVER_PID, $URL"

TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"Fangkong@2020"}' \
  "$URL/api/v1/auth/login" | jq -r .token)
POINT_ID=$(sqlite3 "$DB" "SELECT id FROM points WHERE kind='checkpoint' AND active=1 ORDER BY id LIMIT 1")
export TOKEN POINT_ID
# CPU seconds (user+sys) the server has used so far, from /proc/PID/stat.
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat"; }
# wrk under /usr/bin/time: its own CPU seconds, to show how the 2 cores were shared.
timed_wrk() {
  local c0 c1; c0=$(server_cpu)
  /usr/bin/time -f "wrk cpu: %U s user + %S s sys" wrk "$@"
  c1=$(server_cpu)
  echo "server cpu during this run: $(echo "$c1 - $c0" | bc) s"
}
rows() { sqlite3 "$DB" "PRAGMA busy_timeout=5000; SELECT COUNT(*) FROM passages" | tail -1; }

case "$MODE" in
  single)
    export BATCH=0
    echo
    echo "## GET /healthz"
    timed_wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$URL/healthz" 2>&1
    before=$(rows)
    echo
    echo "## POST /api/v1/screening/passages (point $POINT_ID, passages before: $before)"
    timed_wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s bench/passage_post.lua "$URL" 2>&1 | tee "$RUN/post.txt"
    sleep 2  # requests cut off by wrk's deadline finish on the server
    after=$(rows)
    created=$(awk '/^status 201:/{print $3}' "$RUN/post.txt")
    echo
    echo "rows added: $((after - before)); 201 replies: ${created:-0}; rows - 201s (requests still in flight when wrk stopped): $((after - before - ${created:-0}))"
    ;;
  batch)
    export BATCH
    before=$(rows)
    echo
    echo "## POST /api/v1/screening/passages:batch, $BATCH records per request (point $POINT_ID, passages before: $before)"
    timed_wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 30s --latency -s bench/passage_post.lua "$URL" 2>&1 | tee "$RUN/batch.txt"
    sleep 5
    after=$(rows)
    created=$(awk '/^records created:/{print $3}' "$RUN/batch.txt")
    secs=$(echo "$DURATION" | sed 's/s$//')
    echo
    echo "rows added: $((after - before)); records acknowledged created: ${created:-0}; records/s acknowledged: $(( ${created:-0} / secs ))"
    ;;
  *)
    echo "usage: $0 [single|batch]" >&2; exit 2 ;;
esac
grep -E 'VmHWM|VmRSS' "/proc/$SERVER_PID/status" | tr -s ' \t' ' '
