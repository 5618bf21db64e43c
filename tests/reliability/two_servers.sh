#!/usr/bin/env bash
# Two `fangkong serve` processes on one PostgreSQL database behind nginx (round
# robin on a free 127.0.0.1 port, started here as a child: never the system
# service). Checks:
#   - both servers and the balancer come up (the first one migrates and loads
#     the demo; the second starts after it, on the same database and key file);
#   - bench/mixed_load through nginx for SECONDS: no error;
#   - both servers answered a fair share of it (their /metrics counters);
#   - a session made on server A works on server B (bearer and cookie), and a
#     write through B with it is stored; a logout on B is refused at A within
#     the session cache time (auth.session_cache_seconds, 5 s);
#   - the background sweeps ran on both servers at once (observation.sweep_seconds=2)
#     without a second due round for any period and day, and neither server
#     logged an error;
#   - after the servers stop: verify-rollups exits 0 and every acknowledged
#     client key is stored exactly once.
# Needs FK_TEST_PG_URL (scripts/with-pg; a fresh database is created beside it and
# dropped at the end) and nginx (scripts/setup installs Debian's package).
#   tests/reliability/two_servers.sh BUILD_DIR [SECONDS] [PHONES] [DASHBOARDS] [ROUNDS]
# LOAD_JSON=FILE keeps mixed_load's JSON report.
# Prints "ok -"/"not ok -" lines, then "# pass N" / "# fail N".
set -uo pipefail
BUILD=${1:-build/release}
SECONDS_=${2:-15}
PHONES=${3:-100}
DASHBOARDS=${4:-10}
ROUNDS=${5:-20}
BIN=$(realpath "$BUILD/fangkong")
LOAD=$(realpath "$BUILD/mixed_load")
HERE=$(cd "$(dirname "$0")" && pwd)
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
dir=$(mktemp -d)
pid_a="" pid_b="" pid_ngx="" pgdb=""
cleanup() {
  for p in $pid_ngx $pid_a $pid_b; do kill -9 "$p" 2>/dev/null; done
  [[ -n $pgdb ]] && psql -X -q "$FK_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
finish() { echo "# $((SECONDS - t0)) s"; echo "# pass $pass"; echo "# fail $fail"; ((fail == 0)); exit $?; }
t0=$SECONDS

# Like the API suites, skip (no failure) without PostgreSQL: `make test` runs under scripts/with-pg.
[[ -n ${FK_TEST_PG_URL:-} ]] || { echo "# skipped: FK_TEST_PG_URL is not set (run under scripts/with-pg)"; finish; }
[[ -x $NGINX ]] || { echo "not ok - nginx is not installed (scripts/setup)"; fail=1; finish; }
pgdb="fk_two_$$_$RANDOM"
psql -X -q "$FK_TEST_PG_URL" -c "CREATE DATABASE $pgdb" >/dev/null || { echo "not ok - create database"; fail=1; finish; }
db="${FK_TEST_PG_URL%/*}/$pgdb"

export FANGKONG_AUTH_ARGON2_MEMLIMIT_KIB=8192 FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000
export FANGKONG_SECURITY_KEY_FILE="$dir/fangkong.keys"  # one key file for both servers
export FANGKONG_OBSERVATION_SWEEP_SECONDS=2 FANGKONG_REPORT_SNAPSHOT_SECONDS=2
# PostgreSQL connections per server: with the default 4, 500 phones queue past the 5 s busy
# timeout (503) on the 2-core machine; 16 helps (docs/reliability.md, Load; still not enough
# for two servers at 500 phones there).
export FANGKONG_DATABASE_POOL_SIZE=${FANGKONG_DATABASE_POOL_SIZE:-16}

start() {  # name -> sets url_<name>, pid_<name>
  local name=$1 url="" p
  # The demo city without its 115,814 checkpoint records of 2020: this run counts only its own.
  "$BIN" --db "$db" --log-level warn serve --port 0 --web-root "$dir" --demo-if-empty --demo-without-passages \
    >"$dir/$name.out" 2>"$dir/$name.err" &
  p=$!
  eval "pid_$name=$p"
  for _ in $(seq 1 6000); do
    url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$dir/$name.out" | head -1) && [[ -n $url ]] && break
    kill -0 "$p" 2>/dev/null || break
    sleep 0.1
  done
  eval "url_$name=$url"
  [[ -n $url ]]
}
start a
check "server A up on PostgreSQL with the demo city ($((SECONDS - t0)) s)" '[[ -n $url_a ]] || { tail -20 "$dir/a.err"; false; }'
start b
check "server B up on the same database" '[[ -n $url_b ]] || { tail -20 "$dir/b.err"; false; }'
[[ -n $url_a && -n $url_b ]] || finish

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$dir/nginx/tmp" "$dir/nginx/logs"
chmod 755 "$dir" "$dir/nginx"
chmod 777 "$dir/nginx/tmp"
cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 8192;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $dir/nginx/logs/access.log;
  client_body_temp_path $dir/nginx/tmp/body;
  proxy_temp_path $dir/nginx/tmp/proxy;
  fastcgi_temp_path $dir/nginx/tmp/fastcgi;
  uwsgi_temp_path $dir/nginx/tmp/uwsgi;
  scgi_temp_path $dir/nginx/tmp/scgi;
  upstream fangkong {
    server ${url_a#http://};
    server ${url_b#http://};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 16m;
    location / {
      proxy_pass http://fangkong;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
EOF
"$NGINX" -c "$dir/nginx/nginx.conf" -p "$dir/nginx" -g 'daemon off;' 2>"$dir/nginx/stderr" &
pid_ngx=$!
lb="http://127.0.0.1:$port"
up=""
for _ in $(seq 1 100); do
  curl -sf "$lb/healthz" >/dev/null 2>&1 && { up=1; break; }
  kill -0 "$pid_ngx" 2>/dev/null || break
  sleep 0.1
done
check "nginx balances 127.0.0.1:$port over both servers" '[[ -n $up ]] || { cat "$dir/nginx/stderr" "$dir/nginx/logs/error.log"; false; }'
[[ -n $up ]] || finish

requests() {  # url -> total of fangkong_http_requests_total
  curl -s "$1/metrics" | awk '/^fangkong_http_requests_total\{/ {n += $NF} END {printf "%d\n", n}'
}
before_a=$(requests "$url_a") before_b=$(requests "$url_b")
"$LOAD" --url "$lb" --seconds "$SECONDS_" --phones "$PHONES" --dashboards "$DASHBOARDS" --rounds "$ROUNDS" \
  --pid "$pid_a,$pid_b" --keys-out "$dir/keys" --json "${LOAD_JSON:-$dir/report.json}" >"$dir/load.out" 2>"$dir/load.err"
rc=$?
sed 's/^/# /' "$dir/load.out"
[[ $rc -ne 0 && $rc -ne 1 ]] && tail -20 "$dir/load.err" | sed 's/^/# /'
check "mixed load through nginx for $SECONDS_ s: no error" '[[ $rc -eq 0 ]]'
got_a=$(($(requests "$url_a") - before_a)) got_b=$(($(requests "$url_b") - before_b))
echo "# requests answered: server A $got_a, server B $got_b"
# Round robin: each server gets about half; a third is the bar.
load_requests=$(python3 -c 'import json,sys; print(sum(v["count"] for v in json.load(open(sys.argv[1]))["requests"].values()))' \
  "${LOAD_JSON:-$dir/report.json}" 2>/dev/null || echo 0)
check "both servers served the load (A $got_a, B $got_b of $load_requests)" \
  '(( load_requests > 0 && got_a + got_b >= load_requests && got_a * 3 > got_a + got_b && got_b * 3 > got_a + got_b ))'

# Sessions across servers.
login=$(curl -s -D "$dir/login.headers" -X POST "$url_a/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"checkpoint","password":"Fangkong@2020"}')
token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$login" 2>/dev/null)
cookie=$(grep -i '^set-cookie:' "$dir/login.headers" | head -1 | sed -E 's/^[Ss]et-[Cc]ookie: *([^;]*).*/\1/')
status() { curl -s -o "$dir/body" -w '%{http_code}' "$@"; }
check "a session made on A works on B (bearer)" '[[ -n $token && $(status -H "Authorization: Bearer $token" "$url_b/api/v1/auth/me") == 200 ]]'
check "the session cookie made on A works on B" '[[ -n $cookie && $(status -H "Cookie: $cookie" "$url_b/api/v1/auth/me") == 200 ]]'
point=$(curl -s -H "Authorization: Bearer $token" "$url_b/api/v1/org/points?page_size=500" |
  python3 -c 'import json,sys; print(next(p["id"] for p in json.load(sys.stdin)["items"] if p["kind"] != "community_gate"))')
key=$(python3 -c 'import uuid; print(uuid.uuid4())')
now=$(date -u +%FT%TZ)
body="{\"client_key\":\"$key\",\"point_id\":$point,\"vehicle_kind\":\"car\",\"plate\":\"豫K2S001\",\"direction\":\"in\",\"occupants\":[{\"temperature\":36.5}],\"origin\":{\"code\":\"410100\",\"name\":\"河南省郑州市\"},\"destination\":\"two-servers\",\"purpose\":\"transit\",\"device_time\":\"$now\"}"
check "a write through B with A's session is stored (201)" \
  '[[ $(status -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "$body" "$url_b/api/v1/screening/passages") == 201 ]]'
check "the same write sent to A answers the first result (200)" \
  '[[ $(status -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "$body" "$url_a/api/v1/screening/passages") == 200 ]]'
echo "passage $key" >>"$dir/keys"
check "A still accepts the session before the logout" '[[ $(status -H "Authorization: Bearer $token" "$url_a/api/v1/auth/me") == 200 ]]'
check "logout on B (204)" '[[ $(status -X POST -H "Authorization: Bearer $token" "$url_b/api/v1/auth/logout") == 204 ]]'
check "B refuses the session at once (401)" '[[ $(status -H "Authorization: Bearer $token" "$url_b/api/v1/auth/me") == 401 ]]'
sleep 6  # auth.session_cache_seconds is 5
check "A refuses the logged-out session after the session cache time (401)" \
  '[[ $(status -H "Authorization: Bearer $token" "$url_a/api/v1/auth/me") == 401 ]]'
check "A refuses the logged-out cookie too (401)" '[[ $(status -H "Cookie: $cookie" "$url_a/api/v1/auth/me") == 401 ]]'

dupes=$(psql -X -q -t -A "$db" -c "SELECT COUNT(*) FROM (SELECT period_id, day FROM observation_rounds WHERE status <> 'follow_up' GROUP BY period_id, day HAVING COUNT(*) > 1) d")
due=$(psql -X -q -t -A "$db" -c "SELECT COUNT(*) FROM observation_rounds WHERE day = (SELECT MAX(day) FROM observation_rounds) AND status IN ('due', 'done')")
check "the sweeps of both servers made no period's round twice ($due due or done rounds on the last day)" '[[ $dupes == 0 && $due -gt 0 ]]'

for p in $pid_ngx $pid_a $pid_b; do kill -TERM "$p" 2>/dev/null; done
for p in $pid_ngx $pid_a $pid_b; do
  for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null
  wait "$p" 2>/dev/null
done
pid_a="" pid_b="" pid_ngx=""
errors=$(grep -hE '\[(error|critical)\]' "$dir/a.err" "$dir/b.err" | head -5)
[[ -n $errors ]] && echo "$errors" | sed 's/^/# server: /'
check "neither server logged an error" '[[ -z $errors ]]'

"$BIN" --db "$db" --log-level warn verify-rollups >"$dir/verify" 2>&1
verify_rc=$?
check "verify-rollups exits 0 after two servers" '[[ $verify_rc -eq 0 ]] || { head -20 "$dir/verify"; false; }'
"$HERE/load_keys.sh" "$db" "$dir/keys" >"$dir/keys.out" 2>&1
keys_rc=$?
sed 's/^/# /' "$dir/keys.out"
check "every acknowledged client key is stored exactly once" '[[ $keys_rc -eq 0 ]]'
finish
