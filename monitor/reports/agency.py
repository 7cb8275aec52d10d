"""The month's cards for the regional agency (order, p. 5): an XLSX list and the same as JSON.

The JSON keeps codes beside their Russian names and instants as ISO 8601 with the local offset,
so the agency can load it without our glossary.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from monitor.reports import labels
from monitor.reports.monthly import MonthlyReport
from monitor.reports.tables import cards_table
from monitor.reports.xlsx import cards_xlsx


def _iso(value: datetime | None, tz: Any) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


def cards_json(report: MonthlyReport) -> bytes:
    d = report.doc
    tz = d.period.tz
    cards = [{
        "id": c.id, "detected_at": _iso(c.detected_at, tz), "platform": c.platform,
        "platform_name": labels.network(c.platform), "url": c.url, "text": c.text, "author": c.author,
        "topic": c.topic, "topic_name": labels.topic(c.topic) if c.topic else None,
        "location": c.location, "location_name": d.location_names.get(c.location or "", c.location),
        "importance": c.importance, "importance_name": labels.importance(c.importance) if c.importance else None,
        "state": c.state, "state_name": labels.state(c.state), "outcome": c.outcome,
        "outcome_name": labels.outcome(c.outcome) or None, "units": report.card_units.get(c.id, []),
        "first_reply_at": _iso(report.first_reply.get(c.id), tz), "reply_url": c.reply_url,
        "closed_at": _iso(c.closed_at, tz), "repeat_of": c.repeat_of_id, "official": c.official,
    } for c in report.cards]
    payload = {"organization": d.organization, "period": {"from": d.period.first.isoformat(),
                                                          "to": d.period.last.isoformat()},
               "generated_at": _iso(d.made_at, tz), "count": len(cards), "cards": cards}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def agency_files(report: MonthlyReport) -> dict[str, bytes]:
    code = report.doc.period.code()
    return {f"cards-{code}.xlsx": cards_xlsx(cards_table(report), report.doc.period.tz),
            f"cards-{code}.json": cards_json(report)}
