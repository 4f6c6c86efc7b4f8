"""A game server for tests: `dushanbe serve` in its own process on 127.0.0.1, on a free port, stopped after."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Server:
    """`dushanbe serve` over one database; `kill()` stops it hard (SIGKILL), `start()` brings it back on its port."""

    def __init__(self, db: Path, port: int = 0, fault: str = ""):
        self.db, self.port, self.process, self.fault = db, port, None, fault
        self.log = db.with_suffix(".log")

    def start(self) -> "Server":
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DUSHANBE_FAULT": self.fault}
        err = open(self.log, "a", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", str(self.db)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        line = self.process.stdout.readline()
        if "ws://" not in line:
            self.process.kill()
            raise RuntimeError(f"the server did not start: {line!r}; {self.log.read_text()}")
        self.port = int(line.split("ws://127.0.0.1:")[1].split()[0])
        return self

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self, tries: int = 50) -> None:
        """Start again on the same port (the clients know only that address)."""
        for _ in range(tries):
            try:
                self.start()
                return
            except RuntimeError:
                time.sleep(0.1)
        raise RuntimeError(f"the server could not start again on port {self.port}")


def run(coroutine):
    return asyncio.run(coroutine)
