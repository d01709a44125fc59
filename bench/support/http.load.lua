-- wrk's side of bench/support/http.load.ts (one wrk thread; see there for why).
--
-- wrk -t 1 -c C -d BOUND -s http.load.lua URL -- METHOD once|template FILE
--   once:     FILE holds one body a line; each is sent exactly once, then the run ends at the answer
--             to the last one (wrk itself has no request count, only a duration: BOUND is a deadline).
--   template: FILE holds one body with "{n}" where each request puts a number of its own; the run
--             lasts BOUND seconds, as wrk's own runs do.
-- done() prints one line, "wrk-result {json}": answers by status, wrk's error counters, latency in
-- microseconds, the window from the first request to the last answer (CLOCK_MONOTONIC, the clock
-- Node's process.hrtime uses) and wrk's own CPU time.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } mailgate_timespec;
  int clock_gettime(int clock, mailgate_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("mailgate_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) * 1e6 + tonumber(now_ts.tv_nsec) / 1e3
end

local thread_of
function setup(thread)
  thread_of = thread
end

-- Per thread: the prepared requests (once) or the template's pieces, and the tallies done() reads.
local requests, pieces, method
local sent = 0
statuses = {}
answers = 0
first_us = 0
last_us = 0

function init(args)
  method = args[1]
  local mode, file = args[2], args[3]
  local lines = {}
  for line in io.lines(file) do
    lines[#lines + 1] = line
  end
  if mode == "once" then
    requests = {}
    for i, body in ipairs(lines) do
      requests[i] = wrk.format(method, nil, nil, body)
    end
  else
    pieces = {}
    for piece in (lines[1] .. "{n}"):gmatch("(.-){n}") do
      pieces[#pieces + 1] = piece
    end
  end
end

-- wrk calls request() once before the run, to count the requests in the string it returns: that
-- call only peeks, so that no body is lost.
local counted = false
function request()
  if not counted then
    counted = true
    return requests and requests[1] or wrk.format(method, nil, nil, table.concat(pieces, "0"))
  end
  if sent == 0 then first_us = now_us() end
  sent = sent + 1
  if pieces then return wrk.format(method, nil, nil, table.concat(pieces, tostring(sent))) end
  -- Past the last body: nothing is written, so the connection stays idle until the run ends.
  return requests[sent] or ""
end

function response(status)
  answers = answers + 1
  statuses[status] = (statuses[status] or 0) + 1
  last_us = now_us()
  if requests and answers == #requests then
    wrk.thread:stop()
    -- wrk's main thread sleeps out the duration: the bench ends that wait with SIGINT on this line.
    io.write("wrk-finished\n")
    io.stdout:flush()
  end
end

-- utime + stime of this process, in clock ticks (fields 14 and 15 of /proc/self/stat).
local function cpu_ticks()
  local f = io.open("/proc/self/stat")
  if not f then return 0 end
  local stat = f:read("*a")
  f:close()
  local fields = {}
  for field in stat:sub(stat:find(")", 1, true) + 2):gmatch("%S+") do
    fields[#fields + 1] = field
  end
  return tonumber(fields[12]) + tonumber(fields[13])
end

function done(summary, latency)
  local codes = {}
  for status, count in pairs(thread_of:get("statuses")) do
    codes[#codes + 1] = string.format('"%d":%d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-result {"answers":%d,"statusCodes":{%s},"errors":%d,"timeouts":%d,' ..
    '"latencyUs":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},' ..
    '"firstUs":%.1f,"lastUs":%.1f,"cpuTicks":%d}\n',
    thread_of:get("answers"), table.concat(codes, ","), e.connect + e.read + e.write, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    thread_of:get("first_us"), thread_of:get("last_us"), cpu_ticks()))
end
