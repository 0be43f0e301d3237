-- POST a JSON body with HTTP Basic credentials; both come from the environment (see run.py).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("BENCH_AUTHORIZATION")
if auth then
  wrk.headers["Authorization"] = auth
end
