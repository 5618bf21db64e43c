-- wrk script for dashboard_bench: bench/passage_post.lua (single-passage POSTs,
-- fresh UUIDv7-shaped client keys, status counts in done()) with a think time
-- per connection, so `-c500` is 500 checkpoint clients each posting one passage
-- every THINK_MS milliseconds (default 1000) instead of as fast as the server
-- answers. THINK_MS=0 posts back to back (a closed loop that saturates the CPUs).
--
--   TOKEN=... POINT_ID=... THINK_MS=1000 wrk -t2 -c500 -d30s -s bench/dashboard_post.lua http://127.0.0.1:PORT/
dofile((os.getenv("FK_BENCH_DIR") or "bench") .. "/passage_post.lua")

local think = tonumber(os.getenv("THINK_MS") or "1000")

function delay()
  return think
end
