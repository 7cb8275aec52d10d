"""``otklik user …``: officials who use the service, and their absences with a deputy (p. 7)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import Unit, User
from monitor.context import context_from_args
from monitor.workflow.errors import InputError, WorkflowError
from monitor.workflow.staffing import add_absence, add_user, sync_units_and_users
from monitor.workflow.words import word

EXIT_REFUSED = 2
ROLES = ["curator", "executor", "head", "admin"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    user = sub.add_parser("user", help="пользователи и их отсутствие с заместителем")
    cmds = user.add_subparsers(dest="user_command", metavar="ДЕЙСТВИЕ", title="действия")
    cmds.required = True
    add = cmds.add_parser("add", help="создать пользователя")
    add.add_argument("login", metavar="ЛОГИН", help="имя для входа")
    add.add_argument("--name", required=True, metavar="ФИО", help="фамилия и инициалы")
    add.add_argument("--role", required=True, choices=ROLES, metavar="РОЛЬ",
                     help="curator (куратор), executor (исполнитель), head (глава), admin (администратор)")
    add.add_argument("--unit", default=None, help="код подразделения (обязателен для исполнителя)")
    add.add_argument("--email", default=None, help="адрес для уведомлений")
    add.add_argument("--telegram", default=None, help="chat id в Telegram")
    add.set_defaults(func=_add)
    absence = cmds.add_parser("absence", help="отсутствие исполнителя и его заместитель (п. 7)")
    absence.add_argument("login", metavar="ЛОГИН", help="кто отсутствует")
    absence.add_argument("--from", dest="starts", required=True, help="начало: дата или дата и время (ISO)")
    absence.add_argument("--to", dest="ends", required=True, help="окончание: дата (включительно) или дата и время")
    absence.add_argument("--deputy", required=True, metavar="ЛОГИН2", help="кто замещает")
    absence.add_argument("--reason", default=None, help="болезнь, отпуск, командировка…")
    absence.add_argument("--as", dest="actor", default="admin", metavar="ЛОГИН",
                         help="от имени пользователя (по умолчанию admin)")
    absence.set_defaults(func=_absence)
    listing = cmds.add_parser("list", help="пользователи")
    listing.set_defaults(func=_list)


def parse_moment(text: str, tz: ZoneInfo, *, end: bool) -> datetime:
    """ISO date or date-time; a bare date starts at 00:00, or (for ``end``) includes that whole day."""
    try:
        if len(text.strip()) == 10:
            day = datetime.fromisoformat(text.strip()).date()
            at = datetime.combine(day + timedelta(days=1) if end else day, time(0), tz)
        else:
            at = datetime.fromisoformat(text.strip())
            at = at if at.tzinfo else at.replace(tzinfo=tz)
    except ValueError:
        raise InputError(f"Не понимаю дату «{text}»: нужна дата 2026-03-02 или 2026-03-02T09:00") from None
    return at


def _session_run(args: argparse.Namespace, work) -> int:  # type: ignore[no-untyped-def]
    ctx = context_from_args(args)
    try:
        with ctx.sessions() as session, session.begin():
            sync_units_and_users(session, ctx.settings)
            message = work(ctx, session)
    except WorkflowError as exc:
        print(f"otklik user: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        ctx.close()
    print(message)
    return 0


def _add(args: argparse.Namespace) -> int:
    def work(ctx, session):  # type: ignore[no-untyped-def]
        user = add_user(session, login=args.login, name=args.name, role=args.role, unit=args.unit,
                        email=args.email, telegram=args.telegram)
        return f"Пользователь {user.login} создан ({user.role})"

    return _session_run(args, work)


def _absence(args: argparse.Namespace) -> int:
    def work(ctx, session):  # type: ignore[no-untyped-def]
        tz = ZoneInfo(ctx.settings.organization.timezone)
        starts, ends = parse_moment(args.starts, tz, end=False), parse_moment(args.ends, tz, end=True)
        add_absence(session, login=args.login, starts_at=starts, ends_at=ends, deputy=args.deputy,
                    now=ctx.clock.now(), actor=args.actor, reason=args.reason)
        fmt = "%d.%m.%Y %H:%M"
        since, until = starts.astimezone(tz).strftime(fmt), ends.astimezone(tz).strftime(fmt)
        return f"Отсутствие {args.login} с {since} по {until}; замещает {args.deputy}"

    return _session_run(args, work)


def _list(args: argparse.Namespace) -> int:
    def work(ctx, session):  # type: ignore[no-untyped-def]
        units = {u.id: u.code for u in session.scalars(select(Unit))}
        rows = session.scalars(select(User).order_by(User.role, User.login))
        return "\n".join(f"{u.login:<22} {word('role', u.role):<14} {units.get(u.unit_id, '—'):<18} {u.name}"
                         for u in rows) or "Пользователей нет."

    return _session_run(args, work)
