"""``otklik check-config``: the validation `otklik run` does at start-up, and nothing else."""

from __future__ import annotations

import argparse
import sys

from monitor.core.settings import load_settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check-config", help="проверить настройки (как при запуске otklik run) и выйти")
    mode = p.add_mutually_exclusive_group()  # the same choice `run` makes, so the same validation
    mode.add_argument("--sandbox", dest="sandbox", action="store_true", default=None,
                      help="проверить, как их проверит otklik run --sandbox")
    mode.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                      help="проверить, как их проверит otklik run --no-sandbox")
    p.set_defaults(func=check_config)


def check_config(args: argparse.Namespace) -> int:
    settings = load_settings(args.settings)
    from monitor.app.startup import validate

    problems = validate(settings, sandbox=args.sandbox)
    for line in problems:
        print(f"предупреждение: {line}", file=sys.stderr)
    print(f"Настройки в порядке: источников {len(settings.sources)}, "
          f"база данных {settings.database.url.split(':', 1)[0]}")
    return 0
