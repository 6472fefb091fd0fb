#!/usr/bin/env python3
"""Two `tverr serve` processes on one PostgreSQL database share the webhook work: each event is
delivered once, signed, to a real receiver. Usage: webhooks_two_processes.py PATH_TO_TVERR
Needs TVERR_TEST_DATABASE_URL (a cluster where it may create a database) and TVERR_TEST_PG_BIN."""
import hashlib, hmac, json, os, signal, subprocess, sys, tempfile, threading, time, urllib.error, urllib.parse, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Checks, free_port  # noqa: E402

binary = sys.argv[1]
base_url = os.environ["TVERR_TEST_DATABASE_URL"]
pg_bin = os.environ["TVERR_TEST_PG_BIN"]
EVENTS = 200
SECRET = "two-processes-webhook-secret-0123456789"
check = Checks()
failures = check.failures


def request(method, url, body=None, headers=None):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


received = []
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(0.01)
        parts = dict(p.split("=", 1) for p in self.headers.get("Tverr-Signature", "").split(",") if "=" in p)
        mac = hmac.new(SECRET.encode(), f"{parts.get('t', '')}.".encode() + body, hashlib.sha256).hexdigest()
        with lock:
            received.append((json.loads(body)["id"], self.headers.get("Tverr-Event-Id"), hmac.compare_digest(mac, parts.get("v1", ""))))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    # A database of its own on the test cluster.
    parsed = urllib.parse.urlparse(base_url)
    name = f"tverr_webhooks_{os.getpid()}"
    subprocess.run([os.path.join(pg_bin, "psql"), "-h", parsed.hostname, "-p", str(parsed.port), "-U", parsed.username, "-d", "postgres",
                    "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    database = base_url.rsplit("/", 1)[0] + "/" + name
    data = tempfile.mkdtemp(prefix="tverr-webhooks-")
    env = dict(os.environ, DATABASE_URL=database, TVERR_DATA_DIR=data, TVERR_WEBHOOK_POLL="50", TVERR_WEBHOOK_RETRY_SCHEDULE="100ms,200ms,500ms")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"

    made = subprocess.run([binary, "clients", "new-key", "--out", os.path.join(data, "k.pem")], env=env, capture_output=True, text=True)
    with open(os.path.join(data, "k.jwk"), "w") as f:
        f.write(made.stdout)
    scopes = ["tverr:registers/person.read", "tverr:registers/person.write"]
    added = subprocess.run([binary, "clients", "add-machine", "--name", "UDI", "--org", "974760746", "--jwk-file", os.path.join(data, "k.jwk"),
                            "--client-id", "udi-events"] + sum([["--scope", s] for s in scopes], []), env=env, capture_output=True, text=True)
    check(added.returncode == 0, f"add-machine: {added.stderr}")

    processes, bases = [], []
    for index in range(2):
        port = free_port()
        log = open(os.path.join(data, f"serve{index}.log"), "w")
        processes.append(subprocess.Popen([binary, "serve", "--demo-people", "50", "--port", str(port)], env=env, stdout=log,
                                          stderr=subprocess.STDOUT))
        bases.append(f"http://127.0.0.1:{port}")
        ready = False
        for _ in range(240):
            time.sleep(0.25)
            try:
                ready = request("GET", bases[-1] + "/readyz")[0] == 200
            except OSError:
                continue
            if ready:
                break
        check(ready, f"instance {index} did not become ready")

    def token(base):
        assertion = subprocess.run([binary, "clients", "assertion", "--key", os.path.join(data, "k.pem"), "--client-id", "udi-events",
                                    "--audience", base] + sum([["--scope", s] for s in scopes], []),
                                   env=env, capture_output=True, text=True).stdout.strip()
        status, body = request("POST", base + "/token", urllib.parse.urlencode(
            {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion}),
            {"Content-Type": "application/x-www-form-urlencoded"})
        check(status == 200, f"token: {body}")
        return json.loads(body)["access_token"]

    tokens = [token(b) for b in bases]
    read = {"Tverr-Purpose": "saksbehandling", "Tverr-Legal-Basis": "folkeregisterloven-10-2", "Content-Type": "application/json"}
    status, body = request("POST", bases[0] + "/api/v1/events/subscriptions", json.dumps(
        {"types": ["no.tverr.registers.d-number-assigned.v1"], "callbackUrl": hook, "secret": SECRET}),
        dict(read, Authorization=f"Bearer {tokens[0]}"))
    check(status == 201, f"subscribe: {status} {body}")

    write = {"Tverr-Purpose": "folkeregistrering", "Tverr-Legal-Basis": "folkeregisterloven-2-2", "Content-Type": "application/json"}
    made_numbers = []

    def assign(index):
        which = index % 2
        status, body = request("POST", bases[which] + "/api/v1/persons", json.dumps(
            {"givenName": "Olena", "familyName": f"Test{index}", "birthDate": "1990-03-02", "sex": "female", "citizenship": "UKR"}),
            dict(write, Authorization=f"Bearer {tokens[which]}"))
        with lock:
            if status == 201:
                made_numbers.append(json.loads(body)["identityNumber"])
            else:
                check(False, f"D-number {index}: {status} {body}")

    # Eight writers at once, and a receiver that takes a moment per delivery: a backlog builds up
    # that both processes' workers claim from at the same time.
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(assign, range(EVENTS)))

    deadline = time.time() + 90
    while time.time() < deadline:
        with lock:
            if len({r[0] for r in received}) >= len(made_numbers):
                break
        time.sleep(0.2)
    time.sleep(1.5)  # anything more that was going to arrive twice would arrive now
    with lock:
        ids = [r[0] for r in received]
        check(all(r[0] == r[1] for r in received), "Tverr-Event-Id matches the body's id")
        check(all(r[2] for r in received), "every delivery carries a valid HMAC-SHA256 signature")
    check(len(set(ids)) == len(made_numbers) == EVENTS, f"every event arrived: {len(set(ids))} of {len(made_numbers)}")
    check(len(ids) == len(set(ids)), f"no event was delivered twice: {len(ids)} deliveries for {len(set(ids))} events")

    for process in processes:
        process.send_signal(signal.SIGTERM)
    for index, process in enumerate(processes):
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            code = "timeout"
        check(code == 0, f"instance {index} exit code after SIGTERM: {code}")
    server.shutdown()
    print(f"webhooks: two processes delivered {len(set(ids))} events in {len(ids)} deliveries; {len(failures)} failures")
    return 1 if failures else 0


sys.exit(main())
