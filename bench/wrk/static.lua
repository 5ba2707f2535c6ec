-- JWKS and discovery: the plain GET wrk sends without a script (static request, no response() hook), plus the
-- WRK_RESULT line. Usage: wrk -s static.lua http://127.0.0.1:PORT/.well-known/jwks.json
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
