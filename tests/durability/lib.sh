# Shared by the crash and fault scripts (tests/durability/kill9_mixed.sh, tests/reliability/*.sh).
# Source it after setting BUILD; it sets BIN, HELPER and a work folder $dir removed on exit.
#   backend_init sqlite|postgres [NAME]   DBURL (a fresh SQLite file in $dir, or a fresh
#                                         PostgreSQL database on FK_TEST_PG_URL, dropped on exit)
#   start [EXTRA SERVE ARGS...]           starts `fangkong serve` on DBURL (port 0), sets pid, url
#   stop_server [SIGNAL]                  stops it (TERM by default) and waits
#   keys_present                          prints "p KEY" / "g KEY" for every stored passage /
#                                         gate event (straight from the database)
#   integrity                             prints "ok" when the database's own checks pass,
#                                         else what they found
#   check NAME EXPR                       evaluates EXPR; prints ok/not ok and counts
#   final_checks ACKED_FILE               the closing checks with the server stopped: every key in
#                                         ACKED_FILE ("p KEY"/"g KEY" lines) stored, none twice,
#                                         verify-rollups exits 0, integrity ok
#   finish                                prints "# pass N" / "# fail N" and returns non-zero on failure
# shellcheck shell=bash
BIN=$(realpath "$BUILD/fangkong")
HELPER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mixed.mjs"
dir=$(mktemp -d "${TMPDIR:-/tmp}/fk-fault.XXXXXX")
chmod 755 "$dir"
pid=""
DBURL=""
BACKEND=""
pg_drop=""
export FANGKONG_AUTH_ARGON2_MEMLIMIT_KIB=8192 FANGKONG_AUTH_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=10000
EXIT_HOOKS=()
lib_cleanup() {
  [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  local h
  for h in "${EXIT_HOOKS[@]}"; do eval "$h"; done
  [[ -n $pg_drop ]] && psql -q "$FK_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_drop WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$dir"
}
trap lib_cleanup EXIT

backend_init() {  # sqlite|postgres [name]
  BACKEND=$1
  local name=${2:-fk_fault_$$_$RANDOM}
  case $BACKEND in
    sqlite) DBURL="sqlite:$dir/$name.db" ;;
    postgres)
      [[ -n ${FK_TEST_PG_URL:-} ]] || { echo "FK_TEST_PG_URL is not set (run under scripts/with-pg)"; return 1; }
      psql -q "$FK_TEST_PG_URL" -c "CREATE DATABASE $name" >/dev/null || return 1
      pg_drop=$name
      DBURL="${FK_TEST_PG_URL%/*}/$name"
      # The field keys of a PostgreSQL database live in a file of their own (default
      # data/fangkong.keys under the current folder): keep it in the work folder.
      export FANGKONG_SECURITY_KEY_FILE="$dir/$name.keys"
      ;;
    *) echo "unknown backend $BACKEND"; return 1 ;;
  esac
}

start() {  # extra serve args...
  : >"$dir/out"
  # On PostgreSQL the demo city comes without its 115,814 checkpoint records of 2020 (they take
  # a minute or two to load there and the checks count only this run's records); SQLite keeps them.
  local lite=()
  [[ ${BACKEND:-} == postgres ]] && lite=(--demo-without-passages)
  "$BIN" --db "$DBURL" --log-level warn serve --port 0 --web-root "$dir" --demo-if-empty "${lite[@]}" "$@" >"$dir/out" 2>>"$dir/err" &
  pid=$!
  url=""
  local deadline=$((SECONDS + 300))  # the demo city on PostgreSQL on a busy machine: minutes
  while ((SECONDS < deadline)); do
    url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$dir/out" | head -1) && [[ -n $url ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start"; tail -20 "$dir/err"; exit 1
}

stop_server() {  # [signal]
  [[ -n $pid ]] || return 0
  kill "-${1:-TERM}" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=""
}

sql() {  # query -> rows, one a line, columns separated by |
  if [[ $BACKEND == sqlite ]]; then sqlite3 "${DBURL#sqlite:}" "$1"; else psql -qAt "$DBURL" -c "$1"; fi
}

keys_present() {
  sql "SELECT 'p ' || client_key FROM passages"
  sql "SELECT 'g ' || client_key FROM gate_events"
}

integrity() {
  if [[ $BACKEND == sqlite ]]; then
    local ic fk
    ic=$(sqlite3 "${DBURL#sqlite:}" 'PRAGMA integrity_check')
    fk=$(sqlite3 "${DBURL#sqlite:}" 'PRAGMA foreign_key_check' | head -5)
    if [[ $ic == ok && -z $fk ]]; then echo ok; else echo "integrity_check: $ic; foreign_key_check: $fk"; fi
    return
  fi
  # PostgreSQL: amcheck on every B-tree index of the schema (heapallindexed: every heap tuple
  # is in its index), verify_heapam on every table, and no client key stored twice.
  local out
  out=$(psql -qAt -v ON_ERROR_STOP=1 "$DBURL" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amcheck;
SELECT 'index ' || c.relname || ': ' || e
FROM (SELECT i.indexrelid FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_am am ON am.oid = ic.relam JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE am.amname = 'btree' AND n.nspname = current_schema()) x
JOIN pg_class c ON c.oid = x.indexrelid
CROSS JOIN LATERAL (SELECT NULL::text AS e FROM bt_index_check(x.indexrelid, true)) ch
WHERE e IS NOT NULL;
SELECT 'heap ' || c.relname || ' block ' || v.blkno || ': ' || v.msg
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL verify_heapam(c.oid) v
WHERE c.relkind = 'r' AND n.nspname = current_schema();
SELECT 'passages key twice: ' || client_key FROM passages GROUP BY client_key HAVING COUNT(*) > 1;
SELECT 'gate_events key twice: ' || client_key FROM gate_events GROUP BY client_key HAVING COUNT(*) > 1;
SELECT 'constraint not validated: ' || conname FROM pg_constraint WHERE NOT convalidated;
SQL
)
  local rc=$?
  if [[ $rc -eq 0 && -z $out ]]; then echo ok; else echo "postgres checks (rc $rc): $(head -5 <<<"$out")"; fi
}

verify_rollups() {
  "$BIN" --db "$DBURL" --log-level warn verify-rollups >"$dir/verify" 2>&1
}

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
skip() { echo "ok - $1 # SKIP $2"; }
final_checks() {  # acked_file
  keys_present | sort >"$dir/present"
  local total missing dupes v ok_db
  total=$(sort -u "$1" | wc -l)
  missing=$(sort -u "$1" | comm -23 - "$dir/present" | wc -l)
  dupes=$(uniq -d "$dir/present" | wc -l)
  check "every acknowledged write is stored ($total acknowledged, $missing missing)" '[[ $total -gt 0 && $missing -eq 0 ]]'
  check "no client key stored twice" '[[ $dupes -eq 0 ]]'
  verify_rollups
  v=$?
  check "verify-rollups exits 0" '[[ $v -eq 0 ]] || { tail -5 "$dir/verify"; false; }'
  ok_db=$(integrity)
  check "$BACKEND integrity checks pass at the end" '[[ $ok_db == ok ]] || { echo "$ok_db"; false; }'
}
finish() {
  echo "# pass $pass"
  echo "# fail $fail"
  ((fail == 0))
}
