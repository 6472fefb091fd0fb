"""Helpers shared by the end-to-end scripts."""
import socket, time, urllib.request


def free_port():
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base, seconds=120):
    """Waits until `base`/readyz answers 200; gives whether it did."""
    for _ in range(int(seconds * 4)):
        time.sleep(0.25)
        try:
            if urllib.request.urlopen(base + "/readyz", timeout=2).status == 200:
                return True
        except OSError:
            continue
    return False


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
