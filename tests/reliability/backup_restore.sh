#!/usr/bin/env bash
# Backup while serving, then restore into a new file (SQLite). The demo city under mixed load
# (passages and gate events, single and :batch); the keys acknowledged before the backup began
# are noted; `fangkong backup DEST` runs while the load goes on. The restore procedure of
# docs/reliability.md: copy the backup to the new database file AND the key file beside it
# (SOURCE.keys -> NEW.keys; the backup holds sealed identity numbers, not their keys), then
# `fangkong --db sqlite:NEW serve`. On the restored file:
#   - PRAGMA integrity_check ok, foreign_key_check empty, verify-rollups exits 0;
#   - every key acknowledged before the backup began is stored exactly once;
#   - a server on it answers reads, the demo login works, a revealed identity number equals the
#     one revealed on the original (the key file came along), and the pre-backup keys sent
#     again answer "duplicate".
# Prints the backup's size and time. Usage: tests/reliability/backup_restore.sh BUILD_DIR
set -uo pipefail
BUILD=${1:-build/release}
source "$(dirname "$0")/../durability/lib.sh"
backend_init sqlite source || exit 1
t0=$SECONDS
start
token=$(node "$HELPER" login "$url" admin)
node "$HELPER" setup "$url" "$token" "$dir/setup.json" || exit 1
reveal() {  # person id -> the identity number the server reveals
  curl -s -m 20 -X POST -H "Authorization: Bearer $token" "$url/api/v1/residents/persons/$1:reveal" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).id_number||"")}catch{console.log("")}})'
}
person=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).passes[0].people[0])' "$dir/setup.json")
id_before=$(reveal "$person")

node "$HELPER" load "$url" "$token" "$dir/setup.json" backup "${LOAD_CONCURRENCY:-3}" "until:$dir/stop" "$dir/results" >"$dir/acked" &
loader=$!
sleep 3
cp "$dir/acked" "$dir/acked.before"  # every line here was answered before the backup began
b0=$(date +%s%3N)
"$BIN" --db "$DBURL" --log-level warn backup "$dir/backup.db" >"$dir/backup.out" 2>&1
b_rc=$?
b_ms=$(($(date +%s%3N) - b0))
sleep 2
touch "$dir/stop"
wait "$loader"
during=$(awk -v a="$b0" -v b="$((b0 + b_ms))" '$4 >= a && $4 <= b' "$dir/results" | wc -l)
bad=$(grep -Evc '^20[01] ' "$dir/results")
before=$(sort -u "$dir/acked.before" | tee "$dir/before.sorted" | wc -l)
echo "# backup of $(du -m "${DBURL#sqlite:}" | cut -f1) MB (+ WAL) written in $b_ms ms, $(du -k "$dir/backup.db" | cut -f1) KB; $before keys acknowledged before it began; $during requests answered while it ran"
check "fangkong backup exits 0 while serving" '[[ $b_rc -eq 0 ]] || { cat "$dir/backup.out"; false; }'
check "the load kept being answered 2xx during the backup ($bad not)" '[[ $bad -eq 0 ]]'
stop_server TERM

# Restore: the backup and the key file into a new place.
src_keys="${DBURL#sqlite:}.keys"
mkdir -p "$dir/restored"
cp "$dir/backup.db" "$dir/restored/fk.db"
cp "$src_keys" "$dir/restored/fk.db.keys"
DBURL="sqlite:$dir/restored/fk.db"
echo "# restored: keys acknowledged before the backup began"
final_checks "$dir/before.sorted"
start
token=$(node "$HELPER" login "$url" admin)
check "restored: the demo login works on a server started on it" '[[ -n $token ]]'
for path in "/api/v1/screening/passages?page_size=20" "/api/v1/residents/gate-events?page_size=20" "/api/v1/command/dashboard"; do
  s=$(curl -s -m 20 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url$path")
  check "restored: GET $path answers 200 (got $s)" '[[ $s == 200 ]]'
done
id_after=$(reveal "$person")
check "restored: a revealed identity number equals the original's (the key file came along)" '[[ -n $id_before && $id_after == "$id_before" ]]'
node "$HELPER" resend "$url" "$token" "$dir/setup.json" "$dir/before.sorted" >"$dir/resend"
not_dup=$(grep -vc '^duplicate ' "$dir/resend")
check "restored: the pre-backup keys sent again are duplicates ($not_dup not)" '[[ $not_dup -eq 0 && $(wc -l <"$dir/resend") -eq $before ]]'
echo "# $((SECONDS - t0)) s"
finish
