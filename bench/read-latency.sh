#!/usr/bin/env bash
# Read benchmarks over HTTP against an existing database (made by
# `screening_bench gen`): sequential requests on one keep-alive connection.
# Loopback only; bounded by the request count (and curl --max-time for export).
#
#   bench/read-latency.sh summary DB [N=200]
#     N x GET /api/v1/screening/summary?from=2020-01-20&to=2020-02-13, then N x
#     the same with &as_of=2020-02-10; p50/p99/max of curl's time_total.
#   bench/read-latency.sh export DB FROM TO
#     one GET /api/v1/screening/passages:export?from=FROM&to=TO: wall time, size,
#     rows in the range, and the server's peak RSS (VmHWM) before and after,
#     plus RSS sampled every 0.2 s during the export.
#
# BIN=build/release/fangkong. The server runs with the access log off.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:?summary|export}
DB=${2:?database file}
BIN=${BIN:-build/release/fangkong}
[ -f "$DB" ] || { echo "no $DB (make it with screening_bench gen)" >&2; exit 2; }
OUT=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$OUT"
}
trap cleanup EXIT

FANGKONG_LOG_ACCESS_LOG=false FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000 \
  "$BIN" --db "sqlite:$DB" serve --port 0 --log-level warn >"$OUT/server.out" 2>"$OUT/server.err" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 120); do
  PORT=$(grep -o 'serving http://127.0.0.1:[0-9]*' "$OUT/server.out" 2>/dev/null | head -1 | sed 's/.*://') || true
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.err" >&2; exit 1; }
  sleep 0.5
done
URL=http://127.0.0.1:$PORT
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"Fangkong@2020"}' \
  "$URL/api/v1/auth/login" | jq -r .token)
PASSAGES=$(sqlite3 "$DB" "SELECT COUNT(*) FROM passages")
POINTDAYS=$(sqlite3 "$DB" "SELECT COUNT(*) || ' point-days, ' || COUNT(DISTINCT point_id) || ' points, ' || COUNT(DISTINCT day) || ' days' FROM screening_daily")
echo "# read-latency.sh $MODE $(date -u +%Y-%m-%dT%H:%M:%SZ): $DB ($(du -h "$DB" | cut -f1)), $PASSAGES passages, $POINTDAYS"

stats() {  # seconds per line on stdin -> n p50 p99 max in ms
  sort -n | awk '{v[NR]=$1*1000} END {
    i50=int(0.50*(NR-1)+0.5)+1; i99=int(0.99*(NR-1)+0.5)+1;
    printf "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms\n", NR, v[i50], v[i99], v[NR] }'
}

case "$MODE" in
  summary)
    N=${3:-200}
    for q in "from=2020-01-20&to=2020-02-13" "from=2020-01-20&to=2020-02-13&as_of=2020-02-10"; do
      : >"$OUT/urls"
      for _ in $(seq 1 "$N"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$URL/api/v1/screening/summary?$q" >>"$OUT/urls"; done
      # one warm-up request, then N on one keep-alive connection
      curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL/api/v1/screening/summary?$q"
      curl -sf -H "Authorization: Bearer $TOKEN" -K "$OUT/urls" -w '%{time_total}\n' >"$OUT/times"
      echo "GET /api/v1/screening/summary?$q: $(stats <"$OUT/times")"
    done
    curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/screening/summary?from=2020-01-20&to=2020-02-13" | jq -r .sentence
    ;;
  export)
    FROM=${3:?from day}; TO=${4:?to day}
    INRANGE=$(sqlite3 "$DB" "SELECT COUNT(*) FROM passages WHERE day BETWEEN '$FROM' AND '$TO'")
    echo "passages in [$FROM, $TO]: $INRANGE"
    grep -E 'VmHWM|VmRSS' "/proc/$SERVER_PID/status" | tr -s ' \t' ' ' | sed 's/^/before: /'
    ( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
        r=$(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
        [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" >"$OUT/peak"
        sleep 0.2; done ) &
    SAMPLER=$!
    curl -sf --max-time 600 -H "Authorization: Bearer $TOKEN" -o "$OUT/export.xlsx" \
      -w 'HTTP %{http_code}, %{size_download} bytes, first byte after %{time_starttransfer} s, total %{time_total} s\n' \
      "$URL/api/v1/screening/passages:export?from=$FROM&to=$TO"
    kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
    grep -E 'VmHWM|VmRSS' "/proc/$SERVER_PID/status" | tr -s ' \t' ' ' | sed 's/^/after: /'
    echo "sampled peak VmRSS during the export: $(cat "$OUT/peak" 2>/dev/null || echo ?) kB"
    if command -v unzip >/dev/null; then
      echo "rows in the sheet (incl. header): $(unzip -p "$OUT/export.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)"
    fi
    ;;
  *) echo "usage: $0 summary DB [N] | export DB FROM TO" >&2; exit 2 ;;
esac
