#!/usr/bin/env bash
# Key rotation through the command line, end to end on a SQLite file: a demo
# database, `fangkong keys rotate`, `fangkong keys reencrypt`, then every
# sealed column (src/app/keys.cpp) holds values under the new key only, the
# key file keeps the old key line, stays mode 0600, and a second reencrypt has
# nothing to do. The demo has 115,814 passages: about 1 to 4 minutes on 2
# cores, so it runs in `make soak`; tests/api/encryption_at_rest_test.cpp is
# the fast version in `make test`. Prints "ok - ..." / "not ok - ..." and "# pass N" / "# fail N".
# Usage: tests/keys/keys_cli.sh BUILD_DIR
set -uo pipefail
BUILD=${1:-build/release}
BIN=$(realpath "$BUILD/fangkong")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/keys.db"
keys="$dir/keys.db.keys"
export FANGKONG_SECURITY_KEY_FILE="$keys" FANGKONG_AUTH_ARGON2_MEMLIMIT_KIB=8192

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
q() { sqlite3 "$db" "$1"; }

# Every sealed column, as in app/keys.cpp (passages.occupants holds sealed "i"/"p" members).
columns=(households.phone_sealed persons.id_number_sealed persons.phone_sealed staff.phone handovers.id_number
         handovers.phone gate_events.visitor_phone_sealed firms.contact_phone firm_staff.id_number firm_staff.phone)
count_under() {  # key -> total sealed values under that key
  local key=$1 total=0 n
  for c in "${columns[@]}"; do
    n=$(q "SELECT COUNT(*) FROM ${c%%.*} WHERE ${c#*.} LIKE 'fe1.$key.%'")
    total=$((total + n))
  done
  n=$(q "SELECT COUNT(*) FROM passages WHERE occupants LIKE '%\"fe1.$key.%'")
  echo $((total + n))
}

"$BIN" --db "sqlite:$db" --log-level warn demo >"$dir/demo.out" 2>&1
check "demo database created" "[[ -s '$db' && -s '$keys' ]]"
k1_before=$(count_under k1)  # values, except passages: rows with a sealed occupant
check "the demo holds sealed values under k1 ($k1_before)" "(( k1_before > 100 ))"
# The demo fills most sealed columns (not gate visitors' or returning staff's phones: the API test
# tests/api/encryption_at_rest_test.cpp covers every column); remember which, to check each after.
filled=()
for c in "${columns[@]}"; do
  n=$(q "SELECT COUNT(*) FROM ${c%%.*} WHERE ${c#*.} LIKE 'fe1.%'")
  ((n > 0)) && filled+=("$c")
done
check "the demo fills most sealed columns (${#filled[@]} of ${#columns[@]})" "(( \${#filled[@]} >= 7 ))"

cp "$keys" "$dir/keys.before"
"$BIN" --db "sqlite:$db" --log-level warn keys rotate >"$dir/rotate.out" 2>&1
check "keys rotate exits 0 and names k2" "grep -q 'new active key k2' '$dir/rotate.out'"
check "the old key lines are kept as they were" "[[ \$(head -c \$(stat -c %s '$dir/keys.before') '$keys') == \$(cat '$dir/keys.before') ]]"
check "the key file has two keys and stays mode 0600" "[[ \$(grep -c '^key ' '$keys') == 2 && \$(stat -c %a '$keys') == 600 ]]"
check "nothing is re-sealed by the rotation itself" "[[ \$(count_under k2) == 0 ]]"

"$BIN" --db "sqlite:$db" --log-level warn keys reencrypt >"$dir/re.out" 2>&1
rc=$?
check "keys reencrypt exits 0" "(( rc == 0 ))"
# count_under counts passages by row, reencrypt by value (a passage has one or more occupants).
resealed=$(grep -Eo 're-sealed [0-9]+ value\(s\) with key k2' "$dir/re.out" | grep -Eo '[0-9]+' | head -1)
check "it re-sealed every value (${resealed:-none} values, $k1_before columns/rows)" "(( \${resealed:-0} >= k1_before ))"
check "it says every value is under k2" "grep -q 'every sealed value is under key k2' '$dir/re.out'"
check "no value is left under k1" "[[ \$(count_under k1) == 0 ]]"
check "every value is under k2" "[[ \$(count_under k2) == $k1_before ]]"
for c in "${filled[@]}"; do
  n=$(q "SELECT COUNT(*) FROM ${c%%.*} WHERE ${c#*.} LIKE 'fe1.k2.%'")
  check "$c is re-sealed under k2 ($n)" "(( n > 0 ))"
done
"$BIN" --db "sqlite:$db" --log-level warn keys reencrypt >"$dir/re2.out" 2>&1
check "a second reencrypt has nothing to do" "grep -q 're-sealed 0 value(s)' '$dir/re2.out'"
check "the database passes PRAGMA integrity_check" "[[ \$(q 'PRAGMA integrity_check') == ok ]]"

((fail)) && { echo "--- outputs"; cat "$dir"/*.out; }
echo "# pass $pass"
echo "# fail $fail"
((fail == 0))
