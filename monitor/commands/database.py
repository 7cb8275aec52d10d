"""``otklik db upgrade`` / ``otklik db current``: schema changes only through migrations."""

from __future__ import annotations

import argparse

from db.migrate import current, upgrade
from monitor.logs import get_logger
from monitor.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="database schema")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION")
    dsub.required = True
    up = dsub.add_parser("upgrade", help="apply every pending migration")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=_upgrade)
    cur = dsub.add_parser("current", help="print the schema revision")
    cur.set_defaults(func=_current)


def _upgrade(args: argparse.Namespace) -> int:
    url = load_settings(args.settings).database.url
    upgrade(url, args.revision)
    get_logger().info("db.upgraded", revision=args.revision, dialect=url.split(":", 1)[0])
    return 0


def _current(args: argparse.Namespace) -> int:
    print(current(load_settings(args.settings).database.url) or "empty")
    return 0
