"""Helpers shared by the end-to-end scripts."""
import socket


def free_port():
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Checks:
    """Counts passed checks and collects failures, printing each failure as it happens."""

    def __init__(self):
        self.passed = 0
        self.failures = []

    def __call__(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
            print("FAIL:", message)
