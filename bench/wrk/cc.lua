-- client_credentials grant (RFC 6749 §4.4) with client_secret_basic: one static request, as a user would script it.
-- A 2xx answer to this request always carries a token (checked once by bench/run-wrk.sh before the load); wrk counts
-- status > 399. Usage: wrk -s cc.lua http://127.0.0.1:PORT/oauth2/token -- CLIENT_ID SECRET_FILE [SCOPE]
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  local client, secret_file, scope = args[1], args[2], args[3] or "orders:read"
  assert(client and secret_file, "usage: -- CLIENT_ID SECRET_FILE [SCOPE]")
  wrk.method = "POST"
  wrk.headers["Authorization"] = common.basic(client, common.secret(secret_file))
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = "grant_type=client_credentials&scope=" .. common.form_encode(scope)
end
