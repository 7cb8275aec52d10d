"""The workflow tests' desk: the default units and demo users, a frozen clock on Kamchatka time,
the real working-time calendar, and helpers that run each action in its own transaction."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from classifier.pipeline import Classifier
from connectors.base import FetchResult
from connectors.base import NetworkMessage as Record
from db.models import Assignment, Draft, Event, Incident, Message, StageDeadline, Unit, User
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.sources import build_pollers
from monitor.core.clock import FrozenClock
from monitor.core.settings import Settings, load_settings, parse_settings
from monitor.ingest.pipeline import IngestStats
from monitor.workcal import WorkCalendar
from monitor.workflow.service import WorkflowListeners, WorkflowService
from monitor.workflow.staffing import sync_units_and_users
from monitor.workflow.views import CardView, card_view

from ..monitor.fakes import ScriptedConnector
from ..project_classifier import RULES_DIR, default_classifier

KAM = ZoneInfo("Asia/Kamchatka")
_MESSAGE_IDS = count(1)


def at(day: str, hhmm: str) -> datetime:
    """A Kamchatka wall-clock instant, e.g. at("2026-03-02", "10:00")."""
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=KAM)


def local(instant: datetime | None) -> str:
    """The instant as a person on Kamchatka reads it: 2026-03-02 10:00."""
    assert instant is not None
    return instant.astimezone(KAM).strftime("%Y-%m-%d %H:%M")


class Desk:
    """The service, a clock and the database, as the officials in the tests use them."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings, clock: FrozenClock,
                 listeners: WorkflowListeners | None = None, **service_options: Any) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.calendar = WorkCalendar.from_settings(settings.organization, loaded_dir=None)
        self.service = WorkflowService.from_settings(settings, self.calendar, clock, listeners)
        for key, value in service_options.items():
            setattr(self.service, key, value)
        with sessions() as s, s.begin():
            sync_units_and_users(s, settings)

    def now(self, day: str, hhmm: str) -> datetime:
        self.clock.set(at(day, hhmm))
        return self.clock.now()

    def message(self, *, text: str = "Яма на дороге по ул. Советской", topic: str | None = "roads",
                location: str | None = "sobolevo", importance: str | None = "normal",
                topics: list[str] | None = None, detected: datetime | None = None) -> int:
        detected = detected or self.clock.now()
        with self.sessions() as s, s.begin():
            row = Message(platform="vk", external_id=f"-1_{next(_MESSAGE_IDS)}", kind="post",
                          url="https://vk.com/wall-1_1", text=text, created_at=detected, detected_at=detected,
                          topic=topic, topics=topics or ([topic] if topic else []), location=location,
                          importance=importance, relevant=True, author_name="Иван Петров")
            s.add(row)
            s.flush()
            return row.id

    def poll(self, *records: Record, source: str = "vk-walls") -> IngestStats:
        """``records`` arrive as `otklik run` takes them in: the source's poller built from the
        settings (its `official` flag, the organization's own accounts), the classifier's labels
        and exclusion (p. 20), ingest and the card opener with repeats (p. 18)."""
        ctx = AppContext(self.settings, self.clock)
        ctx.sessions, ctx.calendar, ctx.classifier = self.sessions, self.calendar, _classifier(self.settings)
        connectors = {s.name: ScriptedConnector(FetchResult(list(records) if s.name == source else [], {}))
                      for s in self.settings.sources if s.enabled}
        [poller] = [p for p in build_pollers(ctx, make_pipeline(ctx), connectors=connectors) if p.name == source]
        stats = poller.poll()
        assert stats is not None
        return stats

    def card_of(self, external_id: str) -> Incident | None:
        """The card a polled message opened, if any."""
        with self.sessions() as s:
            message = s.scalars(select(Message).where(Message.external_id == external_id)).one()
            return s.get(Incident, message.incident_id) if message.incident_id else None

    def open(self, *, official: bool = False, repeat_of: int | None = None, **message: Any) -> int:
        """A message detected now opens a card; returns its number."""
        message_id = self.message(**message)
        with self.sessions() as s, s.begin():
            card = self.service.open_card(s, s.get(Message, message_id), official=official, repeat_of=repeat_of)
            return card.id

    def do(self, action: str, *args: Any, **kwargs: Any) -> Any:
        """Run one service method in its own transaction, as the CLI and the web UI do."""
        with self.sessions() as s, s.begin():
            return getattr(self.service, action)(s, *args, **kwargs)

    def card(self, card_id: int) -> Incident:
        with self.sessions() as s:
            return s.get(Incident, card_id)  # type: ignore[return-value]

    def view(self, card_id: int, viewer: str = "curator") -> CardView:
        with self.sessions() as s:
            return card_view(s, self.service, card_id, viewer=viewer)

    def stages(self, card_id: int, stage: str | None = None) -> list[StageDeadline]:
        with self.sessions() as s:
            stmt = select(StageDeadline).where(StageDeadline.incident_id == card_id)
            if stage:
                stmt = stmt.where(StageDeadline.stage == stage)
            return list(s.scalars(stmt.order_by(StageDeadline.id)))

    def stage(self, card_id: int, stage: str, unit: str | None = None) -> StageDeadline:
        """The latest row of ``stage`` (for ``unit``, when given)."""
        rows = [r for r in self.stages(card_id, stage) if unit is None or r.unit_id == self.unit_id(unit)]
        assert rows, f"no {stage} stage for {unit}"
        return rows[-1]

    def events(self, card_id: int) -> list[Event]:
        with self.sessions() as s:
            return list(s.scalars(select(Event).where(Event.incident_id == card_id).order_by(Event.id)))

    def actions(self, card_id: int) -> list[str]:
        return [e.action for e in self.events(card_id)]

    def drafts(self, card_id: int) -> list[Draft]:
        with self.sessions() as s:
            return list(s.scalars(select(Draft).where(Draft.incident_id == card_id).order_by(Draft.version)))

    def assignments(self, card_id: int) -> list[Assignment]:
        with self.sessions() as s:
            return list(s.scalars(select(Assignment).where(Assignment.incident_id == card_id)
                                  .order_by(Assignment.cycle, Assignment.position)))

    def unit_id(self, code: str) -> int:
        with self.sessions() as s:
            return s.scalars(select(Unit.id).where(Unit.code == code)).one()

    def user_id(self, login: str) -> int:
        with self.sessions() as s:
            return s.scalars(select(User.id).where(User.login == login)).one()


@lru_cache(maxsize=2)
def _compiled(rules_dir: str) -> Classifier:
    if Path(rules_dir).resolve() == RULES_DIR.resolve():
        return default_classifier()  # the project's rules: the one classifier of the session
    return Classifier.from_dir(rules_dir)


def _classifier(settings: Settings) -> Classifier:
    """The classifier of the settings' rules, compiled once per test session."""
    return _compiled(str(settings.path(settings.rules_dir)))


def settings_with(**sections: Any) -> Settings:
    """The project's default settings with some workflow sections replaced."""
    base = load_settings()
    data = base.model_dump(by_alias=True)
    data.pop("base_dir", None)
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return parse_settings(data, base_dir=base.base_dir)


def route_and_draft(desk: Desk, unit: str = "gkh", executor: str = "exec_gkh", **message: Any) -> int:
    """A card opened now, routed to ``unit`` and with a draft from ``executor``."""
    card = desk.open(**message)
    desk.do("route", card, [unit], actor="curator")
    desk.do("submit_draft", card, actor=executor, text="Яму засыплем до пятницы.")
    return card


