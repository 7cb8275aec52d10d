"""``otklik check-config``: validate settings and say what each source lacks."""

from __future__ import annotations

import argparse
import sys

from monitor.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check-config", help="validate the settings and stop")
    mode = p.add_mutually_exclusive_group()  # the same choice `run` makes, so the same validation
    mode.add_argument("--sandbox", dest="sandbox", action="store_true", default=None,
                      help="check as `otklik run --sandbox` would run")
    mode.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                      help="check as `otklik run --no-sandbox` would run")
    p.set_defaults(func=check_config)


def check_config(args: argparse.Namespace) -> int:
    settings = load_settings(args.settings)
    from monitor.startup import validate

    problems = validate(settings, sandbox=args.sandbox)
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
    print(f"settings OK: {len(settings.sources)} sources, database {settings.database.url.split('://')[0]}")
    return 0
