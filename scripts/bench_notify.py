#!/usr/bin/env python3
"""Drives `tverr bench notify` on SQLite and PostgreSQL with a real SMTP server and SMS gateway,
then checks that every e-mail and SMS the benchmark counts as delivered arrived, once per delivery.
Usage: bench_notify.py PATH_TO_TVERR MESSAGES POSTGRES_URL [BENCH ARGUMENTS ...]

The SMTP server is Postfix's smtp-sink (written in C, one event loop), which dumps every
transaction it accepts to a file; with SMTP_SINK=python it is scripts/smtp_sink.py (aiosmtpd), which
took about a sixth of the two cores at 1,700 messages a second and so slowed what it measured."""
import os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Checks, free_port  # noqa: E402

binary, messages, pg_url = sys.argv[1], sys.argv[2], sys.argv[3]
# Further arguments go to `tverr bench notify` (for example --workers 3 --smtp-sessions 16).
extra = sys.argv[4:]
here = os.path.dirname(os.path.abspath(__file__))
check = Checks()


def run(database):
    scratch = tempfile.mkdtemp(prefix="tverr-bench-notify-")
    mail_log, sms_log = os.path.join(scratch, "mail.log"), os.path.join(scratch, "sms.log")
    smtp_port = free_port()
    sink = start_sink(scratch, mail_log, smtp_port)
    gateway = subprocess.Popen([sys.executable, os.path.join(here, "sms_gateway.py"), sms_log, "bench-key"], stdout=subprocess.PIPE)
    gateway_port = int(gateway.stdout.readline())
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database == "postgres":
        env["DATABASE_URL"] = pg_url
    try:
        bench = subprocess.run([binary, "bench", "notify", "--messages", messages, "--smtp", f"127.0.0.1:{smtp_port}",
                                "--sms-gateway-url", f"http://127.0.0.1:{gateway_port}/sms", "--sms-gateway-key", "bench-key",
                                "--directory", scratch] + extra, env=env, capture_output=True, text=True)
    finally:
        sink.terminate()
        gateway.terminate()
        sink.wait()
        gateway.wait()
    print(bench.stdout, end="")
    check(bench.returncode == 0, f"{database}: tverr bench notify exited {bench.returncode}: {bench.stderr.strip()}")
    counts = {key: int(n) for key, n in re.findall(r"deliveries (\S+)\s+(\d+)", bench.stdout)}
    mails = arrived_mails(mail_log)
    sms = open(sms_log).read().split("\n")[:-1] if os.path.exists(sms_log) else []
    check(len(set(line.split(" ")[1] for line in mails)) == counts.get("email/delivered", 0),
          f"{database}: {len(mails)} e-mails arrived ({len(set(mails))} distinct) for {counts.get('email/delivered', 0)} delivered")
    check(len(sms) == counts.get("sms/delivered", 0), f"{database}: {len(sms)} SMS arrived for {counts.get('sms/delivered', 0)} delivered")
    check(not any(status == "pending" for key in counts for status in [key.split("/")[1]]), f"{database}: deliveries still pending")
    print(f"{database}: {len(mails)} e-mails at the SMTP server, {len(sms)} SMS at the gateway\n")


def start_sink(scratch, mail_log, port):
    """Starts the SMTP server on PORT and waits until it takes connections."""
    if use_smtp_sink:
        os.chmod(scratch, 0o777)  # smtp-sink drops to nobody before it opens the dump
        user = ["-u", "nobody"] if os.getuid() == 0 else []
        sink = subprocess.Popen([smtp_sink] + user + ["-D", mail_log, f"127.0.0.1:{port}", "256"], stdout=subprocess.DEVNULL)
        wait_for_port(port)
        return sink
    sink = subprocess.Popen([sys.executable, os.path.join(here, "smtp_sink.py"), os.path.join(scratch, "mail"), str(port)],
                            stdout=subprocess.PIPE, env=dict(os.environ, SMTP_SINK_LOG=mail_log))
    sink.stdout.readline()
    return sink


def wait_for_port(port):
    import socket, time
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the SMTP server did not start on port {port}")


def arrived_mails(mail_log):
    """One "recipient message-id" line per message that arrived. smtp-sink's dump gives each
    transaction's envelope (X-Rcpt-Args: <address>) and then the message with its headers."""
    if not os.path.exists(mail_log):
        return []
    if not use_smtp_sink:
        return open(mail_log).read().split("\n")[:-1]
    mails, recipients = [], []
    with open(mail_log, errors="replace") as dump:
        for line in dump:
            if line.startswith("X-Rcpt-Args: <"):
                recipients.append(line[len("X-Rcpt-Args: <"):].split(">", 1)[0])
            elif recipients and line.lower().startswith("message-id:"):
                mails.append(f"{','.join(recipients)} {line.split(':', 1)[1].strip()}")
                recipients = []
    return mails


smtp_sink = shutil.which("smtp-sink") or ("/usr/sbin/smtp-sink" if os.path.exists("/usr/sbin/smtp-sink") else None)
use_smtp_sink = os.environ.get("SMTP_SINK") != "python" and smtp_sink is not None
print(f"SMTP server: {'Postfix smtp-sink' if use_smtp_sink else 'aiosmtpd (scripts/smtp_sink.py)'}")

# BENCH_DATABASES=postgres (or sqlite) runs one of the two.
for database in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(","):
    run(database)
print(f"bench notify: {check.passed} checks passed, {len(check.failures)} failed")
sys.exit(1 if check.failures else 0)
