-- A realistic mix for wrk: thread lists, category lists, thread pages, searches and a few
-- logged-in replies. bench/load.py fills in the ids, the session cookie and the CSRF token.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  s2, s3, s4, s5 = 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
  wrk.headers["Cookie"] = COOKIE
end

local words = {"supervision", "sleep", "burnout", "running", "caseload", "\"night shifts\"", "grief OR loss"}

function request()
  local roll = math.random(100)
  if roll <= 35 then
    return wrk.format("GET", "/latest/?page=" .. math.random(5))
  elseif roll <= 50 then
    return wrk.format("GET", "/c/" .. CATEGORIES[math.random(#CATEGORIES)] .. "/")
  elseif roll <= 85 then
    return wrk.format("GET", THREADS[math.random(#THREADS)] .. "?page=1")
  elseif roll <= 96 then
    return wrk.format("GET", "/search/?q=" .. words[math.random(#words)]:gsub(" ", "+"):gsub("\"", "%%22"))
  else
    local body = "body=Thank+you+for+sharing+this%2C+it+helps+to+know+I+am+not+alone."
    -- wrk.format replaces the default headers when given some, so the cookie goes in again.
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["X-CSRFToken"] = CSRF, ["Cookie"] = COOKIE}
    local thread = THREADS[math.random(#THREADS)]
    return wrk.format("POST", "/t/" .. thread:match("/(%d+)/$") .. "/reply/", headers, body)
  end
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1 else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("s2"); t3 = t3 + thread:get("s3"); t4 = t4 + thread:get("s4"); t5 = t5 + thread:get("s5")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f " ..
    "s2xx=%d s3xx=%d s4xx=%d s5xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    t2, t3, t4, t5, e.connect, e.read, e.write, e.timeout))
end
