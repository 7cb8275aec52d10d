"""``otklik sandbox``: the simulated network in the foreground, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from monitor.core.logs import get_logger


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sandbox", help="песочница: имитация соцсетей (VK API, RSS) на этом компьютере")
    p.add_argument("--host", default=None, metavar="АДРЕС",
                   help="адрес (по умолчанию sandbox.host из настроек, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, metavar="ПОРТ",
                   help="порт (по умолчанию sandbox.port из настроек, 8700)")
    p.add_argument("--scenario", default=None, metavar="ФАЙЛ",
                   help="сценарий YAML (по умолчанию встроенный демонстрационный район)")
    p.set_defaults(func=run_sandbox)


def _defaults(args: argparse.Namespace) -> tuple[str, int, str | None, int | None]:
    """Host, port, scenario and default wall: flags first, then settings.yaml, then built-ins."""
    from monitor.app.sandbox_mode import default_owner_id
    from monitor.core.settings import load_settings

    settings = load_settings(args.settings)
    scenario = args.scenario
    if scenario is None and settings.sandbox.scenario:
        scenario = str(settings.path(settings.sandbox.scenario))
    return (args.host or settings.sandbox.host,
            settings.sandbox.port if args.port is None else args.port,
            scenario, default_owner_id(settings))


def run_sandbox(args: argparse.Namespace) -> int:
    from monitor.sandbox import SandboxServer, ScenarioError

    log = get_logger()
    host, port, scenario, owner_id = _defaults(args)
    try:
        server = SandboxServer(host, port, scenario=scenario, default_owner_id=owner_id)
        server.start()
    except ScenarioError as exc:
        print(f"otklik: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"otklik: песочница: не удалось занять {host}:{port} ({exc.strerror}); укажите другой --port",
              file=sys.stderr)
        return 1
    state = server.state
    with state.lock:
        counts = {"communities": len(state.communities), "posts": len(state.all_posts()),
                  "feeds": sorted(state.feeds)}
    url = server.base_url
    log.info("sandbox.started", url=url, **server.urls(), **counts)
    print(f"Песочница запущена: {url} (Ctrl-C — остановить)", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        server.stop()
        log.info("sandbox.stopped", url=url)
    return 0
