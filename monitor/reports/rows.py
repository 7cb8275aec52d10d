"""Plain rows the figures are computed from: no session, no ORM, easy to build in a test.

A month loads hundreds of thousands of rows: they are named tuples (made as fast as a tuple;
a frozen dataclass spends most of a row's load time in its ``__init__``). Rows with a ``count``
field (a tuple's method) are dataclasses: the stage rows unfrozen for the same speed.

``queries.load_period`` fills a ``PeriodData`` from the database in a few set-based queries;
the figure modules (timeliness, quality, dynamics, kpi, note) only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from monitor.reports.period import Period


class CardRow(NamedTuple):
    id: int
    state: str
    platform: str
    detected_at: datetime
    topic: str | None  # the curator's label when set, else the classifier's
    location: str | None
    importance: str | None
    repeat_of_id: int | None
    outcome: str | None
    official: bool
    first_message_id: int | None


@dataclass(slots=True)
class StageRow:
    """Stages due in the period, judged in the query: on time, late or pending. A late stage and
    the card-wide reply deadline come one row each (``count`` 1) with their card; a late one
    carries its instants (the due one and its finish, None while still open). The rest come
    counted per stage, unit, person and verdict (``incident_id`` 0)."""

    incident_id: int
    stage: str
    unit_id: int | None
    user_id: int | None
    status: int  # ON_TIME | LATE | PENDING
    count: int = 1
    due_at: datetime | None = None
    done_at: datetime | None = None


ON_TIME, LATE, PENDING = 0, 1, 2


class FinalStage(NamedTuple):
    """The final reply's deadline after an interim one (p. 15)."""

    incident_id: int
    started_at: datetime
    due_at: datetime


class AssignmentRow(NamedTuple):
    incident_id: int
    unit_id: int
    cycle: int
    position: int
    assigned_at: datetime
    returned_at: datetime | None
    return_reason: str | None


class DraftRow(NamedTuple):
    incident_id: int
    version: int
    kind: str  # final | interim | clarification
    unit_id: int | None
    author: str
    decision: str | None  # approved | rework
    decided_at: datetime | None
    decision_note: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class BreachRow:
    """Breaches recorded by the SLA watch, counted per stage, unit and responsible person."""

    stage: str
    unit_id: int | None
    user_id: int | None
    count: int


class PublishedEvent(NamedTuple):
    """A reply reported published by an official (posted by hand), not by the publisher."""

    incident_id: int
    at: datetime
    actor: str
    action: str


class MessageRow(NamedTuple):
    id: int
    incident_id: int | None
    platform: str
    detected_at: datetime
    topic: str | None
    location: str | None
    importance: str | None
    likes: int
    comments: int
    reposts: int
    views: int

    @property
    def reactions(self) -> int:
        return self.likes + self.comments + self.reposts


class UnitRow(NamedTuple):
    id: int
    code: str
    name: str


class UserRow(NamedTuple):
    id: int
    login: str
    name: str
    role: str
    unit_id: int | None


@dataclass(frozen=True, slots=True)
class Counts:
    """Messages and cards of a compared period, by topic, location and network."""

    messages: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (topic, location, network) -> n
    cards: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def total(self, which: str) -> int:
        return sum(getattr(self, which).values())

    def by(self, which: str, axis: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, n in getattr(self, which).items():
            out[key[axis]] = out.get(key[axis], 0) + n
        return out


@dataclass
class PeriodData:
    """Everything one period's figures read. ``cards`` holds the period's cards and every other
    card a stage, draft or return of the period belongs to (``detected_in`` tells them apart)."""

    period: Period
    as_of: datetime  # when the report is made: an open stage past its due instant is late by then
    cards: dict[int, CardRow] = field(default_factory=dict)
    stages: list[StageRow] = field(default_factory=list)  # due in the period
    final_stages: list[FinalStage] = field(default_factory=list)  # p. 15 stages started in the period
    assignments: list[AssignmentRow] = field(default_factory=list)  # of the cards above
    drafts: list[DraftRow] = field(default_factory=list)  # of the cards above
    breaches: list[BreachRow] = field(default_factory=list)  # due in the period, counted
    published: list[PublishedEvent] = field(default_factory=list)  # by hand, in the period
    messages: list[MessageRow] = field(default_factory=list)  # relevant, from a week before the period
    units: dict[int, UnitRow] = field(default_factory=dict)
    users: dict[int, UserRow] = field(default_factory=dict)
    repeat_counts: dict[int, int] = field(default_factory=dict)  # card -> later cards repeating it (p. 18)
    handled_by_login: dict[str, int] = field(default_factory=dict)  # distinct cards an official acted on
    previous: Counts = field(default_factory=Counts)
    year_ago: Counts = field(default_factory=Counts)

    def detected_in(self, card: CardRow) -> bool:
        return self.period.contains(card.detected_at)

    @property
    def period_cards(self) -> list[CardRow]:
        start, end = self.period.start, self.period.end  # ``period.contains``, without a call per card
        return [c for c in self.cards.values() if c.detected_at is not None and start <= c.detected_at < end]

    @property
    def period_messages(self) -> list[MessageRow]:
        start, end = self.period.start, self.period.end
        return [m for m in self.messages if m.detected_at is not None and start <= m.detected_at < end]

    def user_by_login(self) -> dict[str, UserRow]:
        return {u.login: u for u in self.users.values()}


class CardListRow(NamedTuple):
    """One card of the month as the list and the regional agency's export show it."""

    id: int
    detected_at: datetime
    platform: str
    url: str
    topic: str | None
    location: str | None
    importance: str | None
    state: str
    outcome: str | None
    repeat_of_id: int | None
    official: bool
    text: str
    author: str | None
    reply_url: str | None
    published_at: datetime | None  # the latest published reply
    closed_at: datetime | None
