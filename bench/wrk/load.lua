-- wrk script for scripts/bench-server.sh: varied, realistic submissions (or
-- plain reads) and a one-line machine-readable result.
--
-- Environment:
--   BENCH_MODE   candor-submit | isso-submit | read
--   BENCH_PATH   request path (for read: the list/thread URL; for submit: the POST path)
--
-- Every submission has a different text (random words from a review
-- vocabulary in random order), so Candor's campaign detector (three
-- near-duplicates of one template within 24 h are held) sees ordinary
-- traffic; identical bodies (what oha/wrk send without a script) would all
-- be held. The response callback counts statuses and, for Candor, how many
-- submissions came back `held`.

local mode = os.getenv("BENCH_MODE") or "read"
local path = os.getenv("BENCH_PATH") or "/"

local words = {
  "delivery", "arrived", "quickly", "package", "damaged", "courier", "polite", "kettle", "handle",
  "broke", "after", "week", "refund", "support", "answered", "within", "hour", "replaced", "battery",
  "charger", "cable", "screen", "scratched", "colour", "different", "photo", "size", "fits", "well",
  "fabric", "thin", "washed", "shrank", "shoes", "comfortable", "running", "walking", "sole", "glue",
  "warranty", "store", "manager", "called", "back", "tracking", "number", "never", "updated", "box",
  "wrapped", "carefully", "gift", "daughter", "loved", "smell", "plastic", "strong", "first", "days",
  "assembly", "instructions", "missing", "screws", "table", "wobbly", "chair", "sturdy", "desk", "lamp",
  "bright", "warm", "light", "bulb", "flickers", "price", "cheaper", "market", "discount", "coupon",
  "checkout", "payment", "failed", "twice", "card", "charged", "exchange", "return", "label", "printed",
  "pickup", "point", "closed", "weekend", "opening", "hours", "queue", "cashier", "friendly", "rude",
  "sizes", "available", "stock", "ordered", "blender", "motor", "noisy", "smoothies", "blades", "sharp",
  "coffee", "grinder", "beans", "fine", "coarse", "espresso", "machine", "descaling", "leaking", "water",
  "tank", "seal", "cracked", "phone", "case", "camera", "lens", "protector", "bubbles", "headphones",
  "bass", "microphone", "calls", "pairing", "bluetooth", "laptop", "keyboard", "backlight", "trackpad",
  "fan", "loud", "games", "backpack", "zipper", "stuck", "pockets", "straps", "shoulder", "jacket",
  "rain", "hood", "warmth", "winter", "gloves", "stitching", "loose", "thread", "buttons", "sleeve",
  "mattress", "firm", "soft", "sleep", "pillow", "blanket", "towels", "absorb", "cotton", "linen",
  "curtains", "rod", "hooks", "paint", "wall", "drill", "bits", "screwdriver", "toolbox", "garden",
  "hose", "nozzle", "sprinkler", "seeds", "sprouted", "soil", "pots", "plant", "leaves", "vacuum",
  "suction", "filter", "dust", "brush", "hair", "pet", "dog", "cat", "food", "bowl", "leash", "collar",
  "toy", "chewed", "minutes", "stroller", "wheels", "fold", "baby", "bottle", "nipple", "sterilizer",
  "book", "pages", "binding", "print", "cover", "bent", "puzzle", "pieces", "board", "game", "cards",
  "instructions", "translation", "manual", "app", "update", "login", "account", "password", "reset",
  "email", "confirmation", "invoice", "receipt", "tax", "weight", "heavy", "lightweight", "compact",
  "drawer", "shelf", "cabinet", "doors", "hinges", "squeak", "oil", "bike", "chain", "gears", "brakes",
  "helmet", "strap", "buckle", "tent", "poles", "stakes", "waterproof", "sleeping", "bag", "zip",
}
local names = { "Aigerim", "Dmitry", "Sara", "Nikos", "Maryam", "Tom", "Olga", "Arman", "Eleni", "Reza" }

local function sentence()
  local n = math.random(6, 12)
  local out = {}
  for i = 1, n do
    out[i] = words[math.random(#words)]
  end
  out[1] = out[1]:gsub("^%l", string.upper)
  return table.concat(out, " ") .. "."
end

local function text()
  local parts = {}
  for i = 1, math.random(2, 4) do
    parts[i] = sentence()
  end
  return table.concat(parts, " ")
end

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919 + math.floor(os.clock() * 1e6))
  statuses = {}
  held = 0
end

function request()
  if mode == "read" then
    return wrk.format("GET", path)
  end
  counter = counter + 1
  local body
  local name = names[math.random(#names)]
  if mode == "candor-submit" then
    local kind = (math.random(5) == 1) and "complaint" or "review"
    body = string.format(
      '{"kind":"%s","rating":%d,"text":"%s","product":"product-bench","author_name":"%s","lang":"en"}',
      kind, math.random(1, 5), text(), name)
  else -- isso-submit
    body = string.format('{"text":"%s","author":"%s","title":"Product bench"}', text(), name)
  end
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "candor-submit" and status == 201 and body:find('"status":"held"', 1, true) then
    held = held + 1
  end
end

function done(summary, latency, requests)
  local counts, total_held, ok = {}, 0, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      counts[status] = (counts[status] or 0) + n
    end
    total_held = total_held + (thread:get("held") or 0)
  end
  local parts = {}
  for status, n in pairs(counts) do
    if status >= 200 and status < 300 then ok = ok + n end
    table.insert(parts, status .. ":" .. n)
  end
  table.sort(parts)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT ok_per_sec=%.1f requests=%d ok=%d p50_ms=%.2f p99_ms=%.2f held=%d statuses=%s socket_errors=%d timeouts=%d\n",
    ok / secs, summary.requests, ok, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total_held, table.concat(parts, ","), e.connect + e.read + e.write, e.timeout))
end
