#!/usr/bin/env python3
"""A real SMTP server for tests (aiosmtpd): every message it accepts is written to FOLDER as
N.eml. Recipients in REFUSED get 550. Usage: smtp_sink.py FOLDER PORT [REFUSED ...]
With SMTP_SINK_LOG=FILE it writes one line per message instead (recipient and Message-ID), for
benchmarks that send too many messages for a file each."""
import asyncio, os, sys, time
from aiosmtpd.controller import Controller

# SMTP_SINK_DELAY_MS makes each message take that long, as a busy relay would.
delay = int(os.environ.get("SMTP_SINK_DELAY_MS", "0")) / 1000
log_path = os.environ.get("SMTP_SINK_LOG")
log = open(log_path, "a", buffering=1) if log_path else None

folder, port, refused = sys.argv[1], int(sys.argv[2]), set(sys.argv[3:])
os.makedirs(folder, exist_ok=True)


class Sink:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if delay:
            await asyncio.sleep(delay)
        Sink.count += 1
        if log:
            message_id = next((line.split(b":", 1)[1].strip().decode() for line in envelope.original_content.split(b"\r\n")
                               if line.lower().startswith(b"message-id:")), "")
            log.write(f"{','.join(envelope.rcpt_tos)} {message_id}\n")
            return "250 Message accepted"
        with open(os.path.join(folder, f"{time.time_ns()}-{Sink.count}.eml"), "wb") as f:
            f.write(f"X-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode() + envelope.original_content)
        return "250 Message accepted"


# uvloop, where installed (the benchmark installs it), makes the same server cheaper to run.
try:
    import uvloop
    loop = uvloop.new_event_loop()
except ImportError:
    loop = None
controller = Controller(Sink(), hostname="127.0.0.1", port=port, loop=loop, server_hostname="sink.tverr.test")
controller.start()
print(port, flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    controller.stop()
