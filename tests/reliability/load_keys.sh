#!/usr/bin/env bash
# Counts, in the database, every client key bench/mixed_load acknowledged.
#   tests/reliability/load_keys.sh DB KEYS_FILE
# DB: sqlite:FILE or a postgresql:// URL. KEYS_FILE: "passage|gate|round KEY" lines
# (mixed_load --keys-out). Prints one line per kind:
#   <kind> acknowledged=N missing=N more_than_once=N
# and a last line "keys: acknowledged=N missing=N more_than_once=N acked_twice=N"
# (acked_twice: keys the program saw created twice — a replay that made a second record).
# Exits 0 when nothing is missing, nothing is stored twice and nothing was created twice.
set -uo pipefail
db=$1 keys=$2
[[ -s $keys ]] || { echo "load_keys: $keys is empty"; exit 1; }
acked_twice=$(awk '{print $2}' "$keys" | sort | uniq -d | wc -l)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tr ' ' ',' <"$keys" >"$tmp/keys.csv"

read -r -d '' query <<'SQL'
SELECT kind, COUNT(*) AS acknowledged,
       SUM(CASE WHEN n = 0 THEN 1 ELSE 0 END) AS missing,
       SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END) AS more_than_once
FROM (SELECT a.kind,
             CASE a.kind
               WHEN 'passage' THEN (SELECT COUNT(*) FROM passages p WHERE p.client_key = a.k)
               WHEN 'gate' THEN (SELECT COUNT(*) FROM gate_events g WHERE g.client_key = a.k)
               WHEN 'round' THEN (SELECT COUNT(*) FROM observation_rounds r WHERE r.client_key = a.k)
             END AS n
      FROM acked a) counted
GROUP BY kind ORDER BY kind;
SQL

if [[ $db == sqlite:* ]]; then
  file=${db#sqlite:}
  # A temporary table only: the database file itself is not written.
  out=$(sqlite3 -batch -separator ' ' "$file" \
    "CREATE TEMP TABLE acked (kind TEXT, k TEXT);" \
    ".mode csv" ".import $tmp/keys.csv acked" ".mode list" ".separator ' '" "$query") || { echo "load_keys: sqlite3 failed"; exit 1; }
else
  out=$(psql -X -q -t -A -F ' ' -v ON_ERROR_STOP=1 "$db" \
    -c "CREATE TEMP TABLE acked (kind TEXT, k TEXT)" \
    -c "\\copy acked FROM '$tmp/keys.csv' WITH (FORMAT csv)" \
    -c "$query") || { echo "load_keys: psql failed"; exit 1; }
fi
total=0 missing=0 more=0
while read -r kind n miss twice; do
  [[ -n $kind ]] || continue
  echo "$kind acknowledged=$n missing=$miss more_than_once=$twice"
  total=$((total + n)); missing=$((missing + miss)); more=$((more + twice))
done <<<"$out"
echo "keys: acknowledged=$total missing=$missing more_than_once=$more acked_twice=$acked_twice"
((total > 0 && missing == 0 && more == 0 && acked_twice == 0))
