-- Helpers shared by the Tokenbooth wrk scripts (bench/run-wrk.sh). A scenario script loads this file with
--   local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
-- which also makes common.setup and common.done wrk's setup() and done(), so that every run ends with one
-- machine-readable WRK_RESULT line. wrk runs one Lua state per thread plus one for setup/done: counters live in the thread states
-- (globals `bad`, `non2xx`, `dropped`, `exhausted`) and done() sums them through thread:get.
local common = {}

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

-- RFC 4648 §4 Base64 with padding.
function common.base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144) % 64
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = alphabet:sub(c1 + 1, c1 + 1) .. alphabet:sub(c2 + 1, c2 + 1)
        .. (b and alphabet:sub(c3 + 1, c3 + 1) or "=") .. (c and alphabet:sub(c4 + 1, c4 + 1) or "=")
  end
  return table.concat(out)
end

-- application/x-www-form-urlencoded value (space as +, unreserved characters kept).
function common.form_encode(s)
  return (s:gsub("[^%w%-%._~ ]", function(ch) return string.format("%%%02X", ch:byte()) end):gsub(" ", "+"))
end

-- client_secret_basic (RFC 6749 §2.3.1): id and secret form-urlencoded, then HTTP Basic (RFC 7617).
function common.basic(id, secret)
  return "Basic " .. common.base64(common.form_encode(id) .. ":" .. common.form_encode(secret))
end

-- A JSON string literal (RFC 8259 §7) for the values we send: quotes, backslashes and control characters escaped.
function common.json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(ch) return string.format("\\u%04x", ch:byte()) end) .. '"'
end

-- The value of a top-level string field in a JSON answer. Token values are Base64url or hex, never escaped, so a
-- pattern is enough here; nil if the field is missing.
function common.json_field(body, name)
  return body:match('"' .. name .. '"%s*:%s*"([^"\\]*)"')
end

-- The non-empty lines of a file, or an error naming it.
function common.lines(path)
  local f = assert(io.open(path, "r"), "cannot read " .. tostring(path))
  local out = {}
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  assert(#out > 0, path .. " is empty")
  return out
end

-- A client secret from a file: the value of its "client_secret: " line, else its first line (never on a command line).
function common.secret(path)
  local lines = common.lines(path)
  for _, line in ipairs(lines) do
    local s = line:match("^client_secret: (.+)$")
    if s then return s end
  end
  return lines[1]
end

-- Answers that are not 2xx (wrk itself counts only status > 399), for scripts that define response().
function common.count_status(status)
  if status < 200 or status > 299 then non2xx = (non2xx or 0) + 1 end
end

-- Makes request() send the prepared requests in turn, each thread starting at its own place. Call from init().
function common.round_robin(requests)
  assert(#requests > 0, "no requests to send")
  local i = (id or 0) % #requests + 1
  request = function()
    local r = requests[i]
    i = i % #requests + 1
    return r
  end
end

local threads = {}

function common.setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local function sum(name)
  local n = 0
  for _, t in ipairs(threads) do n = n + (tonumber(t:get(name)) or 0) end
  return n
end

-- One line for bench/run-wrk.sh: throughput, latency percentiles (ms; wrk's latency histogram, after its own
-- correction for coordinated omission), wrk's error counts and the scripts' own counters.
function common.done(summary, latency, requests)
  local e = summary.errors
  local s = summary.duration / 1e6
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format("WRK_RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
      .. "p999_ms=%.3f max_ms=%.3f mean_ms=%.3f bytes=%d status_gt399=%d connect=%d read=%d write=%d timeout=%d "
      .. "non2xx=%d bad=%d dropped=%d exhausted=%d\n",
      summary.requests, s, summary.requests / s, ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000,
      latency.mean / 1000, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
      sum("non2xx"), sum("bad"), sum("dropped"), sum("exhausted")))
end

setup = common.setup
done = common.done
return common
