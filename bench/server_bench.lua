-- wrk script for bench/server_bench.sh: rotates through the search mix
-- (one URL query string a line in $SERVER_BENCH_QUERIES) and prints the run
-- as one JSON line prefixed with "JSON " (requests, errors, req/s, latency
-- percentiles in ms).
local queries = {}
local file = os.getenv("SERVER_BENCH_QUERIES") or "bench/out/server_bench.queries"
for line in io.lines(file) do
  if #line > 0 then queries[#queries + 1] = "/api/v1/search?" .. line end
end

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = id * 7
  non2xx = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", queries[(counter % #queries) + 1])
end

function response(status, headers, body)
  if status ~= 200 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status + bad
  io.write(string.format(
    'JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"errors":%d,"non_2xx":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"mean":%.3f}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors, bad,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
