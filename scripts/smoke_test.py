#!/usr/bin/env python3
"""End-to-end check of `tverr serve`: start the real binary, use it over HTTP, stop it with
SIGTERM, and require a clean exit. Runs once on SQLite and, when TVERR_TEST_DATABASE_URL is set,
once on PostgreSQL. Usage: smoke_test.py PATH_TO_TVERR"""
import base64, hashlib, http.cookiejar, json, os, re, secrets, signal, socket, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Checks, free_port  # noqa: E402

binary = sys.argv[1]
check = Checks()
failures = check.failures


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(url, fields, headers=None, opener=None):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers or {}, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with (opener or urllib.request.build_opener(NoRedirect)).open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def cli(args, env):
    return subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=120)


def register_clients(label, data, env):
    """The integration path of docs/identity.md and docs/exchange.md, with the real CLI."""
    key = os.path.join(data, "client.pem")
    made = cli(["clients", "new-key", "--out", key], env)
    check(made.returncode == 0 and '"kty":"EC"' in made.stdout, f"{label}: clients new-key prints a JWK: {made.stderr}")
    with open(os.path.join(data, "client.jwk"), "w") as f:
        f.write(made.stdout)
    added = cli(["clients", "add-machine", "--name", "Smoke FHI", "--org", "983744516", "--jwk-file", os.path.join(data, "client.jwk"),
                 "--scope", "tverr:registers/person.read", "--client-id", "smoke-machine"], env)
    check(added.returncode == 0 and "smoke-machine" in added.stdout, f"{label}: clients add-machine: {added.stderr}")
    bad = cli(["clients", "add-machine", "--name", "x", "--org", "123456789", "--jwk-file", os.path.join(data, "client.jwk"),
               "--scope", "tverr:registers/person.read"], env)
    check(bad.returncode != 0 and bad.stderr.startswith("tverr: ") and "organisation number" in bad.stderr, f"{label}: bad org refused: {bad.stderr}")
    web = cli(["clients", "add-web", "--name", "Smoke RP", "--org", "983744516", "--redirect-uri", "http://localhost:9/cb",
               "--client-id", "smoke-rp"], env)
    secret = re.search(r"client_secret: (\S+)", web.stdout)
    check(web.returncode == 0 and secret, f"{label}: clients add-web prints a secret: {web.stderr}")
    return key, secret.group(1) if secret else ""


def identity_flows(label, base, key, secret, env, pid):
    # Machine client: assertion from the CLI, token, one audited look-up.
    assertion = cli(["clients", "assertion", "--key", key, "--client-id", "smoke-machine", "--scope", "tverr:registers/person.read",
                     "--audience", base], env).stdout.strip()
    status, _, body = post_form(base + "/token", {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion})
    check(status == 200, f"{label}: JWT bearer grant: {body}")
    token = json.loads(body).get("access_token", "") if status == 200 else ""
    status, _, body = post_form(base + "/token", {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion})
    check(status == 400 and json.loads(body)["error"] == "invalid_grant", f"{label}: replayed assertion refused")
    status, _, body = get(f"{base}/api/v1/persons/{pid}", {"Authorization": f"Bearer {token}", "Tverr-Purpose": "smittesporing",
                                                           "Tverr-Legal-Basis": "smittevernloven-3-6"})
    check(status == 200 and json.loads(body).get("identityNumber") == pid and "family" not in json.loads(body), f"{label}: person look-up: {body}")
    # A person logs in to the relying party with test ID (code flow with PKCE).
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    params = {"client_id": "smoke-rp", "redirect_uri": "http://localhost:9/cb", "response_type": "code", "scope": "openid profile",
              "state": "s123", "nonce": "n456", "code_challenge": challenge, "code_challenge_method": "S256"}
    try:
        with opener.open(base + "/authorize?" + urllib.parse.urlencode(params), timeout=10) as page:
            html = page.read().decode()
    except urllib.error.HTTPError as error:
        html = f"{error.code} {error.headers.get('Location')}"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
    check(csrf and "Smoke RP" in html, f"{label}: login page names the service and carries a CSRF token: {html[:300]}")
    status, headers, _ = post_form(base + "/authorize/login", dict(params, pid=pid, csrf_token=csrf.group(1) if csrf else ""), opener=opener)
    location = headers.get("Location", "")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    check(status == 303 and query.get("state") == ["s123"] and "code" in query, f"{label}: login redirects with a code: {status} {location}")
    basic = base64.b64encode(f"smoke-rp:{secret}".encode()).decode()
    status, _, body = post_form(base + "/token", {"grant_type": "authorization_code", "code": query.get("code", [""])[0],
                                                  "redirect_uri": "http://localhost:9/cb", "code_verifier": verifier},
                                {"Authorization": f"Basic {basic}"})
    check(status == 200 and "id_token" in body, f"{label}: code exchanged for tokens: {body}")
    if status == 200:
        id_token = json.loads(body)["id_token"]
        claims = json.loads(base64.urlsafe_b64decode(id_token.split(".")[1] + "=="))
        check(claims.get("pid") == pid and claims.get("nonce") == "n456" and claims.get("acr") == "idporten-loa-substantial",
              f"{label}: ID token claims: {claims}")


def follow(opener, url, limit=8):
    """GETs `url` and follows redirects by hand (the opener keeps the cookies); the last answer."""
    for _ in range(limit):
        try:
            with opener.open(url, timeout=10) as response:
                return response.status, url, response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code not in (301, 302, 303, 307):
                return error.code, url, error.read().decode()
            url = urllib.parse.urljoin(url, error.headers["Location"])
    return 0, url, ""


def certificates(label, base, pid):
    """The demo citizen logs in to the portal and gets a certificate from the seeded records."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    status, url, html = follow(opener, base + "/login?return_to=/my/certificates")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
    check(status == 200 and csrf and "/authorize" in url, f"{label}: the portal's login page: {status} {url}")
    if not csrf:
        return
    fields = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(url).query), pid=pid, csrf_token=csrf.group(1))
    status, headers, _ = post_form(base + "/authorize/login", fields, opener=opener)
    status, url, html = follow(opener, urllib.parse.urljoin(base, headers.get("Location", "/")))
    records = re.findall(r'name="record" value="([^"]+)"', html)
    check(status == 200 and url.endswith("/my/certificates") and len(records) == 3,
          f"{label}: the demo citizen's records give a test, a recovery and a vaccination certificate: {status} {url} {records}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not records or not token:
        return
    status, headers, _ = post_form(base + "/my/certificates", {"record": records[0], "csrf_token": token.group(1)}, opener=opener)
    status, url, html = follow(opener, urllib.parse.urljoin(base, headers.get("Location", "/")))
    hc1 = re.search(r'<pre class="hc1">(HC1:[^<]+)</pre>', html)
    check(status == 200 and "<svg" in html and hc1, f"{label}: the certificate page shows the QR code and its text: {status} {url}")
    if hc1:
        status, _, page = post_form(base + "/verify?lang=en", {"hc1": hc1.group(1)})
        check(status == 200 and "The certificate is valid." in page, f"{label}: the checker page accepts the issued certificate")
        # An offline verifier: download the trust list and the rules once, then check with nothing else.
        folder = tempfile.mkdtemp(prefix="tverr-verifier-")
        for name, path in [("trust-list.json", "/credentials/trust-list"), ("rules.json", "/credentials/rules")]:
            status, _, body = get(base + path)
            check(status == 200, f"{label}: {path} downloads")
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(body)
        run = subprocess.run([binary, "verify", hc1.group(1), "--trust-list", os.path.join(folder, "trust-list.json"),
                              "--rules", os.path.join(folder, "rules.json")], capture_output=True, text=True, timeout=60)
        check(run.returncode == 0 and run.stdout.startswith("VALID") and "pass  TR-NO-0003" in run.stdout,
              f"{label}: tverr verify with the downloaded trust list and rules: {run.stdout}{run.stderr}")


def run(label, env_extra):
    data = tempfile.mkdtemp(prefix="tverr-smoke-")
    port = free_port()
    env = dict(os.environ, TVERR_DATA_DIR=data, TVERR_PORT=str(port), **env_extra)
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in env_extra else None
    key, secret = register_clients(label, data, env)
    log = open(os.path.join(data, "serve.log"), "w+")
    process = subprocess.Popen([binary, "serve", "--demo-people", "500"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    ready = False
    for _ in range(240):
        time.sleep(0.25)
        if process.poll() is not None:
            break
        try:
            ready = get(base + "/readyz")[0] == 200
        except OSError:
            continue
        if ready:
            break
    check(ready, f"{label}: /readyz did not answer 200")
    if ready:
        status, headers, body = get(base + "/", {"Accept-Language": "uk"})
        check(status == 200 and '<html lang="uk">' in body, f"{label}: front page in Ukrainian")
        check("500" in body, f"{label}: front page shows the 500 seeded people")
        status, headers, body = get(base + "/api/v1/municipalities/0301")
        check(status == 200 and json.loads(body)["name"] == "Oslo", f"{label}: municipality API")
        status, headers, body = get(base + "/api/v1/municipalities/x")
        check(status == 400 and headers.get("Content-Type") == "application/problem+json", f"{label}: problem details")
        check(get(base + "/metrics")[0] == 200, f"{label}: metrics")
        log.flush()
        log.seek(0)
        numbers = re.findall(r"^  (\d{11})  ", log.read(), re.M)
        check(numbers, f"{label}: demo identities printed before the flows")
        if numbers:
            identity_flows(label, base, key, secret, env, numbers[0])
            certificates(label, base, numbers[0])
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        code = "timeout"
    check(code == 0, f"{label}: exit code after SIGTERM was {code}")
    log.seek(0)
    output = log.read()
    check("Demo identities" in output, f"{label}: demo identities printed")
    request_lines = [line for line in output.splitlines() if "/api/v1/municipalities/0301" in line]
    check(request_lines and all("hb.request.id=" in line for line in request_lines), f"{label}: request id on request log lines")
    if "DATABASE_URL" not in env_extra:
        import sqlite3
        db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
        checkpoints = db.execute("SELECT COUNT(*) FROM audit_checkpoints").fetchone()[0]
        head = db.execute("SELECT MAX(sequence) FROM audit_entries").fetchone()[0]
        signed = db.execute("SELECT MAX(sequence) FROM audit_checkpoints").fetchone()[0]
        db.close()
        check(checkpoints >= 1 and signed == head, f"{label}: serve signed the audit head at shutdown ({signed} of {head})")
    verified = cli(["audit", "verify"], env)
    check(verified.returncode == 0 and re.search(r"intact: [1-9]\d* entr", verified.stdout), f"{label}: audit log holds the look-up and verifies: {verified.stdout}{verified.stderr}")
    rotated = cli(["dcc", "rotate"], env)
    check(rotated.returncode == 0 and "New document signer" in rotated.stdout, f"{label}: tverr dcc rotate: {rotated.stdout}{rotated.stderr}")
    keys = sorted(os.listdir(os.path.join(data, "keys")))
    check("dcc-dsc.key.pem" in keys and not any(k.endswith(".retired.key.pem") for k in keys) and any(k.endswith(".retired.pem") for k in keys),
          f"{label}: after rotating, the retired signer's certificate is kept and its private key deleted: {keys}")
    if failures:
        print(output[-3000:])


def refuses(label, args, env_extra, expected, setup=None):
    """The binary must exit non-zero with one `tverr:` sentence naming the problem, no trace."""
    data = tempfile.mkdtemp(prefix="tverr-bad-")
    env = dict(os.environ, TVERR_DATA_DIR=data, **env_extra)
    if "DATABASE_URL" not in env_extra:
        env.pop("DATABASE_URL", None)
    if setup:
        args = setup(data, args)
    result = subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stderr.splitlines() if line.startswith("tverr:")]
    check(result.returncode != 0, f"{label}: exit code was {result.returncode}")
    check(len(lines) == 1 and expected in lines[0], f"{label}: expected one sentence with '{expected}', got {lines}")
    check("Fatal error" not in result.stderr and "Stack dump" not in result.stderr, f"{label}: crashed")


def corrupt_file(data, args):
    with open(os.path.join(data, "tverr.sqlite"), "w") as f:
        f.write("this is not a database at all, only text " * 4)
    return args


def file_as_folder(data, args):
    blocker = os.path.join(data, "blocker")
    open(blocker, "w").close()
    return args + ["--data-dir", os.path.join(blocker, "sub")]


holder = socket.socket()
holder.bind(("127.0.0.1", 0))
holder.listen()
busy_port = holder.getsockname()[1]
refuses("malformed DATABASE_URL", ["migrate"], {"DATABASE_URL": "postgres://u@localhost:abc/db"}, "port is not a number")
refuses("unsupported DATABASE_URL", ["serve"], {"DATABASE_URL": "mysql://u@localhost/db"}, "postgres://")
refuses("unreachable database", ["migrate"], {"DATABASE_URL": f"postgres://tverr@127.0.0.1:{free_port()}/db"}, "refused")
refuses("corrupt SQLite file", ["serve"], {}, "not a valid SQLite database", setup=corrupt_file)
refuses("unwritable data folder", ["serve"], {}, "cannot be written to", setup=file_as_folder)
for label, args, env_extra, expected in [
        ("too many SMTP sessions", ["serve", "--smtp-sessions", "500"], {}, "--smtp-sessions must be 1 to 64"),
        ("no notify workers", ["serve"], {"TVERR_NOTIFY_WORKERS": "0"}, "--notify-workers must be 1 to 16")]:
    # Flags are checked by the argument parser, which names the flag and shows the usage.
    result = subprocess.run([binary] + args, env=dict(os.environ, **env_extra), capture_output=True, text=True, timeout=60)
    check(result.returncode != 0 and expected in result.stderr and "Fatal error" not in result.stderr, f"{label}: {result.stderr[:300]}")
refuses("port in use", ["serve", "--demo-people", "0", "--port", str(busy_port)], {}, "already in use")
holder.close()

def simulate_arrival():
    """`tverr simulate arrival` on a fresh SQLite folder: a small wave, what the journey page will
    show, and the same seed refused the second time."""
    import sqlite3
    data = tempfile.mkdtemp(prefix="tverr-arrival-")
    env = dict(os.environ, TVERR_DATA_DIR=data)
    env.pop("DATABASE_URL", None)
    args = ["simulate", "arrival", "--people", "150", "--weeks", "12", "--residents", "200", "--log-level", "warning"]
    first = subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=600)
    check(first.returncode == 0 and "150 people in" in first.stdout and "d-number → decision:" in first.stdout,
          f"simulate arrival plays a wave: {first.stdout[-600:]}{first.stderr[-600:]}")
    db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
    intakes = db.execute("SELECT COUNT(*) FROM arrival_intakes").fetchone()[0]
    settled = db.execute("SELECT COUNT(*) FROM outbox_events WHERE type = 'no.tverr.arrival.settled.v1'").fetchone()[0]
    staff = db.execute("SELECT COUNT(*) FROM staff_roles s JOIN arrival_intakes i ON i.identity_number = s.pid").fetchone()[0]
    db.close()
    check(intakes == 150 and settled > 0, f"150 intakes and some moved in: {intakes}, {settled}")
    check(staff == 0, "the demo staff are residents, not refugees")
    again = subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=600)
    check(again.returncode != 0 and "Seed 2022 has been played into this database already" in again.stderr,
          f"the same seed again is refused: {again.stderr[-300:]}")


def panel_expert():
    """`tverr roles assign --role expert --discipline …`: the youth panel's disciplines, refused
    for an unknown discipline and for another role, and idempotent."""
    import sqlite3
    data = tempfile.mkdtemp(prefix="tverr-panel-")
    env = dict(os.environ, TVERR_DATA_DIR=data)
    env.pop("DATABASE_URL", None)
    check(cli(["seed", "--people", "30"], env).returncode == 0, "tverr seed for the panel check")
    db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
    pid = db.execute("SELECT identity_number FROM persons ORDER BY identity_number LIMIT 1").fetchone()[0]
    bufdir = db.execute("SELECT number FROM organisations WHERE name LIKE '%(Bufdir)'").fetchone()[0]
    db.close()
    base = ["roles", "assign", "--pid", pid, "--org", bufdir]
    ok = cli(base + ["--role", "expert", "--discipline", "lawyer", "--discipline", "nurse"], env)
    check(ok.returncode == 0 and "(lawyer, nurse)" in ok.stdout, f"an expert with two disciplines: {ok.stdout}{ok.stderr}")
    check(cli(base + ["--role", "expert", "--discipline", "lawyer"], env).returncode == 0, "the same discipline again is fine")
    unknown = cli(base + ["--role", "expert", "--discipline", "astrologer"], env)
    check(unknown.returncode != 0 and "is not a discipline" in unknown.stderr, f"an unknown discipline is refused: {unknown.stderr}")
    other = cli(base + ["--role", "editor", "--discipline", "nurse"], env)
    check(other.returncode != 0 and "--role expert only" in other.stderr, f"a discipline for another role is refused: {other.stderr}")
    db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
    rows = db.execute("SELECT discipline FROM youth_experts WHERE pid = ? ORDER BY discipline", (pid,)).fetchall()
    db.close()
    check(rows == [("lawyer",), ("nurse",)], f"the disciplines are stored once each: {rows}")


def audit_verify():
    """`tverr audit verify` on a chain written by this independent Python implementation of the
    canonical format (tag, big-endian sequence and time, length-prefixed UTF-8 fields)."""
    import hashlib, sqlite3, struct
    data = tempfile.mkdtemp(prefix="tverr-audit-")
    env = dict(os.environ, TVERR_DATA_DIR=data)
    env.pop("DATABASE_URL", None)
    first = subprocess.run([binary, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    check(first.returncode == 0 and "0 entries" in first.stdout, f"audit verify on an empty log: {first.stdout}{first.stderr}")
    db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
    previous = bytes(32)
    for sequence in range(1, 6):
        fields = ["client:974760673/nav", "0184826941%d" % sequence, "registers.person.read", "smittesporing", "smittevernloven § 7-3"]
        canonical = b"tverr-audit-v1" + struct.pack(">qq", sequence, 1790000000000 + sequence)
        for field in fields:
            encoded = field.encode()
            canonical += struct.pack(">I", len(encoded)) + encoded
        previous = hashlib.sha256(previous + canonical).digest()
        db.execute("INSERT INTO audit_entries (sequence, recorded_at, actor, subject, action, purpose, legal_basis, hash) "
                   "VALUES (?,?,?,?,?,?,?,?)", [sequence, 1790000000000 + sequence] + fields + [previous])
    db.commit()
    intact = subprocess.run([binary, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    check(intact.returncode == 0 and "5 entries" in intact.stdout, f"audit verify accepts a Python-written chain: {intact.stdout}{intact.stderr}")
    signed = subprocess.run([binary, "audit", "checkpoint"], env=env, capture_output=True, text=True, timeout=120)
    check(signed.returncode == 0 and "at entry 5" in signed.stdout, f"audit checkpoint signs the head: {signed.stdout}{signed.stderr}")
    after = subprocess.run([binary, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    check(after.returncode == 0 and "5 entries" in after.stdout, f"audit verify with a checkpoint: {after.stdout}{after.stderr}")
    db.execute("UPDATE audit_entries SET purpose = 'nysgjerrighet' WHERE sequence = 3")
    db.commit()
    broken = subprocess.run([binary, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    check(broken.returncode != 0 and "Entry 3 (row 3) was modified" in broken.stderr, f"audit verify names the edited row: {broken.stderr}")
    db.close()


audit_verify()
panel_expert()
simulate_arrival()
run("sqlite", {})
if os.environ.get("TVERR_TEST_DATABASE_URL"):
    run("postgres", {"DATABASE_URL": os.environ["TVERR_TEST_DATABASE_URL"]})
print(f"smoke: {check.passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
