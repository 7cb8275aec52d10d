"""A poll that brings many relevant messages opens every card with its deadlines at once, and
the curator gets one digest instead of a flood of notifications."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from connectors.base import FetchResult, NetworkMessage
from db.models import Event, Incident, Message, Notification, StageDeadline, User
from monitor.app.card_opener import card_opener
from monitor.app.context import AppContext
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.relevance import KeywordLabeler, WatchTerms
from monitor.workcal import WorkCalendar
from monitor.workflow.staffing import sync_units_and_users

from .fakes import vk_post

KAM = ZoneInfo("Asia/Kamchatka")
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=KAM)


def _neighbour(n: int, text: str) -> NetworkMessage:
    """A post by its own author (one author's similar posts would be repeats, p. 18)."""
    return dataclasses.replace(vk_post(n, text), author_id=str(600 + n))


def _opener(settings, session_factory, clock):  # type: ignore[no-untyped-def]
    """The card opener `otklik run` uses, on the test's database and clock."""
    ctx = AppContext(settings, clock)
    ctx.sessions, ctx.calendar = session_factory, WorkCalendar.from_settings(settings.organization, loaded_dir=None)
    return card_opener(ctx)


def _pipeline(session_factory, clock):  # type: ignore[no-untyped-def]
    settings = load_settings()
    with session_factory() as s, s.begin():
        sync_units_and_users(s, settings)
        curator = s.scalars(select(User).where(User.login == "curator")).one()
        curator.email, curator.notify_via = "curator@sobolevomr.ru", ["email"]
    opener = _opener(settings, session_factory, clock)
    return IngestPipeline(session_factory, KeywordLabeler(), clock, open_cards=opener)


def _store(session_factory, n: int) -> None:  # type: ignore[no-untyped-def]
    clock = FrozenClock(MONDAY_10)
    posts = [_neighbour(i, f"В Соболево нет воды, дом {i}") for i in range(1, n + 1)]
    _pipeline(session_factory, clock).store("vk-walls", "vk", FetchResult(posts, {}),
                                            watch=WatchTerms.of([], ["соболево"]))


def test_every_card_of_a_batch_gets_its_deadlines(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Ten posts at Monday 10:00: ten cards, routing due 10:30, the reply next morning at 10:00."""
    _store(session_factory, 10)
    with session_factory() as s:
        cards = s.scalars(select(Incident).order_by(Incident.id)).all()
        assert len(cards) == 10 and {c.state for c in cards} == {"new"}
        due = {(r.incident_id, r.stage): r.due_at.astimezone(KAM) for r in s.scalars(select(StageDeadline))}
        for card in cards:
            assert due[(card.id, "route")] == datetime(2026, 3, 2, 10, 30, tzinfo=KAM)
            # 10:00 + 8 working hours: 3 h before lunch, 4 h after (to 18:00), 1 h next morning.
            assert due[(card.id, "reply")] == datetime(2026, 3, 3, 10, 0, tzinfo=KAM)
            assert card.reply_due_at.astimezone(KAM) == datetime(2026, 3, 3, 10, 0, tzinfo=KAM)
        assert s.scalars(select(Event.action)).all() == ["opened"] * 10


def test_every_message_points_at_the_card_it_opened(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A batch with a repeat, then a poll of one message: each relevant message and its card point
    at each other (on PostgreSQL the message is written pointing at a card opened after it)."""
    settings, clock = load_settings(), FrozenClock(MONDAY_10)
    with session_factory() as s, s.begin():
        sync_units_and_users(s, settings)
    pipeline = IngestPipeline(session_factory, _BearLabeler(), clock,
                              open_cards=_opener(settings, session_factory, clock))
    posts = [_neighbour(i, text) for i, text in enumerate(_WATER[:3], 1)]
    posts.append(dataclasses.replace(posts[0], external_id="-100002_99", post_id="99"))  # a repeat (p. 18)
    pipeline.store("vk-walls", "vk", FetchResult(posts, {}))
    pipeline.store("vk-walls", "vk", FetchResult([vk_post(9, "Медведь у школы")], {}))
    with session_factory() as s:
        cards = s.scalars(select(Incident).order_by(Incident.id)).all()
        linked = dict(s.execute(select(Message.id, Message.incident_id).where(Message.relevant)).all())
        assert len(cards) == 5 == len(linked)
        assert {c.first_message_id: c.id for c in cards} == linked
        assert [c.repeat_of_id is not None for c in cards].count(True) == 1


def test_cards_open_at_the_ids_their_messages_were_written_with(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Messages written pointing at cards not opened yet (as ingest writes them on PostgreSQL): the
    cards open at those ids in the same transaction, and ids taken for only some are refused."""
    from db.bulk import defer_card_links

    settings, clock = load_settings(), FrozenClock(MONDAY_10)
    ctx = AppContext(settings, clock)
    ctx.sessions, ctx.calendar = session_factory, WorkCalendar.from_settings(settings.organization, loaded_dir=None)
    with session_factory() as s, s.begin():
        sync_units_and_users(s, settings)
    with session_factory() as s, s.begin():
        defer_card_links(s)
        messages = [Message(platform="vk", external_id=f"-1_{n}", kind="post", url=f"https://vk.com/wall-1_{n}",
                            text=text, created_at=MONDAY_10, detected_at=MONDAY_10, topic="water",
                            location="sobolevo", importance="normal", relevant=True, incident_id=40 + n)
                    for n, text in enumerate(_WATER[:2], 1)]
        s.add_all(messages)
        s.flush()
        with pytest.raises(ValueError, match="some of the messages"):
            ctx.workflow.open_cards(s, messages, card_ids={messages[0].id: 41})
        cards = ctx.workflow.open_cards(s, messages, card_ids={m.id: m.incident_id for m in messages})
        assert [c.id for c in cards] == [41, 42]
    with session_factory() as s:
        assert dict(s.execute(select(Incident.id, Incident.first_message_id)).all()) == {
            41: messages[0].id, 42: messages[1].id}


def test_curator_gets_one_digest_for_a_batch(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Ten new cards at once: one notification per curator channel, naming the count."""
    _store(session_factory, 10)
    with session_factory() as s:
        notes = s.scalars(select(Notification)).all()
        assert {n.kind for n in notes} == {"new_cards"}
        assert len({n.user_id for n in notes}) == 1
        assert notes[0].context["count"] == 10


def test_small_batch_notifies_per_card(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Two new cards: the curator hears about each one."""
    _store(session_factory, 2)
    with session_factory() as s:
        emails = s.scalars(select(Notification).where(Notification.channel == "email"))
        assert sorted(n.kind for n in emails) == ["new_card", "new_card"]


class _BearLabeler:
    """Critical when a bear is in the village, normal otherwise."""

    def label_many(self, messages, watch):  # type: ignore[no-untyped-def]
        from monitor.ingest.relevance import MessageLabels

        return [MessageLabels(topic="animals" if "медведь" in m.text.lower() else "water", location="sobolevo",
                              importance="critical" if "медведь" in m.text.lower() else "normal", relevant=True)
                for m in messages]


# Nine different water complaints (alike ones would be repeats of one card, p. 18).
_WATER = ("Нет воды на улице Советской третий день", "Из крана течёт ржавая жижа", "Колонка у школы сломана",
          "Прорвало трубу возле магазина", "Водовоз не приехал по графику",
          "Напор слабый, на второй этаж не поднимается", "Вода пахнет хлоркой, пить невозможно",
          "Счётчик поставили неправильно, счёт огромный", "Утечка заливает подвал дома")


def test_critical_message_reaches_the_head_even_in_a_batch(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A bear at the school among nine water complaints: the head is told about that card (p. 25)."""
    settings = load_settings()
    with session_factory() as s, s.begin():
        sync_units_and_users(s, settings)
        for login in ("curator", "head"):
            user = s.scalars(select(User).where(User.login == login)).one()
            user.email, user.notify_via = f"{login}@sobolevomr.ru", ["email"]
    clock = FrozenClock(MONDAY_10)
    opener = _opener(settings, session_factory, clock)
    pipeline = IngestPipeline(session_factory, _BearLabeler(), clock, open_cards=opener)
    posts = [_neighbour(i, text) for i, text in enumerate(_WATER, start=1)]
    posts.append(vk_post(10, "Медведь ходит у школы в Соболево!"))
    pipeline.store("vk-walls", "vk", FetchResult(posts, {}))
    with session_factory() as s:
        kinds = sorted((n.kind, n.context.get("excerpt"))
                       for n in s.scalars(select(Notification).where(Notification.channel == "email")))
    assert kinds == [("critical_card", "Медведь ходит у школы в Соболево!"), ("new_cards", None)]


def test_a_batch_hands_the_listeners_the_model_objects(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Batch and single opening give the listeners the same kinds: cards and their history events."""
    settings = load_settings()
    with session_factory() as s, s.begin():
        sync_units_and_users(s, settings)
    clock = FrozenClock(MONDAY_10)
    ctx = AppContext(settings, clock)
    ctx.sessions, ctx.calendar = session_factory, WorkCalendar.from_settings(settings.organization, loaded_dir=None)
    seen: list[tuple[object, object]] = []
    ctx.workflow.listeners.on_opened_batch = lambda _s, opened: seen.extend(opened)
    pipeline = IngestPipeline(session_factory, _BearLabeler(), clock, open_cards=card_opener(ctx))
    pipeline.store("vk-walls", "vk", FetchResult([_neighbour(i, t) for i, t in enumerate(_WATER[:4], 1)], {}))
    assert len(seen) == 4
    assert all(isinstance(card, Incident) and isinstance(event, Event) for card, event in seen)
    with session_factory() as s:
        assert {(e.id, e.incident_id) for _, e in seen} == set(s.execute(select(Event.id, Event.incident_id)).all())


def test_one_workflow_service_serves_every_poll(session_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The service is built once per run from the settings, not again for each batch."""
    from monitor.workflow.steps_base import WorkflowCore

    built = []
    original = WorkflowCore.__post_init__
    monkeypatch.setattr(WorkflowCore, "__post_init__", lambda self: built.append(self) or original(self))
    clock = FrozenClock(MONDAY_10)
    pipeline = _pipeline(session_factory, clock)
    for start in (1, 5):
        posts = [_neighbour(i, f"{t} в Соболево") for i, t in enumerate(_WATER[start - 1:start + 3], start)]
        pipeline.store("vk-walls", "vk", FetchResult(posts, {}), watch=WatchTerms.of([], ["соболево"]))
    with session_factory() as s:
        assert len(s.scalars(select(Incident)).all()) == 8
    assert len(built) == 1
