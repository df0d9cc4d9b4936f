-- wrk script for scripts/loadtest.py: a mix of anonymous KB pages, searches
-- and logged-in wizard step saves (htmx POSTs). The session cookie, CSRF token,
-- director id and hearing ids come from the environment (set by loadtest.py).
local cookie = os.getenv("LOADTEST_COOKIE")
local csrf = os.getenv("LOADTEST_CSRF")
local director = os.getenv("LOADTEST_DIRECTOR")
local referer = os.getenv("LOADTEST_REFERER")
local all_hearings = {}
for id in string.gmatch(os.getenv("LOADTEST_HEARINGS"), "[^,]+") do
  table.insert(all_hearings, id)
end
local hearings = {}
local versions = {}
local articles = {"how-mail-arrives", "pop", "imap", "pop-imap-difference", "choose-pop-or-imap",
  "shared-address-pop", "leave-on-server-days", "mailbox-quota", "replace-pc", "ports-and-encryption",
  "cloud-mail", "guide-outlook-classic", "guide-thunderbird", "guide-ios-mail"}
local categories = {"basics", "choosing", "security", "guides", "cloud"}
local queries = {"POP", "IMAP", "%E5%85%B1%E6%9C%89", "%E3%83%9D%E3%83%BC%E3%83%88+995", "iPhone",
  "%E5%AE%B9%E9%87%8F", "Outlook", "%E3%82%AF%E3%83%A9%E3%82%A6%E3%83%89"}

-- Counters are plain globals: wrk's thread:get() copies numbers, not tables.
kb, search, save, stale, locked, server_error = 0, 0, 0, 0, 0, 0
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + index)
  -- Each wrk thread saves its own share of the hearings, so the version it
  -- remembers is not made stale by the other thread.
  for position, id in ipairs(all_hearings) do
    if position % 2 == index % 2 then
      table.insert(hearings, id)
      versions[id] = "1"
    end
  end
end

local function urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local roll = math.random()
  local tls = {["X-Forwarded-Proto"] = "https"}
  if roll < 0.5 then
    kb = kb + 1
    return wrk.format("GET", "/articles/" .. articles[math.random(#articles)] .. "/", tls)
  elseif roll < 0.6 then
    kb = kb + 1
    return wrk.format("GET", "/categories/" .. categories[math.random(#categories)] .. "/", tls)
  elseif roll < 0.85 then
    search = search + 1
    local path = "/search/?q=" .. queries[math.random(#queries)]
    if math.random() < 0.5 then path = path .. "&u=" .. math.random(1000000000) end
    return wrk.format("GET", path, tls)
  else
    save = save + 1
    local id = hearings[math.random(#hearings)]
    local body = "version=" .. versions[id] .. "&action=save&c-company=" .. urlencode("負荷試験 " .. math.random(1000)) ..
      "&c-contact_name=" .. urlencode("担当") .. "&c-consulted_on=2026-11-27&c-director=" .. director
    return wrk.format("POST", "/wizard/" .. id .. "/customer/", {
      ["X-Forwarded-Proto"] = "https",
      ["Cookie"] = cookie,
      ["X-CSRFToken"] = csrf,
      ["Referer"] = referer,
      ["HX-Request"] = "true",
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
end

function response(status, headers, body)
  if status >= 500 then server_error = server_error + 1 end
  if string.find(body, "database is locked", 1, true) then locked = locked + 1 end
  local id, version = string.match(body, 'hx%-post="/wizard/([%x%-]+)/customer/".-name="version" value="(%d+)"')
  if id and version then
    versions[id] = version
    if string.find(body, "message--error", 1, true) then stale = stale + 1 end
  end
end

function done(summary, latency, requests)
  local totals = {kb = 0, search = 0, save = 0, stale = 0, locked = 0, server_error = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  io.write(string.format("MIX kb=%d search=%d save=%d stale=%d locked=%d server_error=%d\n",
    totals.kb, totals.search, totals.save, totals.stale, totals.locked, totals.server_error))
  io.write(string.format("LATENCY p50=%.1f p95=%.1f p99=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("TOTAL requests=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
