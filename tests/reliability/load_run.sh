#!/usr/bin/env bash
# Mixed load against one `fangkong serve` on a fresh database with the demo city,
# then the checks: the load saw no error, every acknowledged client key is stored
# exactly once, `fangkong verify-rollups` exits 0 (and on SQLite PRAGMA
# integrity_check is ok).
#   tests/reliability/load_run.sh BUILD_DIR sqlite|pg SECONDS [mixed_load options...]
# pg needs FK_TEST_PG_URL (scripts/with-pg): a fresh database is created beside it
# and dropped at the end. LOAD_JSON=FILE keeps the program's JSON report.
# --max-rss-growth PCT among the options makes memory growth after warm-up a check.
# With BUILD_DIR build/asan (cmake --build build/asan --target fangkong mixed_load) the
# server's sanitizer reports at exit (LeakSanitizer) are a check too.
# Prints "ok -"/"not ok -" lines, then "# pass N" / "# fail N".
set -uo pipefail
BUILD=${1:?usage: load_run.sh BUILD_DIR sqlite|pg SECONDS [options]}
BACKEND=${2:?backend}
SECONDS_=${3:?seconds}
shift 3
BIN=$(realpath "$BUILD/fangkong")
LOAD=$(realpath "$BUILD/mixed_load")
HERE=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
pid="" pgdb=""
cleanup() {
  [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null
  [[ -n $pgdb ]] && psql -X -q "$FK_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
export FANGKONG_AUTH_ARGON2_MEMLIMIT_KIB=8192 FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000
export FANGKONG_SECURITY_KEY_FILE="$dir/fangkong.keys"
# PostgreSQL connections per server: with the default 4, 500 phones queue past the 5 s busy
# timeout (503) on the 2-core machine; 16 helps (docs/reliability.md, Load; still not enough
# for two servers at 500 phones there).
[[ $BACKEND == pg ]] && export FANGKONG_DATABASE_POOL_SIZE=${FANGKONG_DATABASE_POOL_SIZE:-16}

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
finish() { echo "# pass $pass"; echo "# fail $fail"; ((fail == 0)); exit $?; }

case $BACKEND in
  sqlite) db="sqlite:$dir/load.db" ;;
  pg)
    [[ -n ${FK_TEST_PG_URL:-} ]] || { echo "not ok - FK_TEST_PG_URL is not set (run under scripts/with-pg)"; fail=1; finish; }
    pgdb="fk_load_$$_$RANDOM"
    psql -X -q "$FK_TEST_PG_URL" -c "CREATE DATABASE $pgdb" >/dev/null || { echo "not ok - create database"; fail=1; finish; }
    db="${FK_TEST_PG_URL%/*}/$pgdb"
    ;;
  *) echo "unknown backend $BACKEND"; exit 2 ;;
esac

t0=$SECONDS
"$BIN" --db "$db" --log-level warn serve --port 0 --web-root "$dir" --demo-if-empty >"$dir/out" 2>"$dir/err" &
pid=$!
url=""
for _ in $(seq 1 6000); do
  url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$dir/out" | head -1) && [[ -n $url ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
check "server up on $BACKEND with the demo city ($((SECONDS - t0)) s)" '[[ -n $url ]] || { tail -20 "$dir/err"; false; }'
[[ -n $url ]] || finish

"$LOAD" --url "$url" --seconds "$SECONDS_" --pid "$pid" --keys-out "$dir/keys" --json "${LOAD_JSON:-$dir/report.json}" "$@" \
  >"$dir/load.out" 2>"$dir/load.err"
rc=$?
sed 's/^/# /' "$dir/load.out"
tail -20 "$dir/load.err" | grep -v "^mixed_load: [0-9]* s," | sed "s/^/# /"
check "mixed load for $SECONDS_ s: every answer as expected, no error" '[[ $rc -eq 0 || $rc -eq 3 ]]'
if [[ " $* " == *" --max-rss-growth "* ]]; then
  check "server memory after warm-up does not grow beyond the margin" '[[ $rc -eq 0 ]]'
fi
check "the server is still running after the load" 'kill -0 "$pid" 2>/dev/null'

kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=""
# Built with the asan preset, the server reports leaks (LeakSanitizer) and errors when it exits.
if grep -qE '(Leak|Address|UndefinedBehavior)Sanitizer|runtime error:' "$dir/err"; then
  check "no sanitizer report from the server" 'grep -m 20 -A 12 -E "(Leak|Address|UndefinedBehavior)Sanitizer|runtime error:" "$dir/err" | sed "s/^/# /"; false'
elif [[ -n $(nm -D "$BIN" 2>/dev/null | grep -m 1 __asan_init) ]]; then
  check "no sanitizer report from the server (ASan build, stopped with SIGTERM)" true
fi

"$BIN" --db "$db" --log-level warn verify-rollups >"$dir/verify" 2>&1
verify_rc=$?
check "verify-rollups exits 0 after the load" '[[ $verify_rc -eq 0 ]] || { head -20 "$dir/verify"; false; }'
if [[ -s $dir/keys ]]; then
  "$HERE/load_keys.sh" "$db" "$dir/keys" >"$dir/keys.out" 2>&1
  keys_rc=$?
  sed 's/^/# /' "$dir/keys.out"
else
  keys_rc=1
fi
check "every acknowledged client key is stored exactly once" '[[ $keys_rc -eq 0 ]]'
if [[ $BACKEND == sqlite ]]; then
  check "integrity_check ok" '[[ $(sqlite3 "${db#sqlite:}" "PRAGMA integrity_check") == ok ]]'
fi
grep -E '\[(error|critical)\]' "$dir/err" | head -5 | sed 's/^/# server: /'
echo "# $((SECONDS - t0)) s"
finish
