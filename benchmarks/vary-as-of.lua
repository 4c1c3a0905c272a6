-- wrk script: the duties page with a different as-of date on each request (2,000 days from
-- 2025-01-01), so that most requests miss the page memo and measure a cold rendering.
counter = 0
request = function()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", 1735689600 + (counter % 2000) * 86400)
  return wrk.format("GET", "/duties?role=deployer&jurisdiction=EU&asOf=" .. day)
end
