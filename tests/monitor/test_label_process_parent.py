"""The labelling process ends with the service that started it, however the service ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# a service stand-in: starts the labelling process, says its pid once the rules are built, waits
_SERVICE = """
import sys, time
from pathlib import Path
from monitor.ingest.label_process import LabelProcess

if __name__ == "__main__":
    process = LabelProcess(Path(sys.argv[1]))
    process.start().result(timeout=120)
    print(next(iter(process._pool._processes)), flush=True)  # the child's pid
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is gone for our purpose
        return stat.read().split(")", 1)[1].split()[0] != "Z"


def test_a_service_killed_outright_leaves_no_labelling_process_behind(tmp_path: Path) -> None:
    """kill -9 of the service: its labelling child (its rules in memory) exits too, instead of
    waiting forever for work from a parent that is gone."""
    script = tmp_path / "service.py"
    script.write_text(_SERVICE, encoding="utf-8")
    service = subprocess.Popen([sys.executable, str(script), str(ROOT / "rules")], stdout=subprocess.PIPE,
                               text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert service.stdout is not None
        child = int(service.stdout.readline())
        assert _alive(child)
        service.send_signal(signal.SIGKILL)
        service.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child), "the labelling process outlived the service"
    finally:
        service.kill()
        service.wait(timeout=30)
