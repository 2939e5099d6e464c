"""Drives placement runs through the API as CLAIR and prints where the time goes.

usage: drive.py BASE_URL BACKEND          three runs, one per mode, timed step by step
       drive.py BASE_URL BACKEND views    on a server just started: a run's pages looked at
                                          twice (cold, warm), then the approval of the newest run"""
import http.cookiejar, json, sys, time, urllib.request

base, backend = sys.argv[1], sys.argv[2]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(method, path, body=None, csrf=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    req.add_header("origin", base)
    if csrf:
        req.add_header("x-csrf-token", csrf)
    with opener.open(req, timeout=600) as r:
        return json.loads(r.read() or b"null")


for _ in range(200):
    try:
        call("GET", "/healthz")
        break
    except Exception:
        time.sleep(0.1)
call("POST", "/api/v1/session", {"email": "clair@demo.kakehashi.jp", "password": "bench-password-1"})
csrf = call("GET", "/api/v1/me")["csrf_token"]


def timed(path):
    start = time.time()
    body = call("GET", path)
    return body, (time.time() - start) * 1000


if sys.argv[3:] == ["views"]:
    runs = call("GET", "/api/v1/placement/years/2027/runs")
    a, b = runs[0]["id"], runs[1]["id"]
    view, view_cold = timed(f"/api/v1/placement/runs/{a}")
    _, view_warm = timed(f"/api/v1/placement/runs/{a}")
    cand = next(c for c in view["candidates"] if c["request_id"])["application_id"]
    _, cost_cold = timed(f"/api/v1/placement/runs/{b}/cost?application={cand}")
    # Then the preview of 20 different moves (placed candidates taken out of their seat, and
    # into another's), as a desk weighing moves would ask: the median and the slowest.
    placed = [c for c in view["candidates"] if c["request_id"]]
    warm = []
    for i, c in enumerate(placed[1:21]):
        to = "" if i % 2 == 0 else f"&request={placed[i]['request_id']}"
        warm.append(timed(f"/api/v1/placement/runs/{b}/cost?application={c['application_id']}{to}")[1])
    warm.sort()
    _, why_warm = timed(f"/api/v1/placement/runs/{b}/candidates/{cand}")
    print(f"{backend} views after a restart: results page data {view_cold:.0f} ms cold, {view_warm:.0f} ms warm; "
          f"move cost preview {cost_cold:.0f} ms cold, {warm[len(warm) // 2]:.0f} ms median and {warm[-1]:.0f} ms slowest "
          f"of {len(warm)} warm; explanation {why_warm:.0f} ms warm")
    # The committee's approval: every placement recorded and every notice queued, in one transaction.
    start = time.time()
    approved = call("POST", f"/api/v1/placement/runs/{a}/approve", {"version": view["run"]["version"], "note": "bench"}, csrf)
    print(f"{backend} approval of run {a} ({view['run']['mode']}): {approved['notified']} notices in {time.time() - start:.2f} s")
    sys.exit(0)

check = call("GET", "/api/v1/placement/years/2027/precheck")
print(f"{backend}: {check['candidates']} candidates, {check['seats']} seats; findings: "
      + ", ".join(f"{f['key']}={f['count']}" for f in check["findings"]))
for mode in ["stable", "welfare", "rank-maximal"]:
    start = time.time()
    run = call("POST", "/api/v1/placement/years/2027/runs", {"mode": mode}, csrf)
    while True:
        view = call("GET", f"/api/v1/placement/runs/{run['id']}")
        if view["run"]["status"] != "running":
            break
        time.sleep(0.05)
    wall = time.time() - start
    t, s = view["timings_ms"], view["summary"] or {}
    print(f"{backend} {mode:13s} wall {wall:6.2f} s | load {t.get('load', 0):5d} ms, derive {t.get('derive', 0):5d} ms, "
          f"solve {t.get('solve', 0):5d} ms, store {t.get('store', 0):5d} ms | placed {s.get('placed')}/{s.get('candidates')}, "
          f"first choices {s.get('first_choices')}, in a stated place {s.get('in_stated_place')}, couples together "
          f"{s.get('couples_together')}/{s.get('couples')}, requests unfilled {s.get('requests_unfilled')} | {view['run']['status']}")
    start = time.time()
    call("GET", f"/api/v1/placement/runs/{run['id']}")
    view_s = time.time() - start
    cand = next(c for c in view["candidates"] if c["request_id"])
    start = time.time()
    call("GET", f"/api/v1/placement/runs/{run['id']}/cost?application={cand['application_id']}")
    print(f"{backend} {mode:13s} results page data {view_s * 1000:.0f} ms; move cost preview {1000 * (time.time() - start):.0f} ms")
