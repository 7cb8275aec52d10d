"""``otklik user …``: officials who use the service, their absences with a deputy, and their
leaving (p. 7): only an administrator adds or deactivates a user."""

from __future__ import annotations

import argparse
import sys
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import Unit, User, Vacancy
from db.statuses import PERSON_ROLES
from monitor.app.context import context_from_args
from monitor.app.staff import FMT, create_user, deactivate, declare_absence
from monitor.cli.boundary import EXIT_BAD_INPUT, refusal
from monitor.workflow.errors import InputError, WorkflowError
from monitor.workflow.staffing import sync_units_and_users
from monitor.workflow.words import word


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="пользователи и их отсутствие с заместителем")
    cmds = user.add_subparsers(dest="user_command", metavar="ДЕЙСТВИЕ", title="действия")
    cmds.required = True
    add = cmds.add_parser("add", help="создать пользователя")
    add.add_argument("login", metavar="ЛОГИН", help="имя для входа")
    add.add_argument("--name", required=True, metavar="ФИО", help="фамилия и инициалы")
    add.add_argument("--role", required=True, choices=list(PERSON_ROLES), metavar="РОЛЬ",
                     help="curator (куратор), executor (исполнитель), head (глава), admin (администратор)")
    add.add_argument("--unit", default=None, help="код подразделения (обязателен для исполнителя)")
    add.add_argument("--email", default=None, help="адрес для уведомлений")
    add.add_argument("--telegram", default=None, help="chat id в Telegram")
    add.add_argument("--as", dest="actor", default=None, metavar="ADMIN", help="от имени администратора")
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
    leave = cmds.add_parser("deactivate", help="отключить выбывшего пользователя; его обращения передаются (п. 7)")
    leave.add_argument("login", metavar="ЛОГИН", help="кто выбывает")
    leave.add_argument("--deputy", default=None, metavar="ЛОГИН2",
                       help="кому передать обращения, если в подразделении не осталось исполнителей")
    leave.add_argument("--as", dest="actor", default=None, metavar="ЛОГИН", help="от имени администратора")
    leave.set_defaults(func=_deactivate)
    pw = cmds.add_parser("password",
                         help="задать пароль для входа в веб-интерфейс (спрашивается, не в командной строке)")
    pw.add_argument("login", metavar="ЛОГИН", help="чей пароль")
    pw.set_defaults(func=_password)
    token = cmds.add_parser("token", help="создать персональный токен доступа к API (показывается один раз)")
    token.add_argument("login", metavar="ЛОГИН", help="чей токен: он действует с правами этого пользователя")
    token.add_argument("--name", required=True, metavar="НАЗВАНИЕ", help="для чего токен (скрипт, интеграция)")
    token.set_defaults(func=_token)
    listing = cmds.add_parser("list", help="пользователи")
    listing.set_defaults(func=_list)


def _session_run(args: argparse.Namespace, work) -> int:
    ctx = context_from_args(args)
    try:
        with ctx.sessions() as session, session.begin():
            sync_units_and_users(session, ctx.settings)
            message = work(ctx, session)
    except WorkflowError as exc:
        print(f"otklik user: {refusal(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        ctx.close()
    print(message)
    return 0


def _add(args: argparse.Namespace) -> int:
    def work(ctx, session):
        return "\n".join(create_user(session, actor=args.actor, now=ctx.clock.now(), login=args.login,
                                      name=args.name, role=args.role, unit=args.unit, email=args.email,
                                      telegram=args.telegram))

    return _session_run(args, work)


def _absence(args: argparse.Namespace) -> int:
    def work(ctx, session):
        return declare_absence(session, login=args.login, starts=args.starts, ends=args.ends, deputy=args.deputy,
                               reason=args.reason, actor=args.actor, now=ctx.clock.now(),
                               tz=ZoneInfo(ctx.settings.organization.timezone))

    return _session_run(args, work)


def _deactivate(args: argparse.Namespace) -> int:
    def work(ctx, session):
        return "\n".join(deactivate(session, actor=args.actor, login=args.login, deputy=args.deputy,
                                     now=ctx.clock.now(), due=ctx.workflow.due,
                                     tz=ZoneInfo(ctx.settings.organization.timezone)))

    return _session_run(args, work)


def _list(args: argparse.Namespace) -> int:
    def work(ctx, session):
        tz = ZoneInfo(ctx.settings.organization.timezone)
        units = {u.id: u.code for u in session.scalars(select(Unit))}
        rows = session.scalars(select(User).order_by(User.role, User.login))
        lines = [f"{u.login:<22} {word('role', u.role):<14} {units.get(u.unit_id, '—'):<18} {u.name}"
                 + ("" if u.active else " (отключён)") for u in rows]
        for vacancy in session.scalars(select(Vacancy).where(Vacancy.filled_at.is_(None)).order_by(Vacancy.due_at)):
            stand = session.get(User, vacancy.stand_in_id) if vacancy.stand_in_id else None
            late = " — ПРОСРОЧЕНО" if ctx.clock.now() > vacancy.due_at else ""
            lines.append(f"Без исполнителя: {units.get(vacancy.unit_id)} — назначить до "
                         f"{vacancy.due_at.astimezone(tz).strftime(FMT)} (п. 7){late}; "
                         f"обращения ведёт: {stand.login if stand else 'никто'}")
        return "\n".join(lines) or "Пользователей нет."

    return _session_run(args, work)


def _read_password() -> str:
    """Prompted twice on a terminal (never echoed, never an argument); the first line of stdin otherwise."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Новый пароль: ")
    if getpass.getpass("Повторите пароль: ") != first:
        raise InputError("Пароли не совпадают")
    return first


def _password(args: argparse.Namespace) -> int:
    def work(ctx, session):
        from monitor.web.auth import set_password

        user = session.scalars(select(User).where(User.login == args.login)).one_or_none()
        if user is None:
            raise InputError(f"Пользователь {args.login} не найден")
        set_password(session, user, _read_password(), ctx.clock.now(), actor="cli")
        return f"Пароль пользователя {user.login} задан; его прежние сеансы завершены"

    return _session_run(args, work)


def _token(args: argparse.Namespace) -> int:
    """The operator makes a token for a person; it is printed once on stdout (never logged)."""
    def work(ctx, session):
        from monitor.web.tokens import create

        user = session.scalars(select(User).where(User.login == args.login)).one_or_none()
        if user is None or not user.active:
            raise InputError(f"Пользователь {args.login} не найден или отключён")
        made = create(session, user, args.name, ctx.clock.now(), actor="cli")
        return (f"Токен «{made.name}» для {user.login} создан. Он показан один раз, сохраните его:\n{made.token}\n"
                "Передавайте его в заголовке Authorization: Bearer; отозвать — на странице «Токены доступа»")

    return _session_run(args, work)
