#!/usr/bin/env python3
"""kill -9 in the middle of a batch of 10,000 messages, then a restart: every message is delivered
by e-mail to a real SMTP server, and duplicates appear only as repeats of the same message id.
The client resends the batch with the same idempotency keys after the restart, as a real sender
would when its request was cut off. Usage: notify_kill9.py PATH_TO_TVERR [COUNT]"""
import json, os, re, signal, sqlite3, subprocess, sys, tempfile, threading, time, urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Checks, free_port  # noqa: E402

binary = sys.argv[1]
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
check = Checks()
here = os.path.dirname(os.path.abspath(__file__))


def request(method, url, body=None, headers=None, timeout=600):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main():
    data = tempfile.mkdtemp(prefix="tverr-kill9-")
    mail = os.path.join(data, "mail")
    smtp_port = free_port()
    sink = subprocess.Popen([sys.executable, os.path.join(here, "smtp_sink.py"), mail, str(smtp_port)], stdout=subprocess.PIPE,
                            env=dict(os.environ, SMTP_SINK_DELAY_MS="5"))
    sink.stdout.readline()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, TVERR_DATA_DIR=data, TVERR_PORT=str(port), TVERR_SMTP=f"127.0.0.1:{smtp_port}",
               TVERR_NOTIFY_RETRY_SCHEDULE="200ms,500ms,1s,2s,5s")
    env.pop("DATABASE_URL", None)
    made = subprocess.run([binary, "clients", "new-key", "--out", os.path.join(data, "k.pem")], env=env, capture_output=True, text=True)
    with open(os.path.join(data, "k.jwk"), "w") as f:
        f.write(made.stdout)
    scopes = ["tverr:notify/templates.write", "tverr:notify/messages.send"]
    added = subprocess.run([binary, "clients", "add-machine", "--name", "Nav varsel", "--org", "889640782", "--jwk-file",
                            os.path.join(data, "k.jwk"), "--client-id", "nav-notify"] + sum([["--scope", s] for s in scopes], []),
                           env=env, capture_output=True, text=True)
    check(added.returncode == 0, f"add-machine: {added.stderr}")

    def start():
        log = open(os.path.join(data, "serve.log"), "a")
        process = subprocess.Popen([binary, "serve", "--demo-people", "20"], env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(240):
            time.sleep(0.25)
            try:
                if request("GET", base + "/readyz", timeout=2)[0] == 200:
                    return process
            except OSError:
                continue
        check(False, "tverr serve did not become ready")
        return process

    def token():
        assertion = subprocess.run([binary, "clients", "assertion", "--key", os.path.join(data, "k.pem"), "--client-id", "nav-notify",
                                    "--audience", base] + sum([["--scope", s] for s in scopes], []),
                                   env=env, capture_output=True, text=True).stdout.strip()
        status, body = request("POST", base + "/token", urllib.parse.urlencode(
            {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion}),
            {"Content-Type": "application/x-www-form-urlencoded"})
        return json.loads(body)["access_token"]

    server = start()
    headers = {"Authorization": f"Bearer {token()}", "Content-Type": "application/json"}
    variants = [{"channel": "email", "language": lang, "subject": "Melding ((n))", "body": "Hei. Dette er melding ((n))."}
                for lang in ["nb", "nn", "en", "uk"]]
    status, body = request("PUT", base + "/api/v1/notify/templates/kill9", json.dumps({"name": "Kill", "variants": variants}), headers)
    check(status == 201, f"template: {status} {body}")
    batch = json.dumps({"messages": [{"template": "kill9", "to": {"email": f"person{i}@example.no"}, "personalisation": {"n": str(i)},
                                      "idempotencyKey": f"kill9-{i}"} for i in range(COUNT)]})

    cut = {}
    def send_first():
        try:
            cut["answer"] = request("POST", base + "/api/v1/notify/messages/batch", batch, headers)
        except Exception as error:  # the connection dies with the server
            cut["error"] = str(error)
    first = threading.Thread(target=send_first)
    first.start()
    # Kill once some messages have been created and some delivered: mid-batch and mid-delivery.
    deadline = time.time() + 300
    while time.time() < deadline and (not os.path.isdir(mail) or len(os.listdir(mail)) < min(300, COUNT // 10)):
        time.sleep(0.05)
    server.send_signal(signal.SIGKILL)
    server.wait()
    first.join(timeout=30)
    db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
    created_before = db.execute("SELECT COUNT(*) FROM notify_messages").fetchone()[0]
    db.close()
    print(f"kill9: killed with {created_before} of {COUNT} messages created and {len(os.listdir(mail))} e-mails delivered "
          f"({'the batch request was cut off' if 'error' in cut else 'the batch had already answered'})")
    check(0 < created_before, "the kill came after the batch had started")

    server = start()
    headers["Authorization"] = f"Bearer {token()}"
    status, body = request("POST", base + "/api/v1/notify/messages/batch", batch, headers)
    answer = json.loads(body) if status == 200 else {}
    check(status == 200 and answer.get("rejected") == 0, f"the resent batch: {status} {body[:300]}")
    ids = {r["id"] for r in answer.get("results", [])}
    check(len(ids) == COUNT, f"every message has one id after the resend: {len(ids)}")
    check(answer.get("duplicates", 0) >= created_before - 8, f"messages created before the kill came back as duplicates: {answer.get('duplicates')} of {created_before}")

    # Deliveries that were being sent at the kill wait for their lease (about 70 s) to run out,
    # then go again: those are the repeats the at-least-once contract allows.
    def pending():
        db = sqlite3.connect(os.path.join(data, "tverr.sqlite"))
        left = db.execute("SELECT COUNT(*) FROM notify_deliveries WHERE status <> 'delivered'").fetchone()[0]
        db.close()
        return left

    deadline = time.time() + 600
    delivered, left = {}, -1
    while time.time() < deadline:
        delivered = {}
        for name in os.listdir(mail):
            with open(os.path.join(mail, name), encoding="utf-8", errors="replace") as f:
                found = re.search(r"Message-ID: <([0-9a-f-]{36})\.(\d+)@tverr>", f.read())
            if found:
                delivered.setdefault(found.group(1), []).append(found.group(2))
        left = pending()
        if len(delivered) >= COUNT and left == 0:
            break
        time.sleep(1)
    check(set(delivered) == ids, f"every message was delivered: {len(set(delivered) & ids)} of {COUNT}, {len(set(delivered) - ids)} unknown")
    repeats = sum(len(v) - 1 for v in delivered.values())
    check(all(len(set(v)) == 1 for v in delivered.values()), "a repeat is always the same delivery of the same message")
    check(left == 0, f"every delivery row is delivered: {left} are not")
    server.send_signal(signal.SIGTERM)
    check(server.wait(timeout=60) == 0, "the restarted server stops cleanly")
    sink.kill()
    print(f"kill9: {len(delivered)} of {COUNT} messages delivered, {repeats} repeated after the kill (same message id); "
          f"{check.passed} checks passed, {len(check.failures)} failed")
    return 1 if check.failures else 0


sys.exit(main())
