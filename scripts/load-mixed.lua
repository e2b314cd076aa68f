-- wrk script for scripts/load.sh: 90% public reads (clusters and lists over random viewports,
-- detail pages), 10% writes (form token, join the map, a moderator's approval, and once a
-- thread has approved more than 200 entries, a moderator's deletion of its oldest: the map's
-- size stays level, so memory can be compared from start to end). wrk gives no
-- per-connection state, so each answer is recognised by its body.
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

local counter = 0
-- "status kind" -> how many, e.g. "201 join"; read back by done().
statuses = {}
local form_token = nil
local pending = {}
-- Organisations this thread approved, oldest first.
local approved = {}
local slugs = {}
local admin = os.getenv("ADMIN_TOKEN") or ""

local function random_view()
  local zoom = math.random(2, 12)
  local span = 360 / (2 ^ zoom)
  local lon = math.random() * (360 - span) - 180
  local lat = math.random() * (170 - span / 2) - 85
  return string.format("%.3f,%.3f,%.3f,%.3f", lon, lat, lon + span, lat + span / 2), zoom
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
end

function request()
  counter = counter + 1
  local r = math.random()
  if r < 0.9 then
    local bbox, zoom = random_view()
    if r < 0.5 then
      return wrk.format("GET", "/api/v1/map/clusters?bbox=" .. bbox .. "&zoom=" .. zoom)
    elseif r < 0.8 or #slugs == 0 then
      return wrk.format("GET", "/api/v1/organizations?limit=50&bbox=" .. bbox)
    else
      return wrk.format("GET", "/api/v1/organizations/" .. slugs[math.random(#slugs)])
    end
  end
  if #approved > 200 then
    return wrk.format("DELETE", "/api/v1/admin/organizations/" .. table.remove(approved, 1),
      { ["Authorization"] = "Bearer " .. admin })
  end
  if #pending > 0 and r < 0.93 then
    local join = table.remove(pending)
    table.insert(approved, join.organization)
    return wrk.format("POST", "/api/v1/admin/submissions/" .. join.submission .. "/approve",
      { ["Authorization"] = "Bearer " .. admin }, "")
  end
  if form_token == nil then
    return wrk.format("GET", "/api/v1/form-token")
  end
  local token = form_token
  form_token = nil
  local lat = math.random() * 120 - 55
  local lon = math.random() * 340 - 170
  local body = string.format(
    '{"name":"Example Load Group %d-%d","category":"media","city":"Loadville","country":"NO",' ..
    '"latitude":%.4f,"longitude":%.4f,"precision":"approximate","contact_email":"load-%d-%d@example.org",' ..
    '"consent":true,"form_token":"%s"}', id, counter, lat, lon, id, counter, token)
  return wrk.format("POST", "/api/v1/submissions", { ["Content-Type"] = "application/json" }, body)
end

local function kind_of(body)
  if body:match('^{"token":') then return "form-token" end
  if body:match('"submission_id"') then return "join" end
  if body:match('"type":"FeatureCollection"') or body:match('"features"') then return "clusters" end
  if body:match('"items"') then return "list" end
  if body:match('"slug"') then return "detail" end
  return body:sub(1, 120)
end

function response(status, headers, body)
  local key = status .. " " .. kind_of(body)
  statuses[key] = (statuses[key] or 0) + 1
  local token = body:match('^{"token":"([^"]+)"')
  if token then
    form_token = token
    return
  end
  local submission = body:match('"submission_id":"([^"]+)"')
  if submission then
    table.insert(pending, { submission = submission, organization = body:match('"organization_id":"([^"]+)"') })
    return
  end
  if #slugs < 200 then
    for slug in body:gmatch('"slug":"([^"]+)"') do
      table.insert(slugs, slug)
      if #slugs >= 200 then break end
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for key, n in pairs(counts) do total[key] = (total[key] or 0) + n end
  end
  local keys = {}
  for key in pairs(total) do table.insert(keys, key) end
  table.sort(keys)
  for _, key in ipairs(keys) do io.write(string.format("answers: %7d  %s\n", total[key], key)) end
end
