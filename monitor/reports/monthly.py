"""Assemble a report: load the period's rows, compute every figure, gather what the documents show.

``monthly_report`` serves pp. 23-24 (timeliness, quality, dynamics, the analytical note, and
the KPIs of p. 22 for the month); ``kpi_report`` the p. 22 figures for any period. Both take
the instant the report is made (``now``) from the caller's clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from db.statuses import Role
from monitor.core.gc_pause import collector_paused
from monitor.core.settings import Settings
from monitor.reports import dynamics, kpi, note, quality, queries, timeliness
from monitor.reports.config import ReportSettings, report_settings
from monitor.reports.period import Period
from monitor.reports.rows import CardListRow, DraftRow, PeriodData
from monitor.reports.workminutes import WorkingClock

CLOCK_MARGIN = timedelta(days=62)  # cards of the period may have been opened up to two months before it


@dataclass
class Document:
    """What every document of a period shows in its heading and signature."""

    organization: str
    title: str
    period: Period
    made_at: datetime
    number: str
    signer_position: str
    signer_name: str
    location_names: dict[str, str] = field(default_factory=dict)


@dataclass
class MonthlyReport:
    doc: Document
    data: PeriodData
    timeliness: timeliness.Timeliness
    quality: quality.Quality
    dynamics: dynamics.Dynamics
    kpi: kpi.Kpi
    note: note.Note
    texts: dict[int, tuple[str, str, str | None]]  # top messages: text, address, author
    cards: list[CardListRow]
    card_units: dict[int, list[str]]  # card -> units of its latest routing round
    first_reply: dict[int, datetime]
    empty: bool  # nothing happened in the period: no card, no relevant message, no stage due


@dataclass
class KpiReport:
    doc: Document
    data: PeriodData
    timeliness: timeliness.Timeliness
    kpi: kpi.Kpi

    @property
    def empty(self) -> bool:
        return not self.data.stages and not self.kpi.reply_minutes and not self.data.handled_by_login


def working_clock(calendar: Any, period: Period, now: datetime) -> WorkingClock:
    last = max(period.last, now.astimezone(period.tz).date()) + timedelta(days=3)
    return WorkingClock(calendar, period.first - CLOCK_MARGIN, last)


def _document(session: Session, settings: Settings, config: ReportSettings, title: str, period: Period,
              now: datetime, location_names: dict[str, str]) -> Document:
    from db.models import User

    name = config.signer.name
    if not name:
        curators = session.query(User.name).filter(User.role == Role.CURATOR, User.active.is_(True)).all()
        name = curators[0][0] if len(curators) == 1 else ""
    return Document(organization=config.header or settings.organization.name, title=title, period=period,
                    made_at=now, number=f"{config.number_prefix}{period.code()}",
                    signer_position=config.signer.position, signer_name=name, location_names=location_names)


def _location_names(settings: Settings) -> dict[str, str]:
    try:
        from monitor.core.places import location_names

        return location_names(settings)
    except Exception:  # no rules folder: codes are shown as they are
        return {}


def card_units(data: PeriodData) -> dict[int, list[str]]:
    units = {u.id: u.name for u in data.units.values()}
    latest: dict[int, int] = {}
    for a in data.assignments:
        latest[a.incident_id] = max(latest.get(a.incident_id, 0), a.cycle)
    out: dict[int, list[str]] = {}
    for a in data.assignments:
        if a.cycle == latest[a.incident_id]:
            out.setdefault(a.incident_id, []).append(units.get(a.unit_id, str(a.unit_id)))
    return out


def _first_reply(drafts: list[DraftRow]) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    for d in drafts:
        if d.published_at is not None and (d.incident_id not in out or d.published_at < out[d.incident_id]):
            out[d.incident_id] = d.published_at
    return out


def monthly_report(session: Session, settings: Settings, calendar: Any, period: Period, now: datetime, *,
                   with_cards: bool = True) -> MonthlyReport:
    """``with_cards`` off: no list of the month's cards (the web page and the DOCX do not show it)."""
    with collector_paused():
        return _monthly_report(session, settings, calendar, period, now, with_cards)


def _monthly_report(session: Session, settings: Settings, calendar: Any, period: Period, now: datetime,
                    with_cards: bool) -> MonthlyReport:
    config = report_settings(settings)
    data = queries.load_period(session, period, now)
    clock = working_clock(calendar, period, now)
    timely = timeliness.compute(data, clock)
    the_note = note.compute(data, config.top_messages)
    texts = queries.message_texts(session, [t.message.id for t in the_note.top])
    doc = _document(session, settings, config, "Сводная информация о своевременности работы в социальных сетях",
                    period, now, _location_names(settings))
    empty = not data.period_cards and not data.period_messages and not data.stages
    report = MonthlyReport(doc=doc, data=data, timeliness=timely, quality=quality.compute(data),
                           dynamics=dynamics.compute(data), kpi=kpi.compute(data, timely, clock), note=the_note,
                           texts=texts, cards=[], card_units=card_units(data), first_reply=_first_reply(data.drafts),
                           empty=empty)
    # The figures are computed: the month's rows go before its list of cards is read (peak memory).
    data.stages, data.messages, data.drafts, data.assignments = [], [], [], []
    report.cards = queries.card_list(session, period) if with_cards else []
    return report


def kpi_report(session: Session, settings: Settings, calendar: Any, period: Period, now: datetime) -> KpiReport:
    config = report_settings(settings)
    with collector_paused():
        data = queries.load_period(session, period, now, messages=False, compare=False)
        clock = working_clock(calendar, period, now)
        timely = timeliness.compute(data, clock)
        figures = kpi.compute(data, timely, clock)
    doc = _document(session, settings, config, "Показатели своевременности для оценки эффективности деятельности",
                    period, now, {})
    return KpiReport(doc=doc, data=data, timeliness=timely, kpi=figures)
