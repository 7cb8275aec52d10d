"""Approved replies are posted once, retried when the network fails, handed to a person when
posting is impossible, and never duplicated after a crash."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from connectors.base import Capabilities, PermanentError, PostedReply, Reply, ReplyTarget, TransientError
from db.models import Event, Incident, Publication
from monitor.core.clock import FrozenClock
from publisher.outbox import enqueue
from publisher.posting import Publisher

T0 = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
TARGET = ReplyTarget(platform="vk", owner_id="-100002", post_id="15", comment_id="77", author_name="Ирина")


class FakeVk:
    """Remembers what was posted; scripted failures first."""

    platform = "vk"
    capabilities = Capabilities(find_reply=True)

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.posted: list[tuple[ReplyTarget, Reply]] = []
        self.lose_answer = False

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        if self.failures:
            raise self.failures.pop(0)
        self.posted.append((target, reply))
        if self.lose_answer:  # the platform took it, but our side never heard back
            self.lose_answer = False
            raise SystemExit("worker killed after the request")
        return PostedReply(external_id=f"-100002_15_c{900 + len(self.posted)}",
                           url=f"https://vk.com/wall-100002_15?reply={900 + len(self.posted)}")

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        for t, r in self.posted:
            if t == target and r.guid == reply.guid:
                return PostedReply(external_id="-100002_15_c901", url="https://vk.com/wall-100002_15?reply=901")
        return None

    def fetch(self, cursor):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def check(self) -> list[str]:
        return []


def _queue(session_factory, text: str = "Ирина, здравствуйте! Воду дадут сегодня к 18:00.") -> int:  # type: ignore[no-untyped-def]
    with session_factory() as s, s.begin():
        card = Incident(state="approved", platform="vk", url="https://vk.com/wall-100002_15?reply=77",
                        detected_at=T0)
        s.add(card)
        s.flush()
        enqueue(s, incident_id=card.id, target=TARGET, text=text, kind="final", now=T0,
                source_name="vk-walls", draft_id=None)
        return card.id


def _publisher(session_factory, vk, clock, **kw):  # type: ignore[no-untyped-def]
    return Publisher(session_factory, {"vk-walls": vk}, clock, **kw)


def test_approved_reply_is_posted_once(session_factory) -> None:  # type: ignore[no-untyped-def]
    """One approval, many publisher runs: exactly one comment, answering the citizen's comment."""
    card_id = _queue(session_factory)
    vk, clock = FakeVk(), FrozenClock(T0)
    pub = _publisher(session_factory, vk, clock)
    results = pub.run_once() + pub.run_once() + pub.run_once()
    assert [r.status for r in results] == ["sent"]
    assert len(vk.posted) == 1
    target, reply = vk.posted[0]
    assert target.comment_id == "77" and reply.guid.startswith(f"otklik-{card_id}-")
    with session_factory() as s:
        row = s.scalars(select(Publication)).one()
        assert row.status == "sent" and row.url.endswith("reply=901") and row.sent_at == T0
        actions = s.scalars(select(Event.action).where(Event.incident_id == card_id)).all()
        assert actions == ["publication_queued", "reply_published"]


def test_enqueue_twice_is_one_row(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Approving the same draft twice (a double click) queues one publication."""
    card_id = _queue(session_factory)
    with session_factory() as s, s.begin():
        enqueue(s, incident_id=card_id, target=TARGET, text="x", kind="final", now=T0, source_name="vk-walls")
    with session_factory() as s:
        assert len(s.scalars(select(Publication)).all()) == 1


def test_transient_errors_back_off_then_succeed(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A rate limit is retried later, not at once; the history shows each attempt."""
    card_id = _queue(session_factory)
    vk, clock = FakeVk(TransientError("error 6: too many requests"), TransientError("HTTP 502")), FrozenClock(T0)
    pub = _publisher(session_factory, vk, clock, base_delay=10)
    assert [d.status for d in pub.run_once()] == ["retry"]
    assert pub.run_once() == [], "not retried before its backoff"
    clock.advance(seconds=14)
    assert [d.status for d in pub.run_once()] == ["retry"]
    clock.advance(seconds=10)
    assert pub.run_once() == [], "the second backoff is longer (exponential)"
    clock.advance(seconds=30)
    assert [d.status for d in pub.run_once()] == ["sent"]
    with session_factory() as s:
        actions = s.scalars(select(Event.action).where(Event.incident_id == card_id).order_by(Event.id)).all()
    assert actions == ["publication_queued", "publication_retry", "publication_retry", "reply_published"]


def test_permanent_error_needs_manual_publication(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Comments closed under the post: no retries, the card is handed to a person with the reason."""
    card_id = _queue(session_factory)
    seen = []
    vk = FakeVk(PermanentError("комментарии к записи закрыты (error 212)"))
    pub = _publisher(session_factory, vk, FrozenClock(T0), on_manual=lambda s, p, now: seen.append(p.incident_id))
    assert [d.status for d in pub.run_once()] == ["manual"]
    assert pub.run_once() == []
    assert seen == [card_id]
    with session_factory() as s:
        row = s.scalars(select(Publication)).one()
        assert row.status == "manual" and "212" in row.last_error


def test_bounded_retries_end_in_manual(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A network that never comes back does not retry forever."""
    _queue(session_factory)
    vk, clock = FakeVk(*[TransientError("timeout")] * 5), FrozenClock(T0)
    pub = _publisher(session_factory, vk, clock, max_attempts=3, base_delay=1)
    statuses = []
    for _ in range(6):
        statuses += [d.status for d in pub.run_once()]
        clock.advance(hours=1)
    assert statuses == ["retry", "retry", "manual"]


def test_crash_after_post_does_not_post_twice(session_factory) -> None:  # type: ignore[no-untyped-def]
    """The worker dies after the platform accepted the comment: the next attempt finds it."""
    _queue(session_factory)
    vk, clock = FakeVk(), FrozenClock(T0)
    vk.lose_answer = True
    pub = _publisher(session_factory, vk, clock, lease=timedelta(minutes=2))
    with contextlib.suppress(SystemExit):
        pub.run_once()
    assert pub.run_once() == [], "the row is leased to the dead worker for a while"
    clock.advance(minutes=3)
    assert [d.status for d in pub.run_once()] == ["sent"]
    assert len(vk.posted) == 1
    with session_factory() as s:
        assert s.scalars(select(Publication.status)).one() == "sent"
