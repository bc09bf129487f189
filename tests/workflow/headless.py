"""A headless Chromium driven over the DevTools protocol, Python stdlib only.

`--remote-debugging-pipe` makes Chromium read protocol messages (JSON, each
ended by a NUL byte) from file descriptor 3 and write its answers and
events to descriptor 4 — no websocket, no port, no Selenium.  Enough of the
protocol for a test: open a page, evaluate script, click with the mouse.
"""
from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from typing import Optional

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> Optional[str]:
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


class Browser:
    """One headless browser with one page; use as a context manager."""

    def __init__(self, executable: str, width: int = 1280, height: int = 1000, timeout: float = 30.0):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="paiban-chromium-")
        to_browser_r, self._to_browser = _high(os.pipe())
        self._from_browser, from_browser_w = _high(os.pipe())

        def wire_fds():
            # In the child, before exec: fds 3 and 4 become the pipe ends (the
            # originals sit above 10, so neither dup2 can overwrite the other).
            # close_fds=False, because it runs after this and would close them.
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-dev-shm-usage", "--remote-debugging-pipe",
             f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id, self._buffer, self.events = 0, b"", []
        self.session = self._attach()

    # -- the protocol ----------------------------------------------------------
    def send(self, method: str, params: Optional[dict] = None, session: Optional[str] = None) -> dict:
        """Call `method` and wait for its answer; raises on a protocol error."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("the browser did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("the browser closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _attach(self) -> str:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=session)
        return session

    # -- what a test does --------------------------------------------------------
    def open(self, url: str) -> None:
        """Navigate and wait for the load event (images included)."""
        self.events.clear()
        self.send("Page.navigate", {"url": url}, self.session)
        deadline = time.monotonic() + self.timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            self.events.append(self._read())

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, x: float, y: float) -> None:
        """A left mouse click at viewport point (x, y): press and release, as a user's."""
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1}, self.session)

    def wait_for(self, expression: str, seconds: float = 5.0):
        """Poll `expression` until it is truthy; returns its last value."""
        deadline = time.monotonic() + seconds
        while True:
            value = self.evaluate(expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError, EOFError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _high(fds: tuple[int, int]) -> tuple[int, int]:
    """The pipe's two ends moved to descriptors ≥ 10, close-on-exec (the child gets only its dup2 copies)."""
    out = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in fds)
    for fd in fds:
        os.close(fd)
    return out
