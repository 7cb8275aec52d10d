"""The ``otklik`` command: a thin layer over the services; one module per command group.

Each module in ``monitor.commands`` exposes ``register(subparsers)``, adding its sub-commands
with ``set_defaults(func=handler)``; a handler takes the parsed arguments and returns an exit
code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from monitor.settings import SettingsError

COMMAND_MODULES = [
    "monitor.commands.config",
    "monitor.commands.database",
    "monitor.commands.run",
    "monitor.commands.worker",
    "monitor.commands.sandbox",
    "monitor.commands.incidents",
    "monitor.commands.deadline",
    "monitor.commands.card",
    "monitor.commands.user",
    "monitor.commands.notifications",
    "monitor.commands.classify",
    "monitor.commands.report",
    "monitor.commands.activity",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otklik", description="Otklik: hear and answer citizens on social networks on time."
    )
    parser.add_argument("--settings", "-c", default=None, help="settings file (default: the project's settings.yaml)")
    parser.add_argument("--log-level", default="INFO")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from monitor.logs import configure_logging

    configure_logging(args.log_level)
    try:
        return int(args.func(args) or 0)
    except SettingsError as exc:
        print(f"otklik: settings: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
