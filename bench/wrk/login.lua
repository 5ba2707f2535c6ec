-- First-party password login, POST /api/v1/login {"username", "password"}, round-robin over the users signed up
-- beforehand. The API answers 2xx only for a successful login; wrk counts status > 399.
-- Usage: wrk -s login.lua http://127.0.0.1:PORT/api/v1/login -- USERS_FILE   (lines "username<TAB>password")
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  assert(args[1], "usage: -- USERS_FILE")
  local headers = { ["Content-Type"] = "application/json" }
  local requests = {}
  for _, line in ipairs(common.lines(args[1])) do
    local user, password = line:match("^([^\t]+)\t(.+)$")
    assert(user, "a line of " .. args[1] .. " is not username<TAB>password")
    requests[#requests + 1] = wrk.format("POST", nil, headers,
        '{"username":' .. common.json_string(user) .. ',"password":' .. common.json_string(password) .. "}")
  end
  common.round_robin(requests)
end
