"""``otklik sandbox`` in a subprocess: it logs where it listens, serves, and stops on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _started_event(process: subprocess.Popen[str]) -> dict[str, object]:
    assert process.stderr is not None
    for line in process.stderr:
        if '"sandbox.started"' in line:
            return json.loads(line)
    raise AssertionError("the sandbox never logged sandbox.started")


@pytest.mark.slow
def test_sandbox_command_serves_until_sigterm(tmp_path: Path) -> None:
    """`otklik sandbox --port 0` logs sandbox.started with its URL, answers, and exits 0 on SIGTERM."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "sandbox", "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        event = _started_event(process)
        url = str(event["url"])
        assert url.startswith("http://127.0.0.1:") and event["inject"] == f"{url}/_sandbox/posts"
        assert requests.get(f"{url}/_sandbox/health", timeout=10).json() == {"ok": True}
        made = requests.post(f"{url}/_sandbox/posts", json={"network": "vk", "text": "Соболево"}, timeout=10)
        assert made.status_code == 201 and made.json()["owner_id"] == -100001
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_sandbox_command_reports_a_bad_scenario(tmp_path: Path) -> None:
    """A broken scenario file stops `otklik sandbox` with exit code 2 and one line naming the problem."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("posts: [{owner: -1, ago: 1h, text: x}]", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "sandbox", "--port", "0", "--scenario", str(bad)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert "posts[0].owner: unknown wall -1" in done.stderr
