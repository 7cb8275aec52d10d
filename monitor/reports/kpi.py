"""The figures of officials' performance evaluation (p. 22), per official and per unit, any period.

Cards handled: an official's are the distinct cards on which the official recorded an action
in the period; a unit's the distinct cards routed to it in the period. On-time shares per stage
come from the timeliness figures. Breaches are the SLA watch's records, attributed to whoever
owned the late stage when its deadline passed (the deputy during an absence). Time to reply is
the working time from detection to the card's first published reply, for first replies published
in the period, credited to the unit and the author of that reply.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from db.statuses import Role
from monitor.reports.labels import CURATOR_UNIT, NO_UNIT
from monitor.reports.rows import DraftRow, PeriodData
from monitor.reports.stats import median
from monitor.reports.timeliness import StageStats, Timeliness, curator_name
from monitor.reports.workminutes import WorkingClock
from monitor.workflow.words import ROLE_WORDS


@dataclass
class KpiRow:
    name: str
    role: str
    unit: str
    cards: int = 0
    stages: dict[str, StageStats] = field(default_factory=dict)
    breaches: int = 0
    reply_minutes: list[float] = field(default_factory=list)

    @property
    def total(self) -> StageStats:
        out = StageStats()
        for s in self.stages.values():
            out.add(s)
        return out

    @property
    def median_reply(self) -> float | None:
        return median(self.reply_minutes)


@dataclass
class Kpi:
    officials: list[KpiRow]
    units: list[KpiRow]
    reply_minutes: list[float]  # every first reply of the period

    @property
    def median_reply(self) -> float | None:
        return median(self.reply_minutes)


def first_replies(data: PeriodData) -> list[DraftRow]:
    """Each card's first published reply, when it was published in the period."""
    first: dict[int, DraftRow] = {}
    for d in data.drafts:
        if d.published_at is None:
            continue
        best = first.get(d.incident_id)
        if best is None or d.published_at < best.published_at:  # type: ignore[operator]
            first[d.incident_id] = d
    return [d for d in first.values() if data.period.contains(d.published_at)]


def compute(data: PeriodData, timeliness: Timeliness, clock: WorkingClock) -> Kpi:
    units = {u.id: u.name for u in data.units.values()}
    users = data.users
    by_login = data.user_by_login()
    curator = curator_name(data)
    people: dict[str, KpiRow] = {}
    unit_rows: dict[str, KpiRow] = {}

    def person(name: str, role: str = "", unit: str = "") -> KpiRow:
        if name not in people:
            people[name] = KpiRow(name, role, unit)
        row = people[name]
        row.role, row.unit = row.role or role, row.unit or unit
        return row

    def unit_row(name: str) -> KpiRow:
        return unit_rows.setdefault(name, KpiRow(name, "", name))

    for user in users.values():
        if user.role in (Role.CURATOR, Role.EXECUTOR):
            person(user.name, ROLE_WORDS[user.role], units.get(user.unit_id, "") if user.unit_id else "")
    for login, n in data.handled_by_login.items():
        handler = by_login.get(login)
        if handler is not None and handler.role in (Role.CURATOR, Role.EXECUTOR):
            person(handler.name).cards = n
    routed: dict[str, set[int]] = defaultdict(set)
    for a in data.assignments:
        if data.period.contains(a.assigned_at):
            routed[units.get(a.unit_id, NO_UNIT)].add(a.incident_id)
    for name, cards in routed.items():
        unit_row(name).cards = len(cards)
    for (who, unit), stages in timeliness.by_executor.items():
        own = unit == CURATOR_UNIT  # the curator's own stages
        row = person(who, ROLE_WORDS[Role.CURATOR] if own else "", "" if own else unit)
        for stage, figures in stages.items():
            row.stages.setdefault(stage, StageStats()).add(figures)
    for unit, stages in timeliness.by_unit.items():
        row = unit_row(unit)
        for stage, figures in stages.items():
            row.stages.setdefault(stage, StageStats()).add(figures)
    for b in data.breaches:
        if b.stage in ("route", "review") and b.user_id is None:
            person(curator).breaches += b.count
            unit_row(CURATOR_UNIT).breaches += b.count
            continue
        who = users[b.user_id].name if b.user_id in users else "Не определён"
        person(who).breaches += b.count
        unit_row(units.get(b.unit_id, NO_UNIT) if b.unit_id is not None else NO_UNIT).breaches += b.count
    everything: list[float] = []
    for d in first_replies(data):
        card = data.cards.get(d.incident_id)
        if card is None or d.published_at is None:
            continue
        minutes = clock.minutes(card.detected_at, d.published_at)
        everything.append(minutes)
        author = by_login.get(d.author)
        person(author.name if author else d.author).reply_minutes.append(minutes)
        unit_row(units.get(d.unit_id, NO_UNIT) if d.unit_id is not None else NO_UNIT).reply_minutes.append(minutes)

    def meaningful(row: KpiRow) -> bool:
        return bool(row.cards or row.stages or row.breaches or row.reply_minutes)

    officials = sorted((r for r in people.values() if meaningful(r) or r.role),
                       key=lambda r: (r.role != "Куратор", r.unit, r.name))
    unit_list = sorted(unit_rows.values(), key=lambda r: (r.name != CURATOR_UNIT, r.name))
    return Kpi(officials, unit_list, everything)
