-- Replays pre-signed pushes (one "<path>\t<body>" per line) round-robin, each wrk thread its own slice,
-- so every request is a distinct WeChat message and none is a de-duplication hit.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local requests = {}
local index = 1
acknowledged = 0

function init(args)
  local file = args[1]
  if file == nil then -- the bare reference endpoint
    requests[1] = wrk.format("GET", "/ping")
    return
  end
  local nthreads = tonumber(args[2] or "1")
  local n = 0
  for line in io.lines(file) do
    if n % nthreads == id then
      local tab = string.find(line, "\t", 1, true)
      local path = string.sub(line, 1, tab - 1)
      local body = string.sub(line, tab + 1)
      requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "text/xml" }, body)
    end
    n = n + 1
  end
end

function request()
  local r = requests[index]
  index = index + 1
  if index > #requests then index = 1 end
  return r
end

if os.getenv("WL_COUNT_ACKS") == "1" then
  function response(status, headers, body)
    if status == 200 then acknowledged = acknowledged + 1 end
  end
end

function done(summary, latency, requests)
  local acks = 0
  for _, t in ipairs(threads) do acks = acks + (t:get("acknowledged") or 0) end
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d acks=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), acks))
end
