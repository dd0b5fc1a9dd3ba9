-- wrk script for bench/server's write phase: every connection repeats one sequence, create a
-- filing (POST /api/v1/filings with the body file) and submit it (POST
-- /api/v1/filings/{id}/submit), as the demo user whose bearer token is given.
--
--   wrk -t N -c N -d 10s -s bench/server_writes.lua URL -- TOKEN BODY_FILE
--
-- One connection per wrk thread (-t equal to -c): each thread's Lua state holds its connection's
-- place in the sequence (wrk calls response() before asking for the connection's next request).
-- Prints one JSON line, prefixed "BENCH ", for bench/server_report.py: completed sequences
-- (submit answered 200), failed requests and the first failure seen.

local token, body
local threads = {}

-- Per thread (read by done() through thread:get, so global).
sequences = 0
failures = 0
first_failure = ""
pending_id = nil  -- the filing created on this connection, to submit next

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  local f = assert(io.open(args[2], "rb"))
  body = f:read("*a")
  f:close()
end

local function headers()
  return {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
end

function request()
  if pending_id then
    return wrk.format("POST", "/api/v1/filings/" .. pending_id .. "/submit", headers(), "{}")
  end
  return wrk.format("POST", "/api/v1/filings", headers(), body)
end

local function fail(what, status, resp)
  failures = failures + 1
  if first_failure == "" then
    first_failure = string.format("%s: HTTP %d %s", what, status, string.sub(resp or "", 1, 300))
  end
end

function response(status, hdrs, resp)
  if pending_id then
    if status == 200 then
      sequences = sequences + 1
    else
      fail("submit " .. pending_id, status, resp)
    end
    pending_id = nil
    return
  end
  if status ~= 201 then
    fail("create", status, resp)
    return
  end
  local location = hdrs["Location"] or ""
  pending_id = string.match(location, "/api/v1/filings/([%w%-]+)$")
  if not pending_id then fail("create (no Location)", status, resp) end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local seq, failed, first = 0, 0, ""
  for _, t in ipairs(threads) do
    seq = seq + t:get("sequences")
    failed = failed + t:get("failures")
    if first == "" then first = t:get("first_failure") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"sequences": %d, "failures": %d, "first_failure": %s, "requests": %d, ' ..
    '"duration_us": %d, "socket_errors": %d, "latency_us": {"p50": %d, "p99": %d, ' ..
    '"mean": %.1f}}\n',
    seq, failed, json_string(first), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99),
    latency.mean))
end
