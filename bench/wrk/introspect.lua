-- Token introspection (RFC 7662 §2.1) by a confidential client (client_secret_basic) of a pool of access tokens
-- obtained beforehand, round-robin. A 2xx answer that does not say "active": true counts as `bad`.
-- Usage: wrk -s introspect.lua http://127.0.0.1:PORT/oauth2/introspect -- CLIENT_ID SECRET_FILE TOKENS_FILE
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  local client, secret_file, tokens_file = args[1], args[2], args[3]
  assert(client and secret_file and tokens_file, "usage: -- CLIENT_ID SECRET_FILE TOKENS_FILE")
  local headers = {
    ["Authorization"] = common.basic(client, common.secret(secret_file)),
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  local requests = {}
  for _, token in ipairs(common.lines(tokens_file)) do
    requests[#requests + 1] = wrk.format("POST", nil, headers, "token=" .. common.form_encode(token))
  end
  common.round_robin(requests)
end

function response(status, headers, body)
  common.count_status(status)
  if status >= 200 and status < 300 and not body:find('"active"%s*:%s*true') then
    bad = (bad or 0) + 1
  end
end
