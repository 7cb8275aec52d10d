"""``otklik card …``: the curator's and executors' actions until the web interface exists.

Every sub-command acts as the user named by ``--as``; a refusal is one Russian line on stderr
and exit code 2. Times are shown in the organization's time zone.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from db.statuses import CardState, ReplyKind
from monitor.app.context import AppContext, context_from_args
from monitor.cli.boundary import EXIT_BAD_INPUT, refusal
from monitor.workflow.errors import WorkflowError
from monitor.workflow.render import render_card
from monitor.workflow.service import OUTCOMES, WorkflowService
from monitor.workflow.staffing import sync_units_and_users
from monitor.workflow.views import card_view

Handler = Callable[[Session, WorkflowService, argparse.Namespace], str | None]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    card = sub.add_parser("card", help="карточка обращения: просмотр и действия по Положению")
    cmds = card.add_subparsers(dest="card_command", metavar="ДЕЙСТВИЕ", title="действия")
    cmds.required = True

    def add(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        p = cmds.add_parser(name, help=help_text)
        p.add_argument("card_id", type=int, metavar="N", help="номер карточки")
        p.add_argument("--as", dest="actor", required=True, metavar="ЛОГИН", help="от имени пользователя")
        p.set_defaults(func=lambda args: _run(args, handler))
        return p

    add("show", "показать карточку (исполнителю — только направленную его подразделению)", _show)
    p = add("route", "направить в подразделение (п. 8)", _route)
    p.add_argument("--unit", action="append", required=True, metavar="КОД", help="код подразделения; можно несколько")
    p.add_argument("--note", default=None, metavar="ТЕКСТ", help="комментарий для исполнителя")
    add("return", "вернуть куратору как не относящееся к компетенции (п. 9)", _return).add_argument(
        "--reason", required=True, metavar="ТЕКСТ", help="почему не относится к компетенции")
    p = add("draft", "направить проект ответа куратору (п. 11)", _draft)
    p.add_argument("--text", required=True, metavar="ТЕКСТ", help="текст проекта ответа")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--interim", action="store_const", dest="kind", const=ReplyKind.INTERIM,
                      help="промежуточный ответ")
    kind.add_argument("--clarification", action="store_const", dest="kind", const=ReplyKind.CLARIFICATION,
                      help="запрос (уточнение) автору")
    p.add_argument("--measures-reported", action="store_true",
                   help="ответ на повторное обращение сообщает о принятых мерах (п. 18)")
    add("approve", "согласовать проект (п. 12)", _approve)
    add("rework", "вернуть проект на доработку (п. 12)", _rework).add_argument(
        "--reason", required=True, metavar="ТЕКСТ", help="что доработать")
    add("contribute", "направить свою часть общего ответа (п. 17)", _contribute).add_argument(
        "--text", required=True, metavar="ТЕКСТ", help="информация подразделения")
    add("dismiss", "отклонить: реагирование не требуется", _dismiss).add_argument(
        "--reason", required=True, metavar="ТЕКСТ", help="почему реагирование не требуется")
    add("exclude", "исключить (п. 20)", _exclude).add_argument(
        "--reason", required=True, metavar="ТЕКСТ", help="что в сообщении подпадает под п. 20")
    add("close", "закрыть с итогом", _close).add_argument(
        "--outcome", required=True, choices=list(OUTCOMES), metavar="ИТОГ",
        help="; ".join(f"{code} — {label}" for code, label in OUTCOMES.items()))
    p = add("set", "исправить тему, локацию, важность или сократить срок (пп. 8, 16)", _set)
    p.add_argument("--topic", metavar="КОД", help="тема (код: roads, water, …)")
    p.add_argument("--location", metavar="КОД", help="локация (код поселения из gazetteer.yaml, district, …)")
    p.add_argument("--importance", metavar="КОД", help="важность: critical, high, normal, low")
    p.add_argument("--deadline-hours", type=float, metavar="H", help="срок ответа в часах с момента выявления")
    p.add_argument("--reason", metavar="ТЕКСТ", help="причина исправления или сокращения срока")
    add("published", "отметить ответ, размещённый вручную", _published).add_argument(
        "--url", required=True, help="адрес размещённого ответа")
    p = cmds.add_parser("restore", help="вернуть в работу ошибочно исключённое (п. 20): карточку N "
                                        "или сообщение без карточки (--message M)")
    p.add_argument("card_id", type=int, nargs="?", metavar="N", help="номер исключённой карточки")
    p.add_argument("--message", type=int, metavar="M", help="номер сообщения, исключённого при получении")
    p.add_argument("--as", dest="actor", required=True, metavar="ЛОГИН", help="от имени пользователя (куратор)")
    p.add_argument("--reason", required=True, metavar="ТЕКСТ", help="почему исключение ошибочно")
    p.set_defaults(func=lambda args: _run(args, _restore))


def _run(args: argparse.Namespace, handler: Handler) -> int:
    from monitor.app.wiring import workflow_service  # with the scheduler: not loaded by every command

    ctx: AppContext = context_from_args(args)
    try:
        service = workflow_service(ctx)
        with ctx.sessions() as session, session.begin():
            sync_units_and_users(session, ctx.settings)
            output = handler(session, service, args)
    except WorkflowError as exc:
        print(f"otklik card: {refusal(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        ctx.close()
    if output:
        print(output)
    return 0


def _done(session: Session, service: WorkflowService, card_id: int) -> str:
    card = service.card(session, card_id, lock=False)
    from monitor.workflow.states import STATE_LABELS

    return f"Карточка №{card.id}: {STATE_LABELS[CardState(card.state)]}"


def _show(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    view = card_view(session, service, args.card_id, viewer=args.actor)
    tz = ZoneInfo(service_tz(service))
    return render_card(view, tz, now=service.clock.now())


def service_tz(service: WorkflowService) -> str:
    return str(getattr(service.calendar, "tz", "UTC"))


def _route(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.route(session, args.card_id, args.unit, actor=args.actor, note=args.note)
    return _done(session, service, args.card_id) + f" ({', '.join(args.unit)})"


def _return(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.return_card(session, args.card_id, actor=args.actor, reason=args.reason)
    return _done(session, service, args.card_id)


def _draft(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    draft = service.submit_draft(session, args.card_id, actor=args.actor, text=args.text,
                                 kind=args.kind or ReplyKind.FINAL, measures_reported=args.measures_reported)
    return _done(session, service, args.card_id) + f", версия проекта {draft.version}"


def _approve(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.approve(session, args.card_id, actor=args.actor)
    return _done(session, service, args.card_id)


def _rework(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.request_rework(session, args.card_id, actor=args.actor, reason=args.reason)
    return _done(session, service, args.card_id)


def _contribute(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.contribute(session, args.card_id, actor=args.actor, text=args.text)
    return _done(session, service, args.card_id) + ", информация принята"


def _dismiss(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.dismiss(session, args.card_id, actor=args.actor, reason=args.reason)
    return _done(session, service, args.card_id)


def _exclude(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.exclude(session, args.card_id, actor=args.actor, reason=args.reason)
    return _done(session, service, args.card_id)


def _close(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.close(session, args.card_id, actor=args.actor, outcome=args.outcome)
    return _done(session, service, args.card_id) + f" ({OUTCOMES[args.outcome]})"


def _set(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    from monitor.workflow.errors import InputError

    if args.topic is None and args.location is None and args.importance is None and args.deadline_hours is None:
        raise InputError("Укажите, что изменить: --topic, --location, --importance или --deadline-hours")
    if args.topic or args.location or args.importance:
        service.correct_labels(session, args.card_id, actor=args.actor, topic=args.topic, location=args.location,
                               importance=args.importance, reason=args.reason)
    if args.deadline_hours is not None:
        service.shorten_deadline(session, args.card_id, actor=args.actor, minutes=_minutes(args.deadline_hours),
                                 reason=args.reason or "")
    card = service.card(session, args.card_id, lock=False)
    tz = ZoneInfo(service_tz(service))
    due = card.reply_due_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if card.reply_due_at else "—"
    return _done(session, service, args.card_id) + f", срок ответа {due}"


def _minutes(hours: float) -> int:
    """``--deadline-hours`` as whole minutes; zero, negative, NaN or infinite hours are refused."""
    from monitor.workflow.errors import InputError

    if not math.isfinite(hours) or round(hours * 60) <= 0:
        raise InputError("Срок ответа (--deadline-hours) должен быть положительным числом часов, например 2 или 1.5")
    return round(hours * 60)


def _restore(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    from monitor.workflow.errors import InputError

    if (args.card_id is None) == (args.message is None):
        raise InputError("Укажите номер карточки N или сообщение --message M (одно из двух)")
    if args.card_id is not None:
        card = service.restore(session, args.card_id, actor=args.actor, reason=args.reason)
    else:
        card = service.restore_message(session, args.message, actor=args.actor, reason=args.reason,
                                       official=_from_official_source(session, args))
    return _done(session, service, card.id) + ": исключение отменено, сроки считаются с момента выявления"


def _from_official_source(session: Session, args: argparse.Namespace) -> bool:
    """Whether message ``args.message`` came from a source the settings mark official (p. 8: 4 hours)."""
    from db.models import Message, Source
    from monitor.core.settings import load_settings

    message = session.get(Message, args.message)
    source = session.get(Source, message.source_id) if message is not None and message.source_id else None
    if source is None:
        return False
    return any(s.official for s in load_settings(args.settings).sources if s.name == source.name)


def _published(session: Session, service: WorkflowService, args: argparse.Namespace) -> str:
    service.publish_manually(session, args.card_id, actor=args.actor, url=args.url)
    return _done(session, service, args.card_id)
