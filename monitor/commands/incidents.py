"""``otklik incidents [--json]``: the cards, newest first."""

from __future__ import annotations

import argparse
import json
from zoneinfo import ZoneInfo

from monitor.context import context_from_args
from monitor.incidents import list_incidents

STATE_RU = {
    "new": "новая", "assigned": "направлена", "returned": "возвращена", "draft": "проект",
    "rework": "доработка", "approved": "согласована", "published": "опубликована",
    "interim": "промежуточный ответ", "closed": "закрыта", "dismissed": "отклонена",
    "excluded": "исключена",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("incidents", help="list incident cards, newest first")
    p.add_argument("--json", action="store_true", help="a JSON array for machines")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--state", default=None)
    p.set_defaults(func=_incidents)


def _incidents(args: argparse.Namespace) -> int:
    ctx = context_from_args(args)
    try:
        with ctx.sessions() as session:
            cards = list_incidents(session, limit=args.limit, state=args.state,
                                   tz=ZoneInfo(ctx.settings.organization.timezone))
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(cards, ensure_ascii=False, indent=1))
        return 0
    if not cards:
        print("Карточек нет.")
    for c in cards:
        text = " ".join(c["text"].split())
        text = text[:90] + "…" if len(text) > 90 else text
        print(f"#{c['id']:<5} {STATE_RU.get(c['state'], c['state']):<12} {c['platform']:<4} "
              f"{c['topic'] or '—':<14} {c['location'] or '—':<14} {text}")
    return 0
