"""``otklik notifications``: a user's in-app inbox, until the web interface shows it.

``--as LOGIN`` reads one's own inbox and marks what is shown as read; ``--user LOGIN`` looks at
someone's inbox (an administrator checking that the head was told) and marks nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from zoneinfo import ZoneInfo

from monitor.app.context import context_from_args
from monitor.cli.boundary import EXIT_BAD_INPUT, refusal
from monitor.notify.config import card_base_url
from monitor.notify.inbox import InboxItem, inbox, mark_read
from monitor.workflow.errors import WorkflowError
from monitor.workflow.staffing import get_user, sync_units_and_users


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("notifications", help="уведомления пользователя (входящие в самом сервисе)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--as", dest="actor", metavar="LOGIN", help="свои уведомления; показанные отмечаются прочитанными")
    who.add_argument("--user", dest="user", metavar="LOGIN", help="уведомления пользователя, без отметки о прочтении")
    p.add_argument("--unread", action="store_true", help="только непрочитанные")
    p.add_argument("--limit", type=int, default=50, help="не больше стольких последних (по умолчанию 50)")
    p.add_argument("--json", action="store_true", help="JSON-массив для программ")
    p.set_defaults(func=_notifications)


def _notifications(args: argparse.Namespace) -> int:
    ctx = context_from_args(args)
    tz = ZoneInfo(ctx.settings.organization.timezone)
    login = args.actor or args.user
    try:
        with ctx.sessions() as session, session.begin():
            sync_units_and_users(session, ctx.settings)
            user = get_user(session, login)
            items = inbox(session, user, base_url=card_base_url(ctx.settings), tz=tz, unread_only=args.unread,
                          limit=max(args.limit, 1))
            if args.actor:
                mark_read(session, user, [i.id for i in items], ctx.clock.now())
            name = user.name
    except WorkflowError as exc:
        print(f"otklik notifications: {refusal(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=1))
        return 0
    print(_render(items, name, login, tz, unread_only=args.unread))
    return 0


def _render(items: list[InboxItem], name: str, login: str, tz: ZoneInfo, *, unread_only: bool) -> str:
    if not items:
        return f"{name} ({login}): {'непрочитанных уведомлений нет' if unread_only else 'уведомлений нет'}"
    unread = sum(1 for i in items if i.read_at is None)
    lines = [f"{name} ({login}): уведомлений {len(items)}, непрочитанных {unread}", ""]
    for item in items:
        mark = "●" if item.read_at is None else " "
        lines.append(f"{mark} {item.created_at.astimezone(tz).strftime('%d.%m.%Y %H:%M')}  {item.subject}")
        lines += [f"    {line}" for line in item.text.splitlines() if line.strip()]
        lines.append("")
    return "\n".join(lines).rstrip()
