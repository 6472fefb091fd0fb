#!/usr/bin/env python3
"""Logs the demo citizen in to a fresh `tverr serve` (the portal's real OpenID Connect flow), then
runs wrk with 200 connections against /my/results with that session and against /healthz, and
prints requests per second, p99 latency and the ratio. Usage: bench_mypage.py PATH_TO_TVERR SECONDS"""
import http.cookiejar, os, re, signal, subprocess, sys, tempfile, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import free_port, wait_ready  # noqa: E402

binary, seconds = sys.argv[1], sys.argv[2]
data = tempfile.mkdtemp(prefix="tverr-bench-mypage-")
port = free_port()
base = f"http://127.0.0.1:{port}"
log = open(os.path.join(data, "serve.log"), "w+")
env = dict(os.environ, TVERR_DATA_DIR=data, TVERR_PORT=str(port), LOG_LEVEL="warning")
env.pop("DATABASE_URL", None)
server = subprocess.Popen([binary, "serve", "--demo-people", "2000"], env=env, stdout=log, stderr=subprocess.STDOUT)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def login(pid):
    """The portal login through the provider's test-ID page; gives the portal cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(path):
        try:
            return opener.open(base + path if path.startswith("/") else path)
        except urllib.error.HTTPError as error:
            return error
    answer = get("/login?return_to=/my/results")
    page = get(answer.headers["Location"]).read().decode()
    form = re.search(r'<form[^>]*action="/authorize/login"[^>]*>((?:(?!</form>).)*name="pid" value="%s"(?:(?!</form>).)*)</form>' % pid, page, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    try:
        answer = opener.open(base + "/authorize/login", urllib.parse.urlencode(fields).encode())
    except urllib.error.HTTPError as error:
        answer = error
    callback = answer.headers["Location"]
    get(base + callback[callback.index("/login/callback"):])
    return next(c.value for c in jar if c.name == "tverr_portal")


def wrk(path, cookie=None):
    command = ["wrk", "-t2", "-c200", f"-d{seconds}s", "--latency"] + (["-H", f"Cookie: tverr_portal={cookie}"] if cookie else []) + [base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p99_ms, int(errors.group(1)) if errors else 0


try:
    assert wait_ready(base), "tverr serve did not become ready"
    log.flush(); log.seek(0)
    pid = re.findall(r"^  (\d{11})  ", log.read(), re.M)[0]
    cookie = login(pid)
    page = urllib.request.urlopen(urllib.request.Request(base + "/my/results?lang=en", headers={"Cookie": f"tverr_portal={cookie}"})).read().decode()
    assert "My test results" in page and "Negative" in page, "the session shows the demo citizen's results"
    health = wrk("/healthz")
    mine = wrk("/my/results", cookie)
    print(f"/healthz:      {health[0]:10.0f} requests/s   p99 {health[1]:7.1f} ms   non-2xx {health[2]}")
    print(f"/my/results:   {mine[0]:10.0f} requests/s   p99 {mine[1]:7.1f} ms   non-2xx {mine[2]}")
    print(f"ratio my page / healthz: {mine[0] / health[0]:.2f}  (200 connections, {seconds} s each, release build, SQLite)")
    sys.exit(1 if mine[2] or health[2] else 0)
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
