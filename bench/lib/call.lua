-- wrk script: POSTs one JSON-RPC request per call with a fresh numeric id (session transports map
-- responses by id, so ids must not repeat). BENCH_PREFIX .. id .. BENCH_SUFFIX is the body;
-- BENCH_HEADERS holds extra "Name: value" lines. done() prints one JSON line for the driver.
local prefix = os.getenv("BENCH_PREFIX")
local suffix = os.getenv("BENCH_SUFFIX")
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json, text/event-stream",
}
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
local path = os.getenv("BENCH_PATH") or "/mcp"
local n = 1000

function request()
  n = n + 1
  return wrk.format("POST", path, headers, prefix .. n .. suffix)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.stderr:write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
