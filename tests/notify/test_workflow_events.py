"""Workflow events become notifications: new card, assignment, return, draft to review, rework."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Event, Message, Notification, User
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.notify.workflow_events import WorkflowNotifier
from monitor.workcal import WorkCalendar
from monitor.workflow.service import WorkflowListeners, WorkflowService
from monitor.workflow.staffing import add_absence, sync_units_and_users

KAM = ZoneInfo("Asia/Kamchatka")
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=KAM)


class Desk:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.clock = FrozenClock(MONDAY_10)
        settings = load_settings()
        calendar = WorkCalendar.from_settings(settings.organization, loaded_dir=None)
        self.service = WorkflowService.from_settings(settings, calendar, self.clock,
                                                     WorkflowListeners(on_event=WorkflowNotifier()))
        with sessions() as s, s.begin():
            sync_units_and_users(s, settings)
            for user in s.scalars(select(User).where(User.login.in_(["curator", "exec_gkh", "exec_affairs"]))):
                user.email, user.notify_via = f"{user.login}@sobolevo.test", ["email"]

    def open(self) -> int:
        with self.sessions() as s, s.begin():
            message = Message(platform="vk", external_id="-1_1", kind="post", url="https://vk.com/wall-1_1",
                              text="Яма на дороге по ул. Советской", created_at=MONDAY_10, detected_at=MONDAY_10,
                              topic="roads", location="sobolevo", relevant=True)
            s.add(message)
            s.flush()
            return self.service.open_card(s, message).id

    def do(self, action: str, *args: object, **kwargs: object) -> None:
        with self.sessions() as s, s.begin():
            getattr(self.service, action)(s, *args, **kwargs)

    def notes(self, channel: str = "email") -> list[tuple[str, str, dict[str, object]]]:
        """(login, kind, context) of the notifications written to ``channel`` (every user has the inbox)."""
        with self.sessions() as s:
            rows = s.execute(select(User.login, Notification.kind, Notification.context)
                             .join(User, User.id == Notification.user_id).where(Notification.channel == channel)
                             .order_by(Notification.id))
            return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.fixture
def desk(session_factory: sessionmaker[Session]) -> Desk:
    return Desk(session_factory)


def test_new_card_tells_the_curator(desk: Desk) -> None:
    """A new card reaches the curator with the message and the 30-minute routing deadline."""
    card = desk.open()
    [(login, kind, context)] = desk.notes()
    assert (login, kind) == ("curator", "new_card")
    assert context["excerpt"] == "Яма на дороге по ул. Советской" and context["incident_id"] == card
    assert datetime.fromisoformat(str(context["due_at"])) == MONDAY_10 + timedelta(minutes=30)


def test_assignment_reaches_the_executor_or_the_deputy(desk: Desk) -> None:
    """Routing tells the unit's executor; while that executor is away, the deputy instead (p. 7)."""
    with desk.sessions() as s, s.begin():
        add_absence(s, login="exec_gkh", starts_at=MONDAY_10, ends_at=MONDAY_10 + timedelta(days=1),
                    deputy="exec_affairs", now=MONDAY_10, actor="admin")
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    assigned = [(login, context) for login, kind, context in desk.notes() if kind == "assigned"]
    [(login, context)] = assigned
    assert login == "exec_affairs"
    assert context["unit"] == "Управление ЖКХ, ТЭК, транспорта, связи и строительства"
    assert datetime.fromisoformat(str(context["due_at"])) == datetime(2026, 3, 2, 15, 0, tzinfo=KAM)


def test_the_curators_note_goes_with_the_assignment(desk: Desk) -> None:
    """What the curator wrote when routing is in the executor's notification, not only on the card."""
    from zoneinfo import ZoneInfo

    from monitor.notify.templates import render

    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator", note="Проверьте котельную")
    [context] = [context for _, kind, context in desk.notes() if kind == "assigned"]
    text = render("assigned", context, base_url="http://desk.test", tz=ZoneInfo("Asia/Kamchatka")).text
    assert "Комментарий куратора: Проверьте котельную" in text


def test_return_draft_and_rework_are_announced(desk: Desk) -> None:
    """The curator hears of a return and of a draft to review; the executor of a rework request."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("return_card", card, actor="exec_gkh", reason="Дорога краевая")
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Яму заделаем до пятницы.")
    desk.do("request_rework", card, actor="curator", reason="Укажите точную дату")
    kinds = [(login, kind) for login, kind, _ in desk.notes()]
    assert kinds == [("curator", "new_card"), ("exec_gkh", "assigned"), ("curator", "returned"),
                     ("exec_gkh", "assigned"), ("curator", "draft_review"), ("exec_gkh", "rework")]
    contexts = {kind: context for _, kind, context in desk.notes()}
    assert contexts["returned"]["reason"] == "Дорога краевая"
    assert contexts["rework"]["reason"] == "Укажите точную дату"


def test_a_failing_notification_never_blocks_the_workflow(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """If writing a notification fails, the curator's routing still goes through."""
    import monitor.notify.workflow_events as events

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("outbox unavailable")

    card = desk.open()
    monkeypatch.setattr(events, "enqueue", broken)
    desk.do("route", card, ["gkh"], actor="curator")
    with desk.sessions() as s:
        assert [e.action for e in s.scalars(select(Event).where(Event.incident_id == card).order_by(Event.id))] == [
            "opened", "routed"]
    assert [kind for _, kind, _ in desk.notes()] == ["new_card"]


def test_a_units_part_reaches_the_curator_and_the_joint_drafts_writer(desk: Desk) -> None:
    """p. 17.1: education sends its part; the curator and gkh, now writing the joint draft, hear of it
    (exec_gkh by email and in the inbox; the curator too), with the part and the draft's deadline."""
    card = desk.open()
    desk.do("route", card, ["gkh", "education"], actor="curator")
    desk.clock.set(MONDAY_10 + timedelta(hours=1))
    desk.do("contribute", card, actor="exec_education", text="Школьный автобус пустим в объезд.")
    told = [(login, context) for login, kind, context in desk.notes() if kind == "contributed"]
    assert [login for login, _ in told] == ["curator", "exec_gkh"]
    context = told[0][1]
    assert context["unit"] == "Управление образования"
    assert context["text"] == "Школьный автобус пустим в объезд."
    assert context["composer"] == "Управление ЖКХ, ТЭК, транспорта, связи и строительства"
    assert datetime.fromisoformat(str(context["due_at"])) == datetime(2026, 3, 2, 15, 0, tzinfo=KAM)
    inbox = [login for login, kind, _ in desk.notes(channel="inbox") if kind == "contributed"]
    assert inbox == ["curator", "exec_gkh"]


def test_while_the_writer_is_unknown_each_unit_still_owing_hears(desk: Desk) -> None:
    """Three units: after the first part, either of the two others may write the joint draft; both hear."""
    card = desk.open()
    desk.do("route", card, ["gkh", "education", "social"], actor="curator")
    desk.do("contribute", card, actor="exec_gkh", text="Дорогу отсыплем.")
    told = [(login, context) for login, kind, context in desk.notes(channel="inbox") if kind == "contributed"]
    assert [login for login, _ in told] == ["curator", "exec_education", "exec_social"]
    assert told[0][1]["composer"] is None
    assert told[0][1]["waiting"] == "Управление образования, Отдел социальной поддержки, культуры и спорта"
