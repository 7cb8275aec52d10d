"""``otklik incidents [--state S] [--json]``: the cards, newest first, in the glossary's words.

``--state excluded`` lists everything excluded under p. 20 with the reason: the cards a curator
excluded and the messages the classifier excluded at intake, so a wrong exclusion can be
restored (``otklik card restore``). ``--json`` keeps the codes, for machines.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from db.statuses import CardState
from monitor.app.context import context_from_args
from monitor.workflow.listing import list_excluded, list_incidents
from monitor.workflow.words import word

TEXT_WIDTH = 90


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("incidents", help="карточки обращений, новые сверху")
    p.add_argument("--json", action="store_true", help="массив JSON с кодами, для программ")
    p.add_argument("--limit", type=int, default=100, metavar="N", help="не больше N строк (по умолчанию 100)")
    p.add_argument("--state", default=None, choices=[s.value for s in CardState], metavar="СОСТОЯНИЕ",
                   help="только в этом состоянии: " + ", ".join(f"{s.value} ({word('state', s.value)})"
                                                              for s in CardState)
                   + "; excluded — все исключённые сообщения с причиной")
    p.set_defaults(func=_incidents)


def _incidents(args: argparse.Namespace) -> int:
    ctx = context_from_args(args)
    tz = ZoneInfo(ctx.settings.organization.timezone)
    try:
        with ctx.sessions() as session:
            if args.state == CardState.EXCLUDED:
                cards = list_excluded(session, limit=args.limit, tz=tz)
            else:
                cards = list_incidents(session, limit=args.limit, state=args.state, tz=tz)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(cards, ensure_ascii=False, indent=1))
        return 0
    if args.state == CardState.EXCLUDED:
        print(_excluded_text(cards))
        return 0
    if not cards:
        print("Карточек нет.")
    for c in cards:
        print(f"№{c['id']:<5} {word('state', c['state']):<24} {word('platform', c['platform']):<10} "
              f"{word('topic', c['topic']):<22} {word('location', c['location']):<18} "
              f"{word('importance', c['importance']):<11} {_short(c['text'])}")
    return 0


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text[:TEXT_WIDTH] + "…" if len(text) > TEXT_WIDTH else text


def _excluded_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "Исключённых сообщений нет."
    lines = ["Исключённые сообщения (п. 20), новые сверху:"]
    for r in rows:
        what = f"карточка №{r['id']}" if r["id"] is not None else f"сообщение №{r['message_id']}"
        when = datetime.fromisoformat(r["detected_at"]).strftime("%d.%m.%Y %H:%M") if r["detected_at"] else "—"
        lines.append(f"{what:<18} {when:<16} {word('platform', r['platform']):<10} "
                     f"причина: {word('excluded', r['reason'])} — {_short(r['text'])}")
    lines.append("Вернуть ошибочно исключённое в работу: otklik card restore N --as curator --reason «почему» "
                 "(сообщение без карточки: otklik card restore --message M --as curator --reason «почему»)")
    return "\n".join(lines)
