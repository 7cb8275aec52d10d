"""Timeliness per stage of pp. 8-17 (p. 23): on time, late, and by how much, per unit and executor.

A stage counts in the period its due instant falls in. It is late when finished after that
instant, or still open past it when the report is made; its lateness is the working time from the
due instant to the finish (or to the report's instant). Curator stages (routing, review) belong to
«Куратор»; the card-wide reply deadline to the unit of the card's latest routing round and to the
author of the card's latest draft (with no draft, to the unit's executor).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from db.statuses import Role
from monitor.reports.labels import CURATOR_UNIT, NO_UNIT
from monitor.reports.rows import LATE, PENDING, PeriodData
from monitor.reports.stats import median, percentile, share
from monitor.reports.workminutes import WorkingClock
from monitor.workflow.stages import CURATOR_STAGES, STAGES

STAGE_ORDER = {s: i for i, s in enumerate(("route", "return", "contribution", "draft", "review", "rework",
                                           "publish", "reply", "final"))}
assert set(STAGE_ORDER) == set(STAGES)


@dataclass
class StageStats:
    """One stage's figures for one group of stages."""

    count: int = 0  # due in the period and finished or past due
    on_time: int = 0
    late: int = 0
    pending: int = 0  # due later than the report's instant and still open
    lateness: list[float] = field(default_factory=list)  # working minutes of each late stage

    @property
    def share_on_time(self) -> float | None:
        return share(self.on_time, self.count)

    @property
    def median_late(self) -> float | None:
        return median(self.lateness)

    @property
    def p90_late(self) -> float | None:
        return percentile(self.lateness, 0.9)

    def add(self, other: StageStats) -> None:
        self.count += other.count
        self.on_time += other.on_time
        self.late += other.late
        self.pending += other.pending
        self.lateness += other.lateness


class Owner(NamedTuple):
    """Who a stage belongs to in the tables: a unit's name and an executor's name."""

    unit: str
    person: str


@dataclass
class Timeliness:
    by_stage: dict[str, StageStats]
    by_unit: dict[str, dict[str, StageStats]]  # unit name -> stage -> figures
    by_executor: dict[tuple[str, str], dict[str, StageStats]]  # (person, unit) -> stage -> figures

    @property
    def total(self) -> StageStats:
        out = StageStats()
        for s in self.by_stage.values():
            out.add(s)
        return out


def sort_stages(stages: Iterable[str]) -> list[str]:
    return sorted(stages, key=lambda s: STAGE_ORDER.get(s, 99))


def _card_units(data: PeriodData) -> dict[int, int]:
    """Each card's unit for card-wide stages: the first unit of its latest routing round."""
    latest: dict[int, tuple[int, int, int]] = {}
    for a in data.assignments:
        key = (a.cycle, -a.position)
        if a.incident_id not in latest or key > latest[a.incident_id][:2]:
            latest[a.incident_id] = (a.cycle, -a.position, a.unit_id)
    return {cid: v[2] for cid, v in latest.items()}


def _card_authors(data: PeriodData) -> dict[int, str]:
    authors: dict[int, str] = {}
    for d in data.drafts:  # ordered by card and version: the latest wins
        authors[d.incident_id] = d.author
    return authors


def curator_name(data: PeriodData) -> str:
    """The curator's stages are the one curator's, or «Куратор» when several share the post."""
    curators = [u for u in data.users.values() if u.role == Role.CURATOR]
    return curators[0].name if len(curators) == 1 else CURATOR_UNIT


def owners(data: PeriodData) -> list[Owner]:
    """The owner of every stage row of the period, in their order."""
    curator = Owner(CURATOR_UNIT, curator_name(data))
    units = {u.id: u.name for u in data.units.values()}
    users = data.users
    by_login = data.user_by_login()
    card_unit = _card_units(data)
    card_author = _card_authors(data)
    unit_executor: dict[int, str] = {}
    for user in sorted(users.values(), key=lambda u: u.id):
        if user.role == Role.EXECUTOR and user.unit_id is not None:
            unit_executor.setdefault(user.unit_id, user.name)
    out: list[Owner] = []
    for st in data.stages:
        if st.stage in CURATOR_STAGES:
            out.append(curator)
            continue
        unit_id = st.unit_id if st.unit_id is not None else card_unit.get(st.incident_id)
        unit = units.get(unit_id, NO_UNIT) if unit_id is not None else NO_UNIT
        person = None
        if st.user_id is not None and st.user_id in users:
            person = users[st.user_id].name
        elif st.stage == "reply" and st.incident_id in card_author:
            login = card_author[st.incident_id]
            person = by_login[login].name if login in by_login else login
        elif st.stage == "reply" and unit_id in unit_executor:
            person = unit_executor[unit_id]
        out.append(Owner(unit, person or "Не определён"))
    return out


def compute(data: PeriodData, clock: WorkingClock) -> Timeliness:
    """The stage rows are first summed per stage and owner (a month has about a hundred such
    groups for hundreds of thousands of rows), then each group is added to its stage, its unit
    and its person. A late row carries its lateness in working minutes to its finish, or to the
    report's instant while still open."""
    groups: dict[tuple[str, Owner], StageStats] = {}
    as_of = data.as_of
    for st, owner in zip(data.stages, owners(data), strict=True):
        key = (st.stage, owner)
        figures = groups.get(key)
        if figures is None:
            figures = groups[key] = StageStats()
        if st.status == PENDING:
            figures.pending += st.count
        elif st.status == LATE:
            assert st.due_at is not None and st.count == 1
            figures.count += 1
            figures.late += 1
            figures.lateness.append(clock.minutes(st.due_at, st.done_at or as_of))
        else:
            figures.count += st.count
            figures.on_time += st.count
    by_stage: dict[str, StageStats] = defaultdict(StageStats)
    by_unit: dict[str, dict[str, StageStats]] = defaultdict(lambda: defaultdict(StageStats))
    by_executor: dict[tuple[str, str], dict[str, StageStats]] = defaultdict(lambda: defaultdict(StageStats))
    for (stage, owner), figures in groups.items():
        by_stage[stage].add(figures)
        by_unit[owner.unit][stage].add(figures)
        by_executor[(owner.person, owner.unit)][stage].add(figures)
    return Timeliness(dict(by_stage), {k: dict(v) for k, v in by_unit.items()},
                      {k: dict(v) for k, v in by_executor.items()})
