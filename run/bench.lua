-- wrk script for run/bench: keep-alive POST /jsonrpc with one JSON-RPC call, and a machine-readable summary.
-- BENCH_BODY: the request body (default: Demo.1.ping). BENCH_EXPECT: when set, every reply body must contain this
-- text; replies without it are counted as "bad" (this adds a Lua call per reply, so wrk needs a little more CPU).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or '{"jsonrpc":"2.0","id":1,"method":"Demo.1.ping"}'
wrk.headers["Content-Type"] = "application/json"
-- BENCH_TOKEN: when set, every request carries "Authorization: Bearer <token>" (run/bench --token).
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

local expect = os.getenv("BENCH_EXPECT")
if expect == "" then expect = nil end
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  sample = ""
end

if expect then
  function response(status, headers, body)
    if status == 200 and not string.find(body, expect, 1, true) then
      bad = bad + 1
      if sample == "" then sample = string.sub(body, 1, 300) end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local nbad, first = 0, ""
  for _, t in ipairs(threads) do
    nbad = nbad + (t:get("bad") or 0)
    local s = t:get("sample")
    if first == "" and s and s ~= "" then first = s end
  end
  io.write(string.format("BENCH requests=%d duration_us=%d errors=%d non2xx=%d bad=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status, nbad,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  if first ~= "" then io.write("BENCH-BAD " .. first:gsub("\n", " ") .. "\n") end
end
