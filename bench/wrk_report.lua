-- wrk script of bench/endpoint.py: prints one line "KG requests duration_us errors p50 p99 p99.9"
-- (latencies in ms; errors: connect, read, write, timeout and non-2xx/3xx answers).
-- With the arguments "vary TOKEN" (`wrk ... URL -- vary TOKEN`) each request's query ends in a
-- comment of its own ("#TOKEN-1-1", "#TOKEN-1-2", ...: the run's token, wrk's thread, a count): the
-- same work, but no two requests alike, in one run or across runs given new tokens, so no answer
-- is sent from a cache.
local vary = false
local static
local counter = 0
local token = ""
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  vary = args[1] == "vary"
  token = (args[2] or "") .. "-" .. tostring(id)
  static = wrk.format()
end

request = function()
  if not vary then
    return static
  end
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%0A%23" .. token .. "-" .. counter)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KG %d %d %d %.3f %.3f %.3f\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
