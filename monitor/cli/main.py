"""The ``otklik`` command: a thin layer over the services; one module per command group.

Each module in ``monitor.cli`` exposes ``register(subparsers)``, adding its sub-commands
with ``set_defaults(func=handler)``; a handler takes the parsed arguments and returns an exit
code. Every error a command raises ends here, in ``main``: one line on stderr (cli_errors).

The log is JSON on stderr. The service's own processes (run, worker, sandbox) log from INFO up;
a one-shot command an official types logs only warnings and errors, so its answer on the
terminal is not buried under event lines (the card's history keeps every action anyway).
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Sequence

from monitor.cli.argparse_ru import RussianArgumentParser

COMMAND_MODULES = [
    "monitor.cli.check_config",
    "monitor.cli.database",
    "monitor.cli.run",
    "monitor.cli.web",
    "monitor.cli.worker",
    "monitor.cli.sandbox",
    "monitor.cli.incidents",
    "monitor.cli.deadline",
    "monitor.cli.card",
    "monitor.cli.user",
    "monitor.cli.notifications",
    "monitor.cli.classify",
    "monitor.cli.report",
    "monitor.cli.activity",
]
SERVICE_COMMANDS = frozenset({"run", "worker", "sandbox", "web"})
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left


def build_parser() -> argparse.ArgumentParser:
    parser = RussianArgumentParser(
        prog="otklik",
        description="Отклик: сообщения жителей из социальных сетей — выявить, направить исполнителю, "
                    "ответить в срок (Положение о работе с сообщениями из открытых источников).",
    )
    parser.set_defaults(settings=None, log_level=None)
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", title="команды")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from monitor.cli.boundary import report
    from monitor.core.logs import configure_logging

    configure_logging(args.log_level or ("INFO" if args.command in SERVICE_COMMANDS else "WARNING"))
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (`| head`) took what it wanted: not a failure to report
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the one boundary: a known mistake is one line, a bug is logged
        return report(exc, args.command)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a file (tests capture it): nothing will be flushed to a pipe


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
