"""The analytical note on the month's top messages (p. 24).

The top messages are the period's relevant messages that opened or joined a card, ranked by the
card's importance, then by reactions (likes + comments + reposts, as stored), then by how many
later cards repeat the card (p. 18), then by time. Each is shown with its card's outcome and
whether it fell into a surge of activity: a clock hour in which its topic and place had at least
``SURGE_MIN`` messages, far above the mean of the previous week's hours (the rule of
classifier.spikes, applied to each hour of the month). Resolved positively: the period's cards
(excluded and dismissed ones aside) closed with the outcome «решено положительно».
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from classifier.spikes import BASELINE_FLOOR, BASELINE_HOURS, poisson_tail
from db.statuses import CardOutcome, CardState
from monitor.reports.labels import IMPORTANCE_RANK
from monitor.reports.rows import CardRow, MessageRow, PeriodData
from monitor.reports.stats import share

SURGE_MIN = 5
SURGE_P = 1e-3
NOT_COUNTED = (CardState.EXCLUDED, CardState.DISMISSED)


@dataclass(frozen=True)
class TopMessage:
    rank: int
    message: MessageRow
    card: CardRow
    repeats: int
    surge: bool


@dataclass
class Note:
    top: list[TopMessage]
    cards: int  # the period's cards, excluded and dismissed aside
    resolved: int
    resolved_messages: int  # messages of those cards
    surge_hours: int  # (topic, place, hour) triples flagged in the period
    surge_messages: int

    @property
    def resolved_share(self) -> float | None:
        return share(self.resolved, self.cards)

    def by_topic(self) -> list[tuple[str, list[TopMessage]]]:
        """The top list grouped by topic, topics in the order of their best-ranked message."""
        groups: dict[str, list[TopMessage]] = defaultdict(list)
        for t in self.top:
            groups[t.card.topic or ""].append(t)
        return sorted(groups.items(), key=lambda kv: kv[1][0].rank)


_BEFORE = [timedelta(hours=i) for i in range(1, BASELINE_HOURS + 1)]  # the baseline's hours, back from one


def _hour(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _hours() -> Callable[[datetime], datetime]:
    """``_hour`` remembering the hours met (a month's messages fall in some 900 clock hours;
    making each one's hour anew took more time than the rest of the note)."""
    seen: dict[int, datetime] = {}

    def hour(at: datetime) -> datetime:
        key = int(at.timestamp()) // 3600
        found = seen.get(key)
        if found is None:
            found = seen[key] = _hour(at)
        return found

    return hour


def surge_keys(messages: list[MessageRow], start: datetime, end: datetime) -> set[tuple[str, str, datetime]]:
    """(topic, location, clock hour) of the period that were surges, judged against the week before."""
    hour_of = _hours()
    counts: Counter[tuple[str, str, datetime]] = Counter(
        (m.topic or "", m.location or "unknown", hour_of(m.detected_at)) for m in messages if m.topic)
    flagged: set[tuple[str, str, datetime]] = set()
    for (topic, loc, hour), n in counts.items():
        if n < SURGE_MIN or not start <= hour < end:
            continue
        before = [counts.get((topic, loc, hour - step), 0) for step in _BEFORE]
        baseline = max(sum(before) / len(before), BASELINE_FLOOR)
        if poisson_tail(n, baseline) < SURGE_P:
            flagged.add((topic, loc, hour))
    return flagged


def compute(data: PeriodData, top_n: int = 20) -> Note:
    period = data.period
    surges = surge_keys(data.messages, period.start, period.end)
    in_period = [m for m in data.period_messages if m.incident_id is not None and m.incident_id in data.cards]
    hour_of = _hours()
    surge_messages = [m for m in in_period
                      if ((m.topic or ""), (m.location or "unknown"), hour_of(m.detected_at)) in surges]

    def card_of(m: MessageRow) -> CardRow:
        assert m.incident_id is not None, "in_period keeps only messages with a card"
        return data.cards[m.incident_id]

    def key(m: MessageRow) -> tuple[int, int, int, datetime, int]:
        card = card_of(m)
        return (IMPORTANCE_RANK.get(card.importance or "", 9), -m.reactions,
                -data.repeat_counts.get(card.id, 0), m.detected_at, m.id)

    candidates = [m for m in in_period if card_of(m).state != CardState.EXCLUDED]
    ranked = heapq.nsmallest(top_n, candidates, key=key)
    surge_ids = {m.id for m in surge_messages}
    top = [TopMessage(i + 1, m, card_of(m), data.repeat_counts.get(card_of(m).id, 0), m.id in surge_ids)
           for i, m in enumerate(ranked)]
    counted = [c for c in data.period_cards if c.state not in NOT_COUNTED]
    resolved = {c.id for c in counted if c.state == CardState.CLOSED and c.outcome == CardOutcome.RESOLVED}
    resolved_messages = sum(1 for m in data.messages if m.incident_id in resolved)
    return Note(top, len(counted), len(resolved), resolved_messages, len(surges), len(surge_messages))
