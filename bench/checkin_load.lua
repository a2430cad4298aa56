-- wrk script for bench/bench_checkin_load.py (not meant to be run by hand).
-- args: mode ("ping" | "checkin"), students file ("<token> <placement id>" per line), run nonce, output
-- directory, number of wrk threads, duplicate re-send rate (0..1).
-- Every check-in gets its own client key; a share of them is deliberately sent again (a retry after a lost
-- answer). Each thread writes the (placement, client key) of every check-in the server acknowledged (2xx) to
-- acked-<thread>.txt, read from the answer body, so the script can check them against the stored rows.

local thread_list = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(thread_list, thread)
end

local students = {}
local pos, counter = 0, 0
local last_student, last_key
local ackfile
n2xx, n201, n4xx, n5xx, nother = 0, 0, 0, 0, 0

function init(args)
  mode, nonce, outdir = args[1], args[3], args[4]
  nthreads, dup_rate = tonumber(args[5]), tonumber(args[6])
  for line in io.lines(args[2]) do
    local token, pid = line:match("^(%S+) (%d+)$")
    if token then
      students[#students + 1] = { token, pid }
    end
  end
  -- threads walk disjoint strides of the students so two threads rarely send for the same student at once
  pos = tid + 1 - nthreads
  math.randomseed(os.time() * 1000 + tid * 7919)
  if mode == "checkin" then
    ackfile = io.open(outdir .. "/acked-" .. tid .. ".txt", "w")
    -- buffered: a write per answer would cost the generator (on the server's two cores) a system call each; wrk
    -- leaves its threads' files open and the C library writes what is buffered when wrk exits
    ackfile:setvbuf("full", 65536)
  end
end

function request()
  local s, key
  if mode == "checkin" and last_key and math.random() < dup_rate then
    s, key = last_student, last_key -- the same check-in again, same key
    last_key = nil
  else
    pos = pos + nthreads
    if pos > #students then
      pos = tid + 1
    end
    s = students[pos]
    counter = counter + 1
    key = nonce .. "-" .. tid .. "-" .. counter
    last_student, last_key = s, key
  end
  local headers = { ["Authorization"] = "Token " .. s[1], ["Accept"] = "application/json" }
  if mode == "ping" then
    return wrk.format("GET", "/api/v1/placements/ping/", headers, nil)
  end
  headers["Content-Type"] = "application/json"
  local body = string.format(
    '{"placement": %s, "client_key": "%s", "latitude": %.6f, "longitude": %.6f, "accuracy_m": 12, "device_id": "dev-%s"}',
    s[2], key, 30.2 + (math.random() - 0.5) * 0.002, 120.2 + (math.random() - 0.5) * 0.002, s[2])
  return wrk.format("POST", "/api/v1/placements/checkins/", headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    n2xx = n2xx + 1
    if status == 201 then
      n201 = n201 + 1
    end
    if ackfile then
      local pid = body:match('"placement":%s*(%d+)')
      local key = body:match('"client_key":%s*"([^"]+)"')
      ackfile:write(tostring(pid), " ", tostring(key), " ", status, "\n")
    end
  elseif status >= 500 then
    n5xx = n5xx + 1
  elseif status >= 400 then
    n4xx = n4xx + 1
  else
    nother = nother + 1
  end
end

function done(summary, latency, requests)
  local t = { n2xx = 0, n201 = 0, n4xx = 0, n5xx = 0, nother = 0 }
  for _, thread in ipairs(thread_list) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "n2xx": %d, "n201": %d, "n4xx": %d, "n5xx": %d, "nother": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, t.n2xx, t.n201, t.n4xx, t.n5xx, t.nother,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout))
  -- every latency recorded, as "microseconds count" lines, so that rounds can be merged into exact percentiles
  -- (wrk's latency statistics: #latency distinct values, latency(i) the i-th value and how many answers took it;
  -- done() runs in wrk's main Lua state, where init() never ran: the file's name comes from the environment)
  local path = os.getenv("WRK_LATENCY_FILE")
  local f = path and io.open(path, "w")
  if f then
    for i = 1, #latency do
      local v, c = latency(i)
      f:write(string.format("%d %d\n", v, c))
    end
    f:close()
  end
end
