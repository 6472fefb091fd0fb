#!/usr/bin/env python3
"""A TCP server that accepts connections and never says anything, for timeout tests.
Usage: silent_server.py PORT   Prints the port once it listens."""
import socket, sys

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
print(sys.argv[1], flush=True)
held = []
while True:
    connection, _ = server.accept()
    held.append(connection)  # keep it open, silent
