-- wrk script for run/bench: keep-alive POST /jsonrpc with a trivial JSON-RPC call, and a machine-readable summary.
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"Demo.1.ping"}'
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
