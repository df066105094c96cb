-- wrk script for the Lenzflow bench. Request shape from the environment:
--   WRK_METHOD (GET|POST, default GET), WRK_BODY (sent with Content-Type: application/json
--   when set), WRK_AUTH (full Authorization header value, e.g. "Bearer eyJ...").
-- The request is built once (no per-request Lua), so the script costs wrk nothing under load.
-- At the end it prints one machine-readable line, latencies in microseconds:
--   WRK_RESULT requests=.. duration_us=.. bytes=.. non2xx=.. err_connect=.. err_read=..
--              err_write=.. err_timeout=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. mean_us=..
-- non2xx is wrk's "status" error count: responses with a status >= 400 (the server sends no 1xx/3xx).

wrk.method = os.getenv("WRK_METHOD") or "GET"
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(("WRK_RESULT requests=%d duration_us=%d bytes=%d non2xx=%d err_connect=%d err_read=%d " ..
            "err_write=%d err_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n"):format(
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
