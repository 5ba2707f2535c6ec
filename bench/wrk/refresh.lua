-- Rotating first-party refresh tokens, POST /api/v1/refresh {"refresh_token"} (docs/api.md).
--
-- Each chain starts from one login (a line of TOKENS_FILE) and always presents its newest token, taken from the
-- previous answer: a spent token is never presented again (that would be a replay and revoke the family). wrk's Lua
-- API has no connection identity, so the chains are a queue: a request takes the oldest waiting token, its answer
-- puts the successor at the back. A token is therefore in at most one request at a time, and every chain is used
-- strictly in sequence. An answer that is not 2xx (or a request that gets no answer) ends its chain (`dropped`);
-- with no chain left a request carries a dummy token and is refused (`exhausted`), so a run that ran out says so.
-- Give more chains than connections: the spares cover dropped ones. The tokens are for one wrk process only (the
-- ones still in flight when wrk stops are lost), so bench/run-wrk.sh logs in afresh before each run.
-- Usage: wrk -s refresh.lua http://127.0.0.1:PORT/api/v1/refresh -- TOKENS_FILE
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local queue, head, tail = {}, 1, 0
local headers = { ["Content-Type"] = "application/json" }
local verifying = false

local function push(token)
  tail = tail + 1
  queue[tail] = token
end

local function pop()
  if head > tail then return nil end
  local token = queue[head]
  queue[head] = nil
  head = head + 1
  return token
end

local function refresh_request(token)
  return wrk.format("POST", nil, headers, '{"refresh_token":' .. common.json_string(token) .. "}")
end

function init(args)
  assert(args[1], "usage: -- TOKENS_FILE")
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  for i, token in ipairs(common.lines(args[1])) do
    -- Each thread its own share of the chains.
    if (i - 1) % threads == (id or 0) then push(token) end
  end
  -- wrk calls request() once on the first thread before the load to check the request's shape and sends nothing;
  -- that call must not take a chain.
  verifying = (id or 0) == 0
end

function request()
  if verifying then
    verifying = false
    return refresh_request("shape-check")
  end
  local token = pop()
  if not token then
    exhausted = (exhausted or 0) + 1
    return refresh_request("no-chain-left")
  end
  return refresh_request(token)
end

function response(status, headers, body)
  common.count_status(status)
  if status >= 200 and status < 300 then
    local token = common.json_field(body, "refresh_token")
    if token then
      push(token)
    else
      bad = (bad or 0) + 1
    end
  else
    dropped = (dropped or 0) + 1
  end
end
