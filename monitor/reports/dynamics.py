"""Dynamics of messages (p. 23): relevant messages and cards per day, and by topic, location and
network against the previous month and the same month a year earlier."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from monitor.reports.rows import Counts, PeriodData

AXES = {"topic": 0, "location": 1, "network": 2}


@dataclass
class Dynamics:
    per_day: list[tuple[date, int, int]]  # (day, messages, cards)
    current: Counts
    previous: Counts
    year_ago: Counts

    def compare(self, which: str, axis: str) -> list[tuple[str, int, int, int]]:
        """(code, now, previous month, a year earlier) for each value of ``axis``, largest first."""
        i = AXES[axis]
        now, prev, ago = (c.by(which, i) for c in (self.current, self.previous, self.year_ago))
        keys = set(now) | set(prev) | set(ago)
        rows = [(k, now.get(k, 0), prev.get(k, 0), ago.get(k, 0)) for k in keys]
        return sorted(rows, key=lambda r: (-r[1], -r[2], -r[3], r[0]))

    def totals(self, which: str) -> tuple[int, int, int]:
        return self.current.total(which), self.previous.total(which), self.year_ago.total(which)


def compute(data: PeriodData) -> Dynamics:
    period = data.period
    messages = data.period_messages
    cards = data.period_cards
    msg_days = Counter(period.local_date(m.detected_at) for m in messages)
    card_days = Counter(period.local_date(c.detected_at) for c in cards)
    today = period.local_date(data.as_of)  # a month still under way: its days to come are not zeros yet
    per_day = [(d, msg_days.get(d, 0), card_days.get(d, 0)) for d in period.days if d <= today]
    current = Counts(
        dict(Counter((m.topic or "", m.location or "", m.platform) for m in messages)),
        dict(Counter((c.topic or "", c.location or "", c.platform) for c in cards)),
    )
    return Dynamics(per_day, current, data.previous, data.year_ago)
