-- Every request in another namespace: X-Simulator-Namespace rotates over BENCH_NAMESPACES names
-- (BENCH_PREFIX followed by 0 .. N-1); BENCH_TOKEN, when set, is sent as Chatwoot's api_access_token.
-- The requests are formatted once per wrk thread; each thread starts at another point of the rotation.
local count = tonumber(os.getenv("BENCH_NAMESPACES") or "64")
local prefix = os.getenv("BENCH_PREFIX") or "bench-"
local token = os.getenv("BENCH_TOKEN")
local requests = {}
local next_index = 0
local thread_number = 0

function setup(thread)
  thread:set("start", thread_number)
  thread_number = thread_number + 1
end

function init(args)
  for i = 0, count - 1 do
    local headers = {["X-Simulator-Namespace"] = prefix .. i}
    if token then
      headers["api_access_token"] = token
    end
    requests[i] = wrk.format(nil, nil, headers)
  end
  next_index = ((start or 0) * 7) % count
end

function request()
  local formatted = requests[next_index]
  next_index = (next_index + 1) % count
  return formatted
end
