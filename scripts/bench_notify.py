#!/usr/bin/env python3
"""Drives `tverr bench notify` on SQLite and PostgreSQL with a real SMTP server and SMS gateway,
then checks that every e-mail and SMS the benchmark counts as delivered arrived, once per delivery.
Usage: bench_notify.py PATH_TO_TVERR MESSAGES POSTGRES_URL [BENCH ARGUMENTS ...]"""
import os, re, subprocess, sys, tempfile

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
    sink = subprocess.Popen([sys.executable, os.path.join(here, "smtp_sink.py"), os.path.join(scratch, "mail"), str(smtp_port)],
                            stdout=subprocess.PIPE, env=dict(os.environ, SMTP_SINK_LOG=mail_log))
    sink.stdout.readline()
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
    mails = open(mail_log).read().split("\n")[:-1] if os.path.exists(mail_log) else []
    sms = open(sms_log).read().split("\n")[:-1] if os.path.exists(sms_log) else []
    check(len(set(line.split(" ")[1] for line in mails)) == counts.get("email/delivered", 0),
          f"{database}: {len(mails)} e-mails arrived ({len(set(mails))} distinct) for {counts.get('email/delivered', 0)} delivered")
    check(len(sms) == counts.get("sms/delivered", 0), f"{database}: {len(sms)} SMS arrived for {counts.get('sms/delivered', 0)} delivered")
    check(not any(status == "pending" for key in counts for status in [key.split("/")[1]]), f"{database}: deliveries still pending")
    print(f"{database}: {len(mails)} e-mails at the SMTP server, {len(sms)} SMS at the gateway\n")


# BENCH_DATABASES=postgres (or sqlite) runs one of the two.
for database in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(","):
    run(database)
print(f"bench notify: {check.passed} checks passed, {len(check.failures)} failed")
sys.exit(1 if check.failures else 0)
