-- wrk script: POST /api/v1/screening/passages (one record per request), or
-- POST /api/v1/screening/passages:batch with BATCH records per request.
--
-- Environment:
--   TOKEN     bearer token (required; log in as admin first)
--   POINT_ID  a checkpoint id the user may write at (required)
--   BATCH     records per request; unset or 0: single-record POSTs
--
-- Every record gets a fresh client_key: a UUIDv7-shaped string (the run's
-- start time in ms, then the wrk thread number, a random word and a per-thread
-- counter), so keys are unique across threads and runs and grow at the right
-- edge of the unique index like real phone keys do.
-- done() prints how many replies had each status and, for batches, how many
-- records came back "created"; run-wrk.sh compares these with the rows stored.
--
--   wrk -t2 -c512 -d20s --latency -s bench/passage_post.lua http://127.0.0.1:PORT

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local token = os.getenv("TOKEN") or error("TOKEN is not set")
local point_id = tonumber(os.getenv("POINT_ID") or error("POINT_ID is not set"))
local batch = tonumber(os.getenv("BATCH") or "0")

local counter = 0
local prefix_hi, prefix_lo, thread_word, rand_word
local plate_chars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
-- status counters are plain numbers: wrk's thread:get copies them reliably
s2xx_201, s2xx_200, s_other, s_other_code = 0, 0, 0, 0
created_records = 0
bad_records = 0

function init(args)
  -- tid is set by setup() before init() runs in the thread's own Lua state.
  local t = tonumber(tid) or 1
  math.randomseed(os.time() * 1000 + t * 7919)
  -- wall-clock ms at start (os.time has seconds; add a random ms part)
  local ms = os.time() * 1000 + math.random(0, 999)
  prefix_hi = math.floor(ms / 65536)
  prefix_lo = ms % 65536
  thread_word = t % 4096
  rand_word = 0x8000 + math.random(0, 0x3fff)
  counter = math.random(0, 2 ^ 20) * 2 ^ 20
end

local function client_key()
  counter = counter + 1
  return string.format("%08x-%04x-7%03x-%04x-%012x", prefix_hi, prefix_lo, thread_word, rand_word, counter)
end

local function plate()
  local p = {}
  for i = 1, 5 do
    local k = math.random(1, #plate_chars)
    p[i] = plate_chars:sub(k, k)
  end
  return "豫A" .. table.concat(p)
end

local function record(now)
  local n = math.random(1, 3)
  local occ = {}
  for i = 1, n do
    occ[i] = string.format('{"temperature":36.%d}', math.random(0, 9))
  end
  return string.format(
    '{"client_key":"%s","point_id":%d,"vehicle_kind":"car","plate":"%s","direction":"in",' ..
    '"occupants":[%s],"origin":{"code":"410100","name":"河南省郑州市"},"destination":"新郑市",' ..
    '"purpose":"return_to_work","device_time":"%s"}',
    client_key(), point_id, plate(), table.concat(occ, ","), now)
end

local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. token,
}

function request()
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  if batch > 0 then
    local recs = {}
    for i = 1, batch do recs[i] = record(now) end
    return wrk.format("POST", "/api/v1/screening/passages:batch", headers,
                      '{"records":[' .. table.concat(recs, ",") .. ']}')
  end
  return wrk.format("POST", "/api/v1/screening/passages", headers, record(now))
end

function response(status, headers, body)
  if status == 201 then s2xx_201 = s2xx_201 + 1
  elseif status == 200 then s2xx_200 = s2xx_200 + 1
  else s_other = s_other + 1; s_other_code = status end
  if batch > 0 and status == 200 and body then
    local _, created = body:gsub('"status":"created"', "")
    created_records = created_records + created
    bad_records = bad_records + (batch - created)
  end
end

function done(summary, latency, requests)
  local n201, n200, other, other_code, created, bad = 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    n201 = n201 + t:get("s2xx_201")
    n200 = n200 + t:get("s2xx_200")
    other = other + t:get("s_other")
    if t:get("s_other_code") ~= 0 then other_code = t:get("s_other_code") end
    created = created + t:get("created_records")
    bad = bad + t:get("bad_records")
  end
  io.write(string.format("status 201: %d\nstatus 200: %d\nstatus other: %d (last other status %d)\n",
                         n201, n200, other, other_code))
  if batch > 0 then
    io.write(string.format("records created: %d\nrecords not created: %d\n", created, bad))
  end
  io.write(string.format("p50_ms %.2f\np99_ms %.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
