"""One publication that fails never holds up the others: each is delivered and recorded on its
own, and a failure (the platform's, a connector's bug, the workflow listener's) is written on
that row, which moves on instead of staying `sending` (issue 10, item 1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.base import PermanentError, PostedReply, Reply, ReplyTarget
from db.models import Event, Incident, Publication
from monitor.core.clock import FrozenClock
from publisher.outbox import enqueue
from publisher.posting import Publisher

from .test_outbox import T0, TARGET, FakeVk


def _queue_cards(session_factory, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    with session_factory() as s, s.begin():
        for i in range(count):
            card = Incident(state="approved", platform="vk", url=f"https://vk.com/wall-100002_{i}", detected_at=T0)
            s.add(card)
            s.flush()
            enqueue(s, incident_id=card.id, target=TARGET, text=f"Ответ {i}", kind="final", now=T0,
                    source_name="vk-walls", draft_id=None)
            ids.append(card.id)
    return ids


def _rows(session_factory) -> dict[int, Publication]:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        return {p.incident_id: p for p in s.scalars(select(Publication))}


def _actions(session_factory, card_id: int) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        return [(e.action, e.note) for e in s.scalars(select(Event).where(Event.incident_id == card_id)
                                                       .order_by(Event.id))]


def test_a_listener_that_raises_does_not_stop_the_batch(session_factory) -> None:  # type: ignore[no-untyped-def]
    """The workflow refuses to mark the first card: its reply is recorded as sent with the reason,
    the other cards are posted and marked, and nothing is posted twice on later runs."""
    first, second, third = _queue_cards(session_factory, 3)
    marked: list[int] = []

    def on_sent(session: Session, pub: Publication, now: datetime) -> None:
        if pub.incident_id == first:
            raise RuntimeError("card refused the transition")
        session.get(Incident, pub.incident_id).state = "published"  # type: ignore[union-attr]
        marked.append(pub.incident_id)

    vk, clock = FakeVk(), FrozenClock(T0)
    publisher = Publisher(session_factory, {"vk-walls": vk}, clock, on_sent=on_sent)
    assert [d.status for d in publisher.run_until_idle()] == ["sent", "sent", "sent"]
    assert marked == [second, third]
    rows = _rows(session_factory)
    assert {r.status for r in rows.values()} == {"sent"}, "no row is left `sending`"
    assert "карточка не отмечена: card refused the transition" in (rows[first].last_error or "")
    assert ("reply_published", "ответ размещён, но карточка не отмечена: card refused the transition") in \
        _actions(session_factory, first)
    clock.advance(minutes=10)  # well past any lease
    assert publisher.run_until_idle() == []
    assert [r.text for _, r in vk.posted] == ["Ответ 0", "Ответ 1", "Ответ 2"], "each reply posted once"


def test_a_failing_manual_listener_still_hands_the_row_to_a_person(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Comments closed and the notification fails: the row is `manual` with both reasons; the next card goes out."""
    first, second = _queue_cards(session_factory, 2)

    def on_manual(session: Session, pub: Publication, now: datetime) -> None:
        raise RuntimeError("no recipients")

    vk = FakeVk(PermanentError("комментарии под записью закрыты"))
    publisher = Publisher(session_factory, {"vk-walls": vk}, FrozenClock(T0), on_manual=on_manual)
    assert [d.status for d in publisher.run_until_idle()] == ["manual", "sent"]
    rows = _rows(session_factory)
    assert rows[first].status == "manual"
    assert rows[first].last_error == "комментарии под записью закрыты; уведомление не отправлено: no recipients"
    assert rows[second].status == "sent" and len(vk.posted) == 1


class BuggyVk(FakeVk):
    """Raises something no connector should (a bug) for one reply."""

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        if reply.text == "Ответ 0":
            raise KeyError("response")
        return super().post_reply(target, reply)


def test_a_connector_bug_is_retried_later_and_the_rest_goes_out(session_factory) -> None:  # type: ignore[no-untyped-def]
    """An unforeseen exception is an unknown outcome: the row is retried after a backoff (reading
    back first), bounded like network errors; the other replies are posted meanwhile."""
    first, second = _queue_cards(session_factory, 2)
    vk, clock = BuggyVk(), FrozenClock(T0)
    publisher = Publisher(session_factory, {"vk-walls": vk}, clock, max_attempts=2, base_delay=10)
    assert [d.status for d in publisher.run_until_idle()] == ["retry", "sent"]
    rows = _rows(session_factory)
    assert rows[first].status == "pending" and "непредвиденная ошибка" in (rows[first].last_error or "")
    assert rows[first].next_attempt_at > T0 and rows[second].status == "sent"
    clock.advance(minutes=1)
    assert [d.status for d in publisher.run_until_idle()] == ["manual"], "bounded: then a person decides"
