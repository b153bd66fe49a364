-- The realistic mix for wrk (bench/mix.py sets the globals above this line and writes the files
-- in DATA: bench/mix_setup.py's members, threads and lists, and the search words).
--
-- Every request is sent as one of the logged-in members, drawn at random, and is one of:
--   thread    a thread drawn with Zipf popularity (rank r with weight 1 / r^ZIPF) over every thread,
--             and a page of it: the first (40%), the last (30%) or any (30%);
--   latest, category   the newest-threads list or a category, a page drawn with Zipf weights over
--             all its pages (so mostly the first ones, now and then one deep down);
--   search    one or two of the words, at random;
--   reply     a reply to a thread drawn as above (Haven: with a fresh submission key);
--   react     a reaction (Spirit: a like) on that thread's first or last post.
-- in the shares of WEIGHTS. Each answer is written to OUT<thread>.tsv with its kind, status, latency
-- (from this script's clock: request() is called just before wrk writes the request) and the
-- server's X-Bench-Probe header (bench/probe.py), which echoes the X-Bench-Id sent with it.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *spec);
]]
local spec = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, spec) -- CLOCK_MONOTONIC
  return tonumber(spec.tv_sec) * 1000 + tonumber(spec.tv_nsec) / 1e6
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local function rows(name)
  local result = {}
  for line in io.lines(DATA .. name) do
    local fields = {}
    for field in line:gmatch("[^\t]+") do fields[#fields + 1] = field end
    result[#result + 1] = fields
  end
  return result
end

local function zipf_cdf(n, s)
  local cdf, total = {}, 0
  for rank = 1, n do
    total = total + 1 / rank ^ s
    cdf[rank] = total
  end
  for rank = 1, n do cdf[rank] = cdf[rank] / total end
  return cdf
end

local function draw(cdf)
  local u, low, high = math.random(), 1, #cdf
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cdf[middle] < u then low = middle + 1 else high = middle end
  end
  return low
end

local members, topics, lists, words, topic_cdf, list_cdfs, kinds, out
local pending, sequence, written = {}, 0, 0

function init(args)
  math.randomseed(SEED + id * 7919)
  members, topics, lists, words = rows("members.tsv"), rows("threads.tsv"), rows("lists.tsv"), rows("words.tsv")
  topic_cdf = zipf_cdf(#topics, ZIPF)
  list_cdfs = {}
  for index, list in ipairs(lists) do list_cdfs[index] = zipf_cdf(tonumber(list[3]), 1.0) end
  kinds = {}
  local total = 0
  for name, share in WEIGHTS:gmatch("(%w+)=(%d+)") do
    total = total + tonumber(share)
    kinds[#kinds + 1] = {name, total}
  end
  out = io.open(OUT .. id .. ".tsv", "w")
end

local function pick_kind()
  local roll = math.random() * kinds[#kinds][2]
  for _, kind in ipairs(kinds) do
    if roll < kind[2] then return kind[1] end
  end
  return kinds[#kinds][1]
end

local function list_of(kind)
  local choices = {}
  for index, list in ipairs(lists) do
    if list[1] == kind then choices[#choices + 1] = index end
  end
  return choices
end
local latest_lists, category_lists

function request()
  latest_lists = latest_lists or list_of("latest")
  category_lists = category_lists or list_of("category")
  sequence = sequence + 1
  local kind = pick_kind()
  local member = members[math.random(#members)]
  local headers = {["Cookie"] = member[1], ["X-Bench-Id"] = id .. "-" .. sequence}
  local method, path, body = "GET", nil, nil
  local topic = topics[draw(topic_cdf)]
  if kind == "thread" then
    local pages, roll, page = tonumber(topic[2]), math.random(), 1
    if roll < 0.3 then page = pages elseif roll >= 0.7 then page = math.random(pages) end
    path = topic[1] .. "?page=" .. page
  elseif kind == "latest" or kind == "category" then
    local choices = kind == "latest" and latest_lists or category_lists
    local index = choices[math.random(#choices)]
    path = lists[index][2] .. "?page=" .. draw(list_cdfs[index])
  elseif kind == "search" then
    local query = words[math.random(#words)][1]
    if math.random() < 0.3 then query = query .. "+" .. words[math.random(#words)][1] end
    path = "/search/?q=" .. query
  else
    method = "POST"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = member[2]
    if kind == "reply" then
      path = topic[3]
      body = REPLY_FIELD .. "=Thank+you+for+sharing+this%2C+it+helps+to+know+I+am+not+alone+" ..
        "%28" .. id .. "-" .. sequence .. "-" .. math.random(1e9) .. "%29.&submission_key=" ..
        id .. "x" .. sequence .. "x" .. math.random(1e9)
    else
      path = topic[math.random(4, #topic)]
      body = REACT_BODY
    end
  end
  pending[id .. "-" .. sequence] = {kind, now_ms()}
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  local probe = headers["X-Bench-Probe"]
  local key = probe and probe:match("^(%S+)")
  local sent = key and pending[key]
  if sent then
    pending[key] = nil
    out:write(sent[1], "\t", status, "\t", string.format("%.2f", now_ms() - sent[2]), "\t", probe, "\n")
  else
    out:write("unmatched\t", status, "\t-1\t", probe or "-", "\n")
  end
  written = written + 1
  if written % 200 == 0 then out:flush() end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.2f p50_ms=%.2f p99_ms=%.2f " ..
    "errors=%d timeouts=%d non2xx3xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.timeout, e.status))
end
