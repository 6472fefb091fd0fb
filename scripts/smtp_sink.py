#!/usr/bin/env python3
"""A real SMTP server for tests (aiosmtpd): every message it accepts is written to FOLDER as
N.eml. Recipients in REFUSED get 550. Usage: smtp_sink.py FOLDER PORT [REFUSED ...]"""
import asyncio, os, sys, time
from aiosmtpd.controller import Controller

# SMTP_SINK_DELAY_MS makes each message take that long, as a busy relay would.
delay = int(os.environ.get("SMTP_SINK_DELAY_MS", "0")) / 1000

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
        with open(os.path.join(folder, f"{time.time_ns()}-{Sink.count}.eml"), "wb") as f:
            f.write(f"X-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode() + envelope.original_content)
        return "250 Message accepted"


controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    controller.stop()
