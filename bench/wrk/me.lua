-- GET /api/v1/me with a Bearer access token (RFC 6750 §2.1) from a pool of first-party logins, round-robin.
-- /api/v1/me answers 2xx only for a valid token; wrk counts status > 399.
-- Usage: wrk -s me.lua http://127.0.0.1:PORT/api/v1/me -- ACCESS_TOKENS_FILE
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  assert(args[1], "usage: -- ACCESS_TOKENS_FILE")
  local requests = {}
  for _, token in ipairs(common.lines(args[1])) do
    requests[#requests + 1] = wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
  end
  common.round_robin(requests)
end
