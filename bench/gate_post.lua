-- wrk script: POST /api/v1/residents/gate-events, one event per request, as
-- 200 gates would send them: a household's short code and member, direction
-- out (70 %) or in, a temperature (1 % feverish), and 5 % unknown codes
-- (outsiders). The mix gives allowed exits, returns, quota refusals,
-- not-resident refusals and fever handovers.
--
-- Environment: TOKEN (bearer), PASSES (a Lua file written by gate_bench.sh
-- returning {{code, person_id, point_id}, ...}).
--   wrk -t2 -c200 -d30s --latency -s bench/gate_post.lua http://127.0.0.1:PORT

local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local token = os.getenv("TOKEN") or error("TOKEN is not set")
local passes = dofile(os.getenv("PASSES") or error("PASSES is not set"))
local counter = 0
local prefix_hi, prefix_lo, thread_word, rand_word
s201, s200, s_other, s_other_code = 0, 0, 0, 0
allow, refuse, handover = 0, 0, 0

function init(args)
  local t = tonumber(tid) or 1
  math.randomseed(os.time() * 1000 + t * 7919)
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

function request()
  local p = passes[math.random(1, #passes)]
  local dir = math.random() < 0.7 and "out" or "in"
  local temp = math.random() < 0.01 and "38.0" or string.format("36.%d", math.random(0, 9))
  local code = p[1]
  if math.random() < 0.05 then code = "ZZZZ2222" end
  local body = string.format(
    '{"client_key":"%s","point_id":%d,"direction":"%s","temperature":%s,"short_code":"%s","person_id":%d}',
    client_key(), p[3], dir, temp, code, p[2])
  return wrk.format("POST", "/api/v1/residents/gate-events",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status == 201 then s201 = s201 + 1
  elseif status == 200 then s200 = s200 + 1
  else
    s_other = s_other + 1
    s_other_code = status
  end
  if status == 201 then
    if body:find('"decision":"allow"', 1, true) then allow = allow + 1
    elseif body:find('"decision":"refuse"', 1, true) then refuse = refuse + 1
    else handover = handover + 1 end
  end
end

function done(summary, latency, requests)
  local a, b, c, d, e, f, g = 0, 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("s201"); b = b + t:get("s200"); c = c + t:get("s_other")
    if t:get("s_other_code") ~= 0 then d = t:get("s_other_code") end
    e = e + t:get("allow"); f = f + t:get("refuse"); g = g + t:get("handover")
  end
  io.write(string.format("status 201: %d\nstatus 200: %d\nother: %d (last %d)\n", a, b, c, d))
  io.write(string.format("decisions: allow %d, refuse %d, handover %d\n", e, f, g))
  for _, q in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%s: %.2f ms\n", q, latency:percentile(q) / 1000))
  end
end
