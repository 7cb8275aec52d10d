"""``otklik activity``: immediate reports to the head (p. 25), until the web interface shows them.

``otklik activity list [--json]`` the cases «повышенная социальная активность», newest first;
``otklik activity report CARD --as LOGIN [--note TEXT]`` the curator's «Доложить главе»;
``otklik activity ack CASE --as LOGIN`` the head confirms the report was taken.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.statuses import ActivityKind
from monitor.app.context import context_from_args
from monitor.cli.boundary import EXIT_BAD_INPUT, refusal
from monitor.workflow.errors import WorkflowError

ACTIVITY_WORDS: dict[str, str] = {ActivityKind.SURGE: "всплеск активности",
                                  ActivityKind.SIGNIFICANT: "социально значимое обращение"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("activity", help="повышенная социальная активность: доклады главе (п. 25)")
    acts = p.add_subparsers(dest="activity", metavar="ДЕЙСТВИЕ", title="действия")
    acts.required = True
    ls = acts.add_parser("list", help="случаи, новые первыми")
    ls.add_argument("--json", action="store_true", help="JSON-массив для программ")
    ls.set_defaults(func=_list)
    rep = acts.add_parser("report", help="доложить главе о карточке (п. 25)")
    rep.add_argument("card", type=int, metavar="N", help="номер карточки")
    rep.add_argument("--as", dest="actor", required=True, metavar="ЛОГИН", help="от имени куратора")
    rep.add_argument("--note", default=None, help="что доложить")
    rep.set_defaults(func=_report)
    ack = acts.add_parser("ack", help="подтвердить получение доклада")
    ack.add_argument("case", type=int, metavar="N", help="номер случая")
    ack.add_argument("--as", dest="actor", required=True, metavar="ЛОГИН", help="от имени главы")
    ack.set_defaults(func=_ack)


def _act(args: argparse.Namespace, work) -> int:
    from monitor.workflow.staffing import sync_units_and_users

    ctx = context_from_args(args)
    try:
        with ctx.sessions() as session, session.begin():
            sync_units_and_users(session, ctx.settings)
            text = work(session, ctx.clock.now())
    except WorkflowError as exc:
        print(f"otklik activity: {refusal(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        ctx.close()
    print(text)
    return 0


def _report(args: argparse.Namespace) -> int:
    from monitor.activity.cases import report_to_head

    def work(session, now):
        opened = report_to_head(session, args.card, actor=args.actor, now=now, note=args.note)
        if not opened.created:
            return f"О карточке №{args.card} главе уже доложено (случай №{opened.case.id})."
        return f"Доложено главе: карточка №{args.card}, случай №{opened.case.id}."

    return _act(args, work)


def _ack(args: argparse.Namespace) -> int:
    from monitor.activity.cases import acknowledge, case_cards

    def work(session, now):
        case = acknowledge(session, args.case, actor=args.actor, now=now)
        cards = case_cards(session, case.id)
        return (f"Получение доклада по случаю №{case.id} подтверждено; отмечено в карточках: "
                + (", ".join(f"№{c}" for c in cards) or "нет карточек") + ".")

    return _act(args, work)


def _list(args: argparse.Namespace) -> int:
    from db.models import ActivityCase
    from monitor.activity.cases import case_cards

    ctx = context_from_args(args)
    tz = ZoneInfo(ctx.settings.organization.timezone)
    try:
        with ctx.sessions() as session:
            cases = [(c, case_cards(session, c.id)) for c in
                     session.scalars(select(ActivityCase).order_by(ActivityCase.id.desc()).limit(200))]
            rows: list[dict[str, Any]] = [{"id": c.id, "kind": c.kind, "topic": c.topic, "location": c.location,
                     "opened_at": c.opened_at.astimezone(tz).isoformat(), "count": c.count, "cards": cards,
                     "note": c.note, "acknowledged_at": c.acknowledged_at.astimezone(tz).isoformat()
                     if c.acknowledged_at else None, "acknowledged_by": c.acknowledged_by} for c, cards in cases]
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("Случаев повышенной социальной активности нет.")
    for r in rows:
        ack = f"получено {r['acknowledged_by']}" if r["acknowledged_at"] else "не подтверждено главой"
        print(f"№{r['id']:<4} {r['opened_at'][:16].replace('T', ' ')}  {ACTIVITY_WORDS.get(r['kind'], r['kind'])}: "
              f"{r['topic'] or '—'}, {r['location'] or '—'}; карточки: "
              f"{', '.join(f'№{c}' for c in r['cards']) or '—'}; {ack}")
    return 0
