#!/usr/bin/env python3
"""A small SMS gateway for tests: it takes Tverr's gateway requests over HTTP, checks the bearer
key, records each message as a JSON line, and refuses the numbers it is told to refuse (422).
Usage: sms_gateway.py LOG_FILE KEY [REFUSED_NUMBER ...]   Prints the port it listens on."""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path, key, refused = sys.argv[1], sys.argv[2], set(sys.argv[3:])
log = open(log_path, "a", buffering=1)
log_lock = threading.Lock()


class Gateway(BaseHTTPRequestHandler):
    # Keep-alive, as a real gateway offers: one connection carries many messages. Without Nagle's
    # algorithm a small answer is not held back waiting for the client's delayed ACK (40 ms).
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))  # read first: the connection is kept alive
        if self.headers.get("Authorization") != f"Bearer {key}":
            return self.answer(401, {"error": "bad key"})
        try:
            message = json.loads(body)
        except ValueError:
            return self.answer(400, {"error": "not JSON"})
        if message.get("to") in refused:
            return self.answer(422, {"error": "unknown subscriber"})
        with log_lock:
            log.write(json.dumps(message, ensure_ascii=False) + "\n")
        self.answer(202, {"id": f"sms-{message.get('reference')}"})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self._headers_buffer.append(b"\r\n" + data)  # the headers and body in one write
        self.flush_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
print(server.server_address[1], flush=True)
server.serve_forever()
