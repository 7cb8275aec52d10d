"""End-to-end helpers: ``otklik`` as a subprocess, its JSON log lines read live from stderr.

``OtklikProcess`` starts ``python -m monitor --settings FILE run ...`` and parses every stderr
line in a background thread, so a test can wait (always with a bound) for a named log event and
then act: inject a post, kill the process at a chosen moment. The ``start_otklik`` fixture
makes sure no process outlives its test.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROJECT_SETTINGS = ROOT / "settings.yaml"
# Never inherited by the service under test: credentials (their absence is what turns the
# sandbox on) and the database override (each test says which database it means).
SCRUBBED_ENV = ("VK_TOKEN", "VK_GROUP_TOKEN", "OK_APP_SECRET", "OK_TOKEN", "TELEGRAM_BOT_TOKEN",
                "OTKLIK_DATABASE_URL", "OTKLIK_SMTP_USER",
                "OTKLIK_SMTP_PASSWORD", "OTKLIK_TELEGRAM_TOKEN")
CLI_TIMEOUT_S = 60.0
WAKE_S = 0.2  # how often a waiter re-checks whether the process died


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def project_settings() -> dict[str, Any]:
    """The project's settings.yaml as a mapping, with the rules folder made absolute."""
    data = yaml.safe_load(PROJECT_SETTINGS.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["rules_dir"] = str(ROOT / data.get("rules_dir", "rules"))
    return data


def write_settings(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def otklik_env(**extra: str) -> dict[str, str]:
    """This environment without credentials or a database override, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def otklik_cli(settings: Path, *args: str, env: dict[str, str], timeout: float = CLI_TIMEOUT_S,
               cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run one ``otklik`` command to completion (stdout and stderr captured) in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--settings", str(settings), *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        check=False,
    )


def _matches(event: dict[str, Any], name: str, fields: dict[str, Any]) -> bool:
    return event.get("event") == name and all(event.get(k) == v for k, v in fields.items())


class OtklikProcess:
    """``otklik --settings FILE run ARGS`` in a subprocess, with its log events collected live."""

    def __init__(self, settings: Path, args: Sequence[str], env: dict[str, str], cwd: Path = ROOT) -> None:
        self.command = [sys.executable, "-m", "monitor", "--settings", str(settings), "run", *args]
        self.env = env
        self.cwd = cwd  # relative paths (the default database var/otklik.db) are read from here
        self.events: list[dict[str, Any]] = []
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._eof = False
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> OtklikProcess:
        self._process = subprocess.Popen(
            self.command, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
        )
        self._reader = threading.Thread(target=self._read, name="otklik-log-reader", daemon=True)
        self._reader.start()
        return self

    @property
    def process(self) -> subprocess.Popen[str]:
        assert self._process is not None, "start() first"
        return self._process

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    def terminate(self, timeout: float) -> int:
        """SIGTERM, then the exit code; a process still running after ``timeout`` fails the test."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"otklik run did not exit within {timeout} s of SIGTERM\n{self.tail()}") from None

    def kill(self) -> int:
        """SIGKILL at once (no clean-up in the process), then the exit code."""
        self.process.send_signal(signal.SIGKILL)
        return self.process.wait(timeout=CLI_TIMEOUT_S)

    def close(self) -> None:
        """Teardown: kill the process if it still runs and let the reader drain."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=CLI_TIMEOUT_S)
        if self._reader is not None:
            self._reader.join(timeout=5)

    # -- the log ------------------------------------------------------------------------------
    def _read(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for line in stream:
            event = None
            try:
                parsed = json.loads(line)
                event = parsed if isinstance(parsed, dict) else None
            except json.JSONDecodeError:
                pass
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                if event is not None:
                    self.events.append(event)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def mark(self) -> int:
        """The position of the next event: pass it as ``since`` to wait only for later ones."""
        with self._cond:
            return len(self.events)

    def find(self, name: str, since: int = 0, **fields: Any) -> dict[str, Any] | None:
        with self._cond:
            return next((e for e in self.events[since:] if _matches(e, name, fields)), None)

    def wait_for(self, name: str, timeout: float, since: int = 0, **fields: Any) -> dict[str, Any]:
        """The first event ``name`` (with these field values) at or after ``since``, within ``timeout`` s.

        Fails the test with the log's tail when the time runs out or the process ends first.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = next((e for e in self.events[since:] if _matches(e, name, fields)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if self._eof or left <= 0:
                    why = "exited" if self._eof else f"did not log it within {timeout} s"
                    raise AssertionError(f"waiting for {name} {fields or ''}: otklik run {why} "
                                         f"(exit code {self.process.poll()})\n{self._tail_locked()}")
                self._cond.wait(min(left, WAKE_S))

    def tail(self, lines: int = 25) -> str:
        with self._cond:
            return self._tail_locked(lines)

    def _tail_locked(self, lines: int = 25) -> str:
        return "\n".join(line[:400] for line in self.lines[-lines:])


StartOtklik = Callable[..., OtklikProcess]


@pytest.fixture
def start_otklik() -> Iterator[StartOtklik]:
    """Start ``otklik run`` subprocesses: ``start_otklik(settings, *args, env=..., cwd=...)``; all
    killed at teardown."""
    started: list[OtklikProcess] = []

    def start(settings: Path, *args: str, env: dict[str, str], cwd: Path = ROOT) -> OtklikProcess:
        process = OtklikProcess(settings, args, env, cwd)
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.close()
