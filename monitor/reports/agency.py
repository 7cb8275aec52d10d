"""The month's cards for the regional agency (order, p. 5): an XLSX list and the same as JSON.

The JSON keeps codes beside their Russian names and instants as ISO 8601 with the local offset,
so the agency can load it without our glossary.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from monitor.reports import labels
from monitor.reports.monthly import MonthlyReport
from monitor.reports.tables import INT, TEXT, WHEN, Column, Rows, Table
from monitor.reports.xlsx import cards_xlsx


def _iso(value: datetime | None, tz: Any) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


def cards_json(report: MonthlyReport) -> bytes:
    """Written card by card: a month of 50,000 cards never becomes one list of dictionaries."""
    d = report.doc
    tz = d.period.tz
    cards = ({
        "id": c.id, "detected_at": _iso(c.detected_at, tz), "platform": c.platform,
        "platform_name": labels.network(c.platform), "url": c.url, "text": c.text, "author": c.author,
        "topic": c.topic, "topic_name": labels.topic(c.topic) if c.topic else None,
        "location": c.location, "location_name": d.location_names.get(c.location or "", c.location),
        "importance": c.importance, "importance_name": labels.importance(c.importance) if c.importance else None,
        "state": c.state, "state_name": labels.state(c.state), "outcome": c.outcome,
        "outcome_name": labels.outcome(c.outcome) or None, "units": report.card_units.get(c.id, []),
        "first_reply_at": _iso(report.first_reply.get(c.id), tz), "reply_url": c.reply_url,
        "closed_at": _iso(c.closed_at, tz), "repeat_of": c.repeat_of_id, "official": c.official,
    } for c in report.cards)
    head = {"organization": d.organization, "period": {"from": d.period.first.isoformat(),
                                                       "to": d.period.last.isoformat()},
            "generated_at": _iso(d.made_at, tz), "count": len(report.cards)}
    out = io.BytesIO()
    out.write(json.dumps(head, ensure_ascii=False).encode("utf-8")[:-1] + b', "cards": [')
    for i, card in enumerate(cards):
        out.write((",\n" if i else "\n").encode() + json.dumps(card, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n]}\n")
    return out.getvalue()


def agency_table(report: MonthlyReport) -> Table:
    """Every field of every card, for the agency's own processing."""
    names = report.doc.location_names
    table = Table("Карточки", "Карточки обращений", [
        Column("Карточка", INT, 10), Column("Выявлено", WHEN, 16), Column("Соцсеть", TEXT, 12),
        Column("Ссылка", TEXT, 30), Column("Текст", TEXT, 60), Column("Автор", TEXT, 20), Column("Тема", TEXT, 22),
        Column("Локация", TEXT, 18), Column("Важность", TEXT, 12), Column("Состояние", TEXT, 22),
        Column("Итог", TEXT, 20), Column("Подразделения", TEXT, 36), Column("Первый ответ", WHEN, 16),
        Column("Ответ", TEXT, 30), Column("Закрыта", WHEN, 16), Column("Повтор карточки", INT, 10),
        Column("Официальный аккаунт", TEXT, 10)])
    table.rows = Rows(report.cards, lambda c: [
        c.id, c.detected_at, labels.network(c.platform), c.url, c.text, c.author, labels.topic(c.topic),
        names.get(c.location or "", c.location or ""), labels.importance(c.importance), labels.state(c.state),
        labels.outcome(c.outcome), "; ".join(report.card_units.get(c.id, ())), report.first_reply.get(c.id),
        c.reply_url, c.closed_at, c.repeat_of_id, "да" if c.official else "нет"])
    return table


def agency_files(report: MonthlyReport) -> dict[str, bytes]:
    code = report.doc.period.code()
    return {f"cards-{code}.xlsx": cards_xlsx(agency_table(report), report.doc.period.tz),
            f"cards-{code}.json": cards_json(report)}
