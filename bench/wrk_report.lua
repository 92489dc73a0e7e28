-- wrk reporter: prints one JSON line with throughput, latency percentiles (ms) and error counts.
-- Optional: set WRK_BODY_FILE to post that file's body with WRK_CONTENT_TYPE; WRK_COOKIE / WRK_HEADER_* add headers.
local body_file = os.getenv("WRK_BODY_FILE")
if body_file then
  local handle = assert(io.open(body_file, "rb"))
  wrk.body = handle:read("*a")
  handle:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE") or "application/x-www-form-urlencoded"
end
local cookie = os.getenv("WRK_COOKIE")
if cookie then wrk.headers["Cookie"] = cookie end
local extra = os.getenv("WRK_EXTRA_HEADER")
if extra then
  local name, value = extra:match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
