-- Counts answers that are not 2xx (wrk's own count lets 3xx pass, and a redirect to the sign-in
-- page would look like a fast success). Each thread keeps its own count; done() adds them up.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non2xx")
  end
  io.write(string.format("NON2XX %d\n", total))
  io.write(string.format("P50_MS %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("P99_MS %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("RPS %.1f\n", summary.requests / (summary.duration / 1000000)))
  io.write(string.format("ERRORS %d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status))
end
