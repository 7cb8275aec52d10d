"""The ingest pipeline stores each message once, moves the cursor with it, opens cards."""

from __future__ import annotations

from sqlalchemy import func, select

from connectors.base import AuthError, CaptchaError, FetchResult, TransientError
from db.models import Event, Incident, Message, Source
from monitor.core.clock import FrozenClock
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import KeywordLabeler, WatchTerms

from .fakes import T0, ScriptedConnector, open_cards_simple, vk_comment, vk_post

WATCH = WatchTerms.of(["администрация"], ["соболево", "устьевое"])


def _poller(session_factory, connector, clock=None):  # type: ignore[no-untyped-def]
    clock = clock or FrozenClock(T0)
    pipeline = IngestPipeline(session_factory, KeywordLabeler(), clock, open_cards_simple)
    return SourcePoller("vk-walls", "vk", connector, pipeline, session_factory, clock,
                        interval=60, watch=WATCH)


def _count(session_factory, model) -> int:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_relevant_message_opens_a_card(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A post that names Соболево becomes a card in state new with an 'opened' event."""
    conn = ScriptedConnector(FetchResult([vk_post(1, "В СОБОЛЁВО опять нет света"),
                                          vk_post(2, "Продам лодку, недорого")], {"w": 2}))
    stats = _poller(session_factory, conn).poll()
    assert stats is not None and (stats.stored, stats.cards) == (2, 1)
    with session_factory() as s:
        card = s.scalars(select(Incident)).one()
        assert card.state == "new" and card.url == "https://vk.com/wall-100002_1"
        assert s.scalars(select(Event.action)).all() == ["opened"]
        noise = s.scalars(select(Message).where(Message.external_id == "-100002_2")).one()
        assert noise.relevant is False and noise.incident_id is None


def test_same_messages_twice_are_stored_once(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Polling the same posts again (e.g. after a crash) stores and opens nothing new."""
    batch = [vk_post(1, "Устьевое без воды"), vk_comment(1, 5, "и у нас в Устьевое тоже")]
    conn = ScriptedConnector(FetchResult(batch, {"w": 1}), FetchResult(batch, {"w": 2}))
    poller = _poller(session_factory, conn)
    poller.poll()
    second = poller.poll()
    assert second is not None and second.duplicates == 2 and second.stored == 0
    assert _count(session_factory, Message) == 2
    assert _count(session_factory, Incident) == 2
    with session_factory() as s:
        comment = s.scalars(select(Message).where(Message.kind == "comment")).one()
        assert comment.parent_id is not None, "a comment points at its post"
        assert s.scalars(select(Source.cursor)).one() == {"w": 2}


def test_a_message_twice_in_one_fetch_is_stored_once(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A post shown twice by one fetch (pinned, or found by search too): one row, one card, the
    cursor moves; otherwise the batch would fail on every poll and the source would stall."""
    post = vk_post(1, "В Соболево опять нет света")
    conn = ScriptedConnector(FetchResult([post, vk_comment(1, 5, "и в Устьевое тоже"), post], {"w": 1}),
                             FetchResult([vk_post(2, "Устьевое без воды")], {"w": 2}))
    poller = _poller(session_factory, conn)
    stats = poller.poll()
    assert stats is not None and (stats.received, stats.stored, stats.duplicates) == (3, 2, 1)
    assert _count(session_factory, Message) == 2 and _count(session_factory, Incident) == 2
    with session_factory() as s:
        assert s.scalars(select(Source.cursor)).one() == {"w": 1}
    second = poller.poll()
    assert second is not None and second.cards == 1
    assert conn.cursors == [None, {"w": 1}]


def test_cursor_is_passed_back_on_next_poll(session_factory) -> None:  # type: ignore[no-untyped-def]
    """The connector gets the cursor it returned last time, read from the database."""
    conn = ScriptedConnector(FetchResult([], {"since": 10}), FetchResult([], {"since": 11}))
    poller = _poller(session_factory, conn)
    poller.poll()
    poller.poll()
    assert conn.cursors == [None, {"since": 10}]


def test_transient_error_backs_off_then_recovers(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A rate limit pauses the source until its retry time; the next poll after it works."""
    clock = FrozenClock(T0)
    conn = ScriptedConnector(TransientError("error 6: too many requests"),
                             FetchResult([vk_post(3, "Соболево: дорога размыта")], {"w": 3}))
    poller = _poller(session_factory, conn, clock)
    assert poller.poll() is None
    with session_factory() as s:
        src = s.scalars(select(Source)).one()
        assert src.status == "backoff" and src.retry_at > T0
    assert poller.poll() is None and len(conn.cursors) == 1, "no request before the retry time"
    clock.advance(hours=2)
    stats = poller.poll()
    assert stats is not None and stats.cards == 1
    with session_factory() as s:
        assert s.scalars(select(Source.status)).one() == "ok"


def test_bad_token_stops_the_source(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Error 5 stops that source for good, with the reason kept for the operator."""
    conn = ScriptedConnector(AuthError("error 5: User authorization failed: invalid access_token=abc123"))
    poller = _poller(session_factory, conn)
    poller.poll()
    poller.poll()
    assert len(conn.cursors) == 1
    with session_factory() as s:
        src = s.scalars(select(Source)).one()
        assert src.status == "stopped" and src.last_error.startswith("auth:")
        assert "abc123" not in src.last_error, "a token never reaches storage or logs"


def test_captcha_is_surfaced_not_looped(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A captcha stops the source once; it is not retried in a loop."""
    conn = ScriptedConnector(CaptchaError("captcha needed", sid="123", img="https://vk.com/captcha.php?sid=123"))
    poller = _poller(session_factory, conn)
    poller.poll()
    poller.poll()
    assert len(conn.cursors) == 1
    with session_factory() as s:
        assert s.scalars(select(Source.last_error)).one().startswith("captcha:")


def test_own_replies_never_open_cards(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Our published reply mentioning Соболево comes back in the next poll: stored, no card."""
    from dataclasses import replace

    ours = replace(vk_comment(1, 9, "Ирина, здравствуйте! В Соболево воду дадут к 18:00."), author_id="-100001")
    conn = ScriptedConnector(FetchResult([ours], {"w": 1}))
    clock = FrozenClock(T0)
    pipeline = IngestPipeline(session_factory, KeywordLabeler(), clock, open_cards_simple)
    poller = SourcePoller("vk-walls", "vk", conn, pipeline, session_factory, clock, interval=60,
                          watch=WATCH, own_authors=frozenset({"-100001"}))
    stats = poller.poll()
    assert stats is not None and (stats.stored, stats.cards) == (1, 0)
