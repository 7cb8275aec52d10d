"""``otklik db upgrade`` / ``otklik db current``: schema changes only through migrations."""

from __future__ import annotations

import argparse

from monitor.core.logs import get_logger
from monitor.core.settings import load_settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help="схема базы данных: обновить, показать версию")
    dsub = p.add_subparsers(dest="db_command", metavar="ДЕЙСТВИЕ", title="действия")
    dsub.required = True
    up = dsub.add_parser("upgrade", help="применить все недостающие миграции")
    up.add_argument("revision", nargs="?", default="head", metavar="РЕВИЗИЯ",
                    help="до какой ревизии (по умолчанию последняя, head)")
    up.set_defaults(func=_upgrade)
    cur = dsub.add_parser("current", help="показать ревизию схемы")
    cur.set_defaults(func=_current)


def migrate_on_start(url: str) -> None:
    """`otklik run` brings a fresh or older database to this code's schema before using it."""
    from db.migrate import upgrade  # Alembic is loaded only by the commands that migrate

    upgrade(url)
    get_logger().info("db.upgraded", revision="head", dialect=url.split(":", 1)[0], at="start")


def _upgrade(args: argparse.Namespace) -> int:
    from db.migrate import current, upgrade

    url = load_settings(args.settings).database.url
    upgrade(url, args.revision)
    get_logger().info("db.upgraded", revision=args.revision, dialect=url.split(":", 1)[0])
    print(f"База данных обновлена: схема {current(url) or 'пустая'}")
    return 0


def _current(args: argparse.Namespace) -> int:
    from db.migrate import current

    print(current(load_settings(args.settings).database.url) or "empty")
    return 0
