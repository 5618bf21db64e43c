#!/usr/bin/env bash
# Disk full (SQLite): the demo city's database on a small tmpfs of its own, a filler file taking
# all but a few MB; passages and gate events are posted until the disk is full. Then:
#   - writes answer 503 with Retry-After and the message "磁盘已满 … disk full", the server keeps
#     running, and reads (lists, the dashboard, /healthz) answer 200;
#   - PRAGMA integrity_check is ok on the live file, after a WAL checkpoint tried on the full
#     disk, and after a restart on the full disk (its close tries a checkpoint too);
#   - once the filler is deleted, writes succeed again without a restart;
#   - at the end every write acknowledged at any time is stored exactly once, verify-rollups
#     exits 0 and integrity_check is ok.
# Needs `mount -t tmpfs` (root); prints "ok - # SKIP" when mounting is not permitted.
# Usage: tests/reliability/disk_full.sh BUILD_DIR
set -uo pipefail
BUILD=${1:-build/release}
source "$(dirname "$0")/../durability/lib.sh"
backend_init sqlite demo || exit 1
t0=$SECONDS

mnt="$dir/tmpfs"
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=96m tmpfs "$mnt" 2>"$dir/mount.err"; then
  echo "ok - disk full # SKIP mount not permitted: $(cat "$dir/mount.err")"
  echo "# SKIPPED: tmpfs could not be mounted, the disk-full test did not run"
  finish
  exit $?
fi
EXIT_HOOKS+=("umount -l '$mnt' 2>/dev/null")

# The demo city is built on the ordinary disk, then copied (with its key file) onto the tmpfs.
start
token=$(node "$HELPER" login "$url" admin)
node "$HELPER" setup "$url" "$token" "$dir/setup.json" || exit 1
stop_server TERM
cp "${DBURL#sqlite:}" "$mnt/fk.db"
cp "${DBURL#sqlite:}.keys" "$mnt/fk.db.keys" 2>/dev/null
[[ -f ${DBURL#sqlite:}-wal ]] && cp "${DBURL#sqlite:}-wal" "$mnt/fk.db-wal"
DBURL="sqlite:$mnt/fk.db"
db="$mnt/fk.db"
echo "# database $(du -m "$db" | cut -f1) MB on a 96 MB tmpfs"
start
: >"$dir/acked.all"

# A few writes with room to spare.
node "$HELPER" load "$url" "$token" "$dir/setup.json" disk-before 2 2 >>"$dir/acked.all"
before=$(wc -l <"$dir/acked.all")
check "writes succeed before the disk is full ($before acknowledged)" '[[ $before -gt 0 ]]'

# The filler: everything but 3 MB.
avail_mb=$(($(df -Pk "$mnt" | awk 'NR==2 {print $4}') / 1024))
dd if=/dev/zero of="$mnt/filler" bs=1M count=$((avail_mb - 3)) status=none
echo "# filler of $((avail_mb - 3)) MB; $(df -Pk "$mnt" | awk 'NR==2 {print $4}') KB left"

post_passage() {  # -> "STATUS" and the body in $dir/post.body, headers in $dir/post.head
  local body
  body=$(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(JSON.stringify({client_key: crypto.randomUUID(), point_id: s.checkpoint, vehicle_kind: "car",
      plate: "豫A12345", direction: "in", occupants: [{temperature: 36.5}], origin: {code: "410100", name: "河南省郑州市"},
      destination: "disk-probe", purpose: "transit", device_time: new Date(Date.now() - 1000).toISOString()}));' "$dir/setup.json")
  curl -s -m 30 -o "$dir/post.body" -D "$dir/post.head" -w '%{http_code}' -X POST "$url/api/v1/screening/passages" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body"
  [[ $(cat "$dir/post.body") == *'"client_key"'* ]] && echo "p $(echo "$body" | grep -Eo '"client_key":"[^"]+"' | cut -d'"' -f4)" >>"$dir/probe.acked"
}
get_status() { curl -s -m 30 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url$1"; }
: >"$dir/probe.acked"

# Load until a write answers 503 (at most 120 s).
node "$HELPER" load "$url" "$token" "$dir/setup.json" disk-filling 2 120 "$dir/results.fill" >>"$dir/acked.all" &
loader=$!
full=""
for _ in $(seq 1 240); do
  if grep -q '^503 ' "$dir/results.fill" 2>/dev/null; then full=yes; break; fi
  sleep 0.5
done
sleep 2
kill "$loader" 2>/dev/null; wait "$loader" 2>/dev/null
check "writes reach a full disk (503 seen)" '[[ -n $full ]]'
n503=$(grep -c '^503 ' "$dir/results.fill"); n5xx=$(grep -Ec '^(500|502|504) ' "$dir/results.fill"); nerr=$(grep -c '^0 ' "$dir/results.fill")
echo "# while filling: $(wc -l <"$dir/results.fill") requests, $n503 answered 503, $n5xx other 5xx, $nerr without an answer"
check "no write on the full disk answers another 5xx or no answer" '[[ $n5xx -eq 0 && $nerr -eq 0 ]]'
status=$(post_passage)
check "a write on the full disk answers 503 (got $status)" '[[ $status == 503 ]]'
check "its message says the disk is full: $(cat "$dir/post.body")" 'grep -q "disk full" "$dir/post.body"'
check "it carries Retry-After" 'grep -qi "^retry-after:" "$dir/post.head"'
check "the server is still running" 'kill -0 $pid'
for path in "/api/v1/screening/passages?page_size=20" "/api/v1/residents/gate-events?page_size=20" \
            "/api/v1/command/dashboard" "/healthz"; do
  s=$(get_status "$path")
  check "read on the full disk: GET $path answers 200 (got $s)" '[[ $s == 200 ]]'
done
ok_db=$(integrity)
check "integrity_check ok on the live file with the disk full" '[[ $ok_db == ok ]] || { echo "$ok_db"; false; }'
ckpt=$(sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' 2>&1)
echo "# a WAL checkpoint tried on the full disk: $ckpt"
ok_db=$(integrity)
check "integrity_check ok after a checkpoint on the full disk" '[[ $ok_db == ok ]] || { echo "$ok_db"; false; }'

# A clean stop on the full disk (its close tries a checkpoint), integrity, and a start again.
stop_server TERM
ok_db=$(integrity)
check "integrity_check ok after a stop on the full disk" '[[ $ok_db == ok ]] || { echo "$ok_db"; false; }'
start
s=$(get_status "/api/v1/screening/passages?page_size=20")
check "restarted on the full disk: reads answer 200 (got $s)" '[[ $s == 200 ]]'
status=$(post_passage)
check "restarted on the full disk: writes answer 503 (got $status)" '[[ $status == 503 ]]'

# Free the space: writes succeed again without a restart.
rm -f "$mnt/filler"
freed_at=$SECONDS
status=""
for _ in $(seq 1 20); do
  status=$(post_passage)
  [[ $status == 201 ]] && break
  sleep 0.5
done
check "writes succeed again once space is freed, without a restart (got $status after $((SECONDS - freed_at)) s)" '[[ $status == 201 ]]'
node "$HELPER" load "$url" "$token" "$dir/setup.json" disk-after 2 3 "$dir/results.after" >"$dir/acked.after"
after=$(wc -l <"$dir/acked.after")
bad_after=$(grep -vc '^20[01] ' "$dir/results.after")
cat "$dir/acked.after" >>"$dir/acked.all"
check "mixed load after freeing: $after acknowledged, every request 2xx ($bad_after not)" '[[ $after -gt 0 && $bad_after -eq 0 ]]'

stop_server TERM
cat "$dir/probe.acked" >>"$dir/acked.all"
final_checks "$dir/acked.all"
echo "# $((SECONDS - t0)) s"
finish
