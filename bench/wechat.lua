-- Replays prepared requests round-robin, each wrk thread its own slice, so every request is distinct:
-- pre-signed pushes ("<path>\t<body>", no de-duplication hits) or participations ("<path>\t<headers>\t<body>",
-- headers separated by "|", a new person each).
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
      local rest = string.sub(line, tab + 1)
      local headers = { ["Content-Type"] = "text/xml" }
      local second = string.find(rest, "\t", 1, true)
      if second then
        headers = {}
        for header in string.gmatch(string.sub(rest, 1, second - 1), "[^|]+") do
          local colon = string.find(header, ": ", 1, true)
          headers[string.sub(header, 1, colon - 1)] = string.sub(header, colon + 2)
        end
        rest = string.sub(rest, second + 1)
      end
      requests[#requests + 1] = wrk.format("POST", path, headers, rest)
    end
    n = n + 1
  end
  -- args[3], args[4]: a directory and how many wrk processes share the run. wrk starts a process's clock and load
  -- when its init returns; one that finished reading first would load the server while the others still read
  -- (seconds, for 400k pushes), a skewed start that showed as latency. So each says it is ready, then waits for all.
  local barrier, peers = args[3], tonumber(args[4] or "1")
  if barrier ~= nil and peers > 1 then
    io.open(barrier .. "/" .. string.gsub(file, "[^%w]", "_"), "w"):close()
    local function ready()
      local ls = io.popen("ls " .. barrier .. " | wc -l")
      local count = tonumber(ls:read("*a"))
      ls:close()
      return count
    end
    while ready() < peers do os.execute("sleep 0.02") end
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
