-- wrk script: POSTs one SOAP envelope over keep-alive connections.
-- Configured by environment variables (set by bench/run.js):
--   BENCH_BODY_FILE     the envelope to send (required)
--   BENCH_SOAPACTION    SOAPAction header value (sent quoted)
--   BENCH_UNIQUE        if set, each request gets TransIDO = BENCH_UNIQUE .. thread .. "-" .. counter
--                       (keep BENCH_UNIQUE short: TransIDO is at most 32 chars of [0-9A-Za-z_-])
--   BENCH_EXPECT_STATUS if set, a response with another status counts as "bad"
--   BENCH_EXPECT_BODY   if set, a response whose body lacks this plain substring counts as "bad"
--   BENCH_STOP_AFTER    if set, each thread stops after this many responses (soak mode) and
--                       prints "BENCH_STOPPED" on stderr: wrk itself would sleep out -d, so the
--                       runner sends it SIGINT, on which wrk reports as usual. With it, every
--                       5,000 responses a thread prints "BENCH_PROGRESS <id> <count>" on stderr.
-- done() prints one line: BENCH_RESULT {json}. Checking bodies makes wrk read them in Lua
-- (a few microseconds a response on the load generator's core).

local function env(name) local v = os.getenv(name); if v == "" then return nil end; return v end

local f = assert(io.open(assert(env("BENCH_BODY_FILE"), "BENCH_BODY_FILE not set"), "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
if env("BENCH_SOAPACTION") then wrk.headers["SOAPAction"] = '"' .. env("BENCH_SOAPACTION") .. '"' end

local unique = env("BENCH_UNIQUE")
local expectStatus = tonumber(env("BENCH_EXPECT_STATUS") or "")
local expectBody = env("BENCH_EXPECT_BODY")
local stopAfter = tonumber(env("BENCH_STOP_AFTER") or "")

-- Threads are numbered in setup() (main Lua state) and read back in done().
local threads = {}
local nextId = 0
function setup(thread)
  nextId = nextId + 1
  thread:set("id", nextId)
  threads[#threads + 1] = thread
end

-- Per-thread state (each thread has its own Lua state; setup() above sets its id).
id = 0
bad = 0
seen = 0
counter = 0
firstBad = ""
badKinds = {}

if unique then
  local before, after = body:match("^(.-<[%w]*:?TransIDO>)[^<]*(</.*)$")
  assert(before, "no TransIDO element in the body")
  function request()
    counter = counter + 1
    return wrk.format(nil, nil, nil, before .. unique .. id .. "-" .. counter .. after)
  end
end

if expectStatus or expectBody or stopAfter then
  function response(status, headers, rbody)
    seen = seen + 1
    if (expectStatus and status ~= expectStatus) or (expectBody and not rbody:find(expectBody, 1, true)) then
      bad = bad + 1
      -- What it was instead: counted by "status/RspCode" (done() prints e.g. "200/3002=16"),
      -- and the first one kept with its RspDesc or faultstring.
      local code = (rbody or ""):match("RspCode>([^<]*)<") or "-"
      local key = status .. "/" .. code
      badKinds[key] = (badKinds[key] or 0) + 1
      if firstBad == "" then
        local desc = (rbody or ""):match("RspDesc>([^<]*)<") or (rbody or ""):match("faultstring>([^<]*)<") or (rbody or ""):sub(1, 300)
        firstBad = "HTTP " .. status .. " RspCode " .. code .. ": " .. desc
      end
    end
    if stopAfter then
      if seen % 5000 == 0 then io.stderr:write("BENCH_PROGRESS " .. id .. " " .. seen .. "\n"); io.stderr:flush() end
      if seen == stopAfter then
        io.stderr:write("BENCH_STOPPED " .. id .. "\n"); io.stderr:flush()
        wrk.thread:stop()
      end
    end
  end
end

local function q(s) return '"' .. tostring(s):gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"' end

function done(summary, latency, requests)
  local totalBad, totalSeen, sample, kinds = 0, 0, "", {}
  for _, t in ipairs(threads) do
    totalBad = totalBad + (t:get("bad") or 0)
    totalSeen = totalSeen + (t:get("seen") or 0)
    if sample == "" then sample = t:get("firstBad") or "" end
    for k, n in pairs(t:get("badKinds") or {}) do kinds[#kinds + 1] = k .. "=" .. n end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latencyUs":{"min":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},"checked":%d,"bad":%d,"badKinds":%s,"firstBad":%s}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    totalSeen, totalBad, q(table.concat(kinds, " ")), q(sample)))
end
