"""Quality of the work (p. 23): drafts approved the first time, reworks and returns with their
reasons, interim replies followed by the final one in time (p. 15), replies posted by hand, and
repeated messages (p. 18)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from db.statuses import DraftDecision, ReplyKind
from monitor.reports.labels import NO_UNIT
from monitor.reports.rows import DraftRow, PeriodData
from monitor.reports.stats import share


@dataclass(frozen=True)
class Reason:
    card_id: int
    unit: str
    who: str
    at: datetime
    text: str


@dataclass(frozen=True)
class InterimCase:
    card_id: int
    published_at: datetime
    due_at: datetime | None
    final_at: datetime | None
    status: str  # on_time | late | pending | missing


INTERIM_STATUS = {"on_time": "окончательный ответ в срок", "late": "окончательный ответ с нарушением срока",
                  "pending": "срок ещё не истёк", "missing": "окончательный ответ не дан, срок истёк"}


@dataclass
class Quality:
    first_drafts: int = 0  # cards whose first draft was decided in the period
    first_time_approved: int = 0
    reworks: list[Reason] = field(default_factory=list)
    returns: list[Reason] = field(default_factory=list)
    interims: list[InterimCase] = field(default_factory=list)
    manual: list[Reason] = field(default_factory=list)  # replies posted by hand (who, when)
    period_cards: int = 0
    repeats: list[int] = field(default_factory=list)  # the period's cards that repeat an earlier one

    @property
    def first_time_rate(self) -> float | None:
        return share(self.first_time_approved, self.first_drafts)

    @property
    def repeat_share(self) -> float | None:
        return share(len(self.repeats), self.period_cards)

    def interim_count(self, status: str) -> int:
        return sum(1 for c in self.interims if c.status == status)

    @staticmethod
    def reason_counts(reasons: list[Reason]) -> list[tuple[str, int]]:
        """Reasons grouped by their text (case and spaces ignored), the most frequent first."""
        counts = Counter(" ".join(r.text.split()).rstrip(".").capitalize() for r in reasons)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def compute(data: PeriodData) -> Quality:
    q = Quality()
    period = data.period
    units = {u.id: u.name for u in data.units.values()}
    names = {u.login: u.name for u in data.users.values()}
    by_card: dict[int, list[DraftRow]] = {}
    for d in data.drafts:
        by_card.setdefault(d.incident_id, []).append(d)
    for drafts in by_card.values():
        first = min(drafts, key=lambda d: d.version)
        if first.decision is not None and period.contains(first.decided_at):
            q.first_drafts += 1
            q.first_time_approved += first.decision == DraftDecision.APPROVED
        for d in drafts:
            if d.decision == DraftDecision.REWORK and period.contains(d.decided_at):
                assert d.decided_at is not None
                q.reworks.append(Reason(d.incident_id, units.get(d.unit_id, NO_UNIT) if d.unit_id else NO_UNIT,
                                        names.get(d.author, d.author), d.decided_at, d.decision_note or ""))
    for a in data.assignments:
        if period.contains(a.returned_at):
            assert a.returned_at is not None
            q.returns.append(Reason(a.incident_id, units.get(a.unit_id, NO_UNIT), "", a.returned_at,
                                    a.return_reason or ""))
    q.returns.sort(key=lambda r: (r.at, r.card_id))
    q.reworks.sort(key=lambda r: (r.at, r.card_id))
    finals = {(s.incident_id, s.started_at): s for s in data.final_stages}
    for card_id, drafts in by_card.items():
        for d in drafts:
            if d.kind == ReplyKind.FINAL or not period.contains(d.published_at):
                continue
            assert d.published_at is not None
            stage = finals.get((card_id, d.published_at))
            due = stage.due_at if stage else None
            final_at = min((f.published_at for f in drafts if f.kind == ReplyKind.FINAL and f.published_at is not None
                            and f.published_at > d.published_at), default=None)
            if final_at is not None:
                status = "on_time" if due is None or final_at <= due else "late"
            else:
                status = "pending" if due is not None and due >= data.as_of else "missing"
            q.interims.append(InterimCase(card_id, d.published_at, due, final_at, status))
    q.interims.sort(key=lambda c: (c.published_at, c.card_id))
    for e in data.published:
        q.manual.append(Reason(e.incident_id, "", names.get(e.actor, e.actor), e.at, ""))
    cards = data.period_cards
    q.period_cards = len(cards)
    q.repeats = sorted(c.id for c in cards if c.repeat_of_id is not None)
    return q
