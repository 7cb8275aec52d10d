"""The SLA tests' office: the default units and demo users (with mail addresses), the real
working-time calendar on Kamchatka time, the workflow service and the watch, on a frozen clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Breach, Event, Message, Notification, StageDeadline, User
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.watch import WatchReport, run_sla_watch, sla_policy
from monitor.workcal import WorkCalendar
from monitor.workflow.service import WorkflowService
from monitor.workflow.staffing import add_absence, sync_units_and_users

KAM = ZoneInfo("Asia/Kamchatka")
MAILED = ("curator", "head", "exec_gkh", "exec_affairs")  # users who get email in these tests


def at(day: str, hhmm: str) -> datetime:
    """A Kamchatka wall-clock instant, e.g. at("2026-03-02", "10:00")."""
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=KAM)


class Office:
    def __init__(self, sessions: sessionmaker[Session], clock: FrozenClock) -> None:
        self.sessions = sessions
        self.clock = clock
        self.settings = load_settings()
        self.calendar = WorkCalendar.from_settings(self.settings.organization, loaded_dir=None)
        self.service = WorkflowService.from_settings(self.settings, self.calendar, clock)
        self.policy = sla_policy(self.settings, self.calendar)
        self._ids = count(1)
        with sessions() as s, s.begin():
            sync_units_and_users(s, self.settings)
            for user in s.scalars(select(User).where(User.login.in_(MAILED))):
                user.email, user.notify_via = f"{user.login}@sobolevo.test", ["email"]

    def set(self, day: str, hhmm: str) -> None:
        self.clock.set(at(day, hhmm))

    def watch(self, sessions: sessionmaker[Session] | None = None) -> WatchReport:
        return run_sla_watch(sessions or self.sessions, self.clock, self.policy)

    def open(self, *, text: str = "Яма на дороге по ул. Советской", official: bool = False) -> int:
        """A message detected now opens a card; returns its number."""
        now = self.clock.now()
        with self.sessions() as s, s.begin():
            message = Message(platform="vk", external_id=f"-1_{next(self._ids)}", kind="post",
                              url="https://vk.com/wall-1_1", text=text, created_at=now, detected_at=now,
                              topic="roads", topics=["roads"], location="sobolevo", importance="normal",
                              relevant=True)
            s.add(message)
            s.flush()
            return self.service.open_card(s, message, official=official).id

    def do(self, action: str, *args: Any, **kwargs: Any) -> Any:
        with self.sessions() as s, s.begin():
            return getattr(self.service, action)(s, *args, **kwargs)

    def routed_card(self, unit: str = "gkh") -> int:
        card = self.open()
        self.do("route", card, [unit], actor="curator")
        return card

    def absent(self, login: str, deputy: str, start: datetime, hours: int) -> None:
        with self.sessions() as s, s.begin():
            add_absence(s, login=login, starts_at=start, ends_at=start + timedelta(hours=hours), deputy=deputy,
                        now=self.clock.now(), actor="admin")

    # -- what people received and what the card shows ---------------------------------------------

    def notes(self, kind: str | None = None, channel: str = "email") -> list[tuple[str, str, str]]:
        """(login, kind, key) of every notification written to ``channel``, in order."""
        with self.sessions() as s:
            stmt = (select(User.login, Notification.kind, Notification.key).join(User, User.id == Notification.user_id)
                    .where(Notification.channel == channel))
            if kind:
                stmt = stmt.where(Notification.kind == kind)
            return [tuple(r) for r in s.execute(stmt.order_by(Notification.id))]  # type: ignore[misc]

    def stage(self, card: int, stage: str) -> StageDeadline:
        with self.sessions() as s:
            return s.scalars(select(StageDeadline).where(StageDeadline.incident_id == card,
                                                         StageDeadline.stage == stage)
                             .order_by(StageDeadline.id.desc())).first()  # type: ignore[return-value]

    def breaches(self) -> list[Breach]:
        with self.sessions() as s:
            return list(s.scalars(select(Breach).order_by(Breach.id)))

    def history(self, card: int, action: str) -> list[Event]:
        with self.sessions() as s:
            return list(s.scalars(select(Event).where(Event.incident_id == card, Event.action == action)
                                  .order_by(Event.id)))

    def login(self, user_id: int | None) -> str | None:
        with self.sessions() as s:
            user = s.get(User, user_id) if user_id is not None else None
            return user.login if user else None
