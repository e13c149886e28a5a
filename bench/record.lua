-- wrk script for `python main.py bench record` (bench/record.py): WeChat callbacks, every one distinct.
--
--   wrk ... -s bench/record.lua -- CONFIG_FILE
--
-- CONFIG_FILE holds `key=value` lines written by bench/record_load.py:
--   mode        plain: each request is signed here (SHA-1 of the sorted token, timestamp, nonce)
--               with its own MsgId, nonce and timestamp, a text picked from `texts`, and an
--               openid of a known follower (share `known_share` of `known` ids) or a new one;
--               safe: requests come in order from `pool` (one per line: query TAB body), made
--               and AES-encrypted in Python, because wrk's Lua has no crypto; each is sent once
--   threads     wrk's -t: thread n takes the pool lines i with i % threads == n
--   samples     safe mode: every `stride`-th encrypted reply goes to samples<thread>.txt (decrypted later)
-- done() prints one `RECORD key=value ...` line: requests, latency and the kinds of replies.

local bit = require("bit")
local band, bor, bxor, bnot, rol, lshift, rshift, tobit, tohex =
  bit.band, bit.bor, bit.bxor, bit.bnot, bit.rol, bit.lshift, bit.rshift, bit.tobit, bit.tohex

local function sha1(message)
  local h0, h1, h2, h3, h4 = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0
  local bits = #message * 8
  message = message .. "\128" .. string.rep("\0", (55 - #message) % 64) .. "\0\0\0\0"
    .. string.char(band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255),
                   band(bits, 255))
  local w = {}
  for chunk = 1, #message, 64 do
    for i = 0, 15 do
      local b1, b2, b3, b4 = message:byte(chunk + i * 4, chunk + i * 4 + 3)
      w[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    end
    for i = 16, 79 do
      w[i] = rol(bxor(w[i - 3], w[i - 8], w[i - 14], w[i - 16]), 1)
    end
    local a, b, c, d, e = h0, h1, h2, h3, h4
    for i = 0, 79 do
      local f, k
      if i < 20 then
        f, k = bor(band(b, c), band(bnot(b), d)), 0x5A827999
      elseif i < 40 then
        f, k = bxor(b, c, d), 0x6ED9EBA1
      elseif i < 60 then
        f, k = bor(band(b, c), band(b, d), band(c, d)), 0x8F1BBCDC
      else
        f, k = bxor(b, c, d), 0xCA62C1D6
      end
      a, b, c, d, e = tobit(rol(a, 5) + f + e + k + w[i]), a, rol(b, 30), c, d
    end
    h0, h1, h2, h3, h4 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d), tobit(h4 + e)
  end
  return tohex(h0) .. tohex(h1) .. tohex(h2) .. tohex(h3) .. tohex(h4)
end

local function signature(...)
  local parts = {...}
  table.sort(parts)
  return sha1(table.concat(parts))
end

local function read_config(path)
  local config = {}
  for line in io.lines(path) do
    local key, value = line:match("^([%w_]+)=(.*)$")
    if key then config[key] = value end
  end
  return config
end

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

-- The setup and done phases share one environment: the threads, to read their counters at the end.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

-- Per thread (set by setup, then by init).
id = 0
answered, sorry, late, failed, other, replies, exhausted = 0, 0, 0, 0, 0, 0, 0
local config, texts, pool, sent, sample_file, stride, counter, known, known_share
local headers = {["Content-Type"] = "text/xml"}

function init(args)
  config = read_config(args[1])
  counter, sent = 0, 0
  math.randomseed(tonumber(config.seed) + id * 7919)
  if config.mode == "safe" then
    local threads_n = tonumber(config.threads)
    pool = {}
    local n = 0
    for line in io.lines(config.pool) do
      if n % threads_n == id then
        local query, body = line:match("^([^\t]*)\t(.*)$")
        pool[#pool + 1] = wrk.format("POST", config.path .. "?" .. query, headers, body)
      end
      n = n + 1
    end
    stride = tonumber(config.stride)
    sample_file = io.open(config.samples .. id .. ".txt", "w")
    sample_file:setvbuf("line")
  else
    texts = read_lines(config.texts)
    known, known_share = tonumber(config.known), tonumber(config.known_share)
  end
end

local function plain_request()
  counter = counter + 1
  local openid
  if math.random() < known_share then
    openid = string.format("%s%016d", config.known_prefix, math.random(0, known - 1))
  else
    openid = string.format("%s%s%02d%09d", config.new_prefix, config.run, id, counter)
  end
  local timestamp = tostring(os.time())
  local nonce = string.format("%s%02d%09d", config.run, id, counter)
  local msg_id = string.format("%s%02d%010d", config.run, id, counter)
  local text = texts[math.random(#texts)]
  local body = "<xml><ToUserName><![CDATA[" .. config.account .. "]]></ToUserName>"
    .. "<FromUserName><![CDATA[" .. openid .. "]]></FromUserName>"
    .. "<CreateTime>" .. timestamp .. "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    .. "<Content><![CDATA[" .. text .. "]]></Content><MsgId>" .. msg_id .. "</MsgId></xml>"
  local path = config.path .. "?signature=" .. signature(config.token, timestamp, nonce)
    .. "&timestamp=" .. timestamp .. "&nonce=" .. nonce .. "&openid=" .. openid
  return wrk.format("POST", path, headers, body)
end

function request()
  if pool == nil then return plain_request() end
  sent = sent + 1
  if sent > #pool then  -- the pool ran out: its bodies are sent again (and refused as replays)
    exhausted = exhausted + 1
    return pool[(sent - 1) % #pool + 1]
  end
  return pool[sent]
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  elseif body == "success" then
    late = late + 1
  elseif pool ~= nil then
    replies = replies + 1
    if replies % stride == 0 then sample_file:write((body:gsub("[\r\n]", " ")), "\n") end
  elseif body:find(config.sorry, 1, true) then
    sorry = sorry + 1
  elseif (body:find("<Content><![CDATA[", 1, true) and not body:find("<Content><![CDATA[]]>", 1, true))
      or body:find("<Articles>", 1, true) then
    answered = answered + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = {answered = 0, sorry = 0, late = 0, failed = 0, other = 0, replies = 0, exhausted = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    "RECORD requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d timeouts=%d read_errors=%d "
      .. "write_errors=%d connect_errors=%d answered=%d sorry=%d late=%d failed=%d other=%d replies=%d "
      .. "exhausted=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.timeout, e.read, e.write, e.connect, totals.answered, totals.sorry, totals.late,
    totals.failed, totals.other, totals.replies, totals.exhausted))
end
