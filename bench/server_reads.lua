-- wrk script for bench/server's read phase: the requests are wrk's own (the URL given, GET,
-- keep-alive); this only prints the figures as one JSON line, prefixed "BENCH ", for
-- bench/server_report.py. Responses other than 2xx/3xx count as errors (wrk's status errors),
-- and so do short reads: bench/server fails when there are any.

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, ' ..
    '"p99": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.mean))
end
