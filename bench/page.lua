-- One page under wrk, as one visitor: bench/run.py sets COOKIE (may be empty) before this.
-- Prints a RESULT line with throughput, latency percentiles and the status classes.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, other = 0, 0
  if COOKIE ~= "" then wrk.headers["Cookie"] = COOKIE end
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local t_ok, t_other = 0, 0
  for _, thread in ipairs(threads) do
    t_ok = t_ok + thread:get("ok"); t_other = t_other + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.2f p50_ms=%.2f p90_ms=%.2f p95_ms=%.2f " ..
    "p99_ms=%.2f max_ms=%.2f ok=%d non2xx=%d errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, t_ok, t_other,
    e.connect + e.read + e.write + e.timeout, e.timeout))
end
