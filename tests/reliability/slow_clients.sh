#!/usr/bin/env bash
# Slow clients: SLOW (default 1,000) connections each sending a request's header bytes one a
# second, and one sending its body one byte a second, against a server started with
# server.header_timeout_s=3 and server.body_timeout_s=4; normal clients keep asking meanwhile.
# Asserts (tests/reliability/slow_clients.mjs): no normal request waits more than 2 s, the slow
# connections are closed by the server near the header timeout, the slow body is cut, and the
# server does not spend a thread per connection. Prints the p99 with and without the attack.
# Usage: tests/reliability/slow_clients.sh BUILD_DIR [SLOW]
set -uo pipefail
BUILD=${1:-build/release}
SLOW=${2:-1000}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../durability/lib.sh"
# Each side holds one descriptor per connection (plus the server's files and pools).
need=$((SLOW + 512))
if (($(ulimit -n) < need)); then ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; fi
echo "# ulimit -n $(ulimit -n)"
backend_init sqlite || exit 1
export FANGKONG_SERVER_HEADER_TIMEOUT_S=3 FANGKONG_SERVER_BODY_TIMEOUT_S=4
t0=$SECONDS
# No demo city: a new database with its administrator (`fangkong init`) is enough here.
password=$("$BIN" --db "$DBURL" --log-level warn init 2>&1 | sed -n 's/^administrator password[^:]*: //p')
start
token=$(curl -s -m 20 -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[[ -n $token ]] || { echo "not ok - sign in as the new administrator"; echo "# pass 0"; echo "# fail 1"; exit 1; }
# The generated password must be changed before anything else answers (403 password:must_change).
changed=$(curl -s -m 20 -o /dev/null -w '%{http_code}' -X POST "$url/api/v1/auth/password" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"old_password\":\"$password\",\"new_password\":\"Slow-Clients-$RANDOM-Xy9\"}")
[[ $changed == 204 ]] || { echo "not ok - change the new administrator's password (got $changed)"; echo "# pass 0"; echo "# fail 1"; exit 1; }
node "$HERE/slow_clients.mjs" "$url" "$token" "$SLOW" 3 4 "$pid" | tee "$dir/slow.out"
p=$(grep -c '^ok - ' "$dir/slow.out"); f=$(grep -c '^not ok - ' "$dir/slow.out")
pass=$((pass + p)); fail=$((fail + f))
check "the server survived the attack" 'kill -0 $pid && [[ $(curl -s -m 5 -o /dev/null -w "%{http_code}" "$url/healthz") == 200 ]]'
[[ $((p + f)) -ge 8 ]] || { fail=$((fail + 1)); echo "not ok - the helper finished its checks"; }
echo "# $((SECONDS - t0)) s"
finish
