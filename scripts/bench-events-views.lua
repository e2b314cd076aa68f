-- wrk script for scripts/bench-events.sh: a new city-sized view over Europe on every request (this
-- month), as visitors panning the map ask, so that no answer prepared for an earlier request fits.
local month_end = os.getenv("MONTH_END")
math.randomseed(os.time())
request = function()
  local west = -10 + math.random() * 35
  local south = 36 + math.random() * 22
  local path = string.format("/api/v1/events?bbox=%.5f,%.5f,%.5f,%.5f&to=%s",
    west, south, west + 0.8 + math.random() * 0.4, south + 0.4 + math.random() * 0.2, month_end)
  return wrk.format("GET", path)
end
