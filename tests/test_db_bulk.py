"""Bulk inserts (db/bulk.py) keep row order, column defaults and type handling on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.bulk import insert_many, insert_returning_ids, link_first_messages, reserve_ids
from db.models import Event, Incident, Message

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _message(i: int) -> dict[str, object]:
    return dict(platform="vk", external_id=f"-1_{i}", kind="post", url=f"https://vk.com/wall-1_{i}",
                text=f"пост {i}", created_at=T0 + timedelta(minutes=i), detected_at=T0,
                raw={"id": i, "text": "ёлка"}, topics=["roads"] if i % 2 else None)


def test_ids_come_back_in_row_order_with_values_and_defaults(session_factory) -> None:  # type: ignore[no-untyped-def]
    rows = [_message(i) for i in (5, 3, 9, 1)]
    with session_factory() as s, s.begin():
        ids = insert_returning_ids(s, Message.__table__, rows)
    assert len(set(ids)) == 4
    with session_factory() as s:
        stored = {m.id: m for m in s.scalars(select(Message))}
    assert [stored[i].external_id for i in ids] == ["-1_5", "-1_3", "-1_9", "-1_1"]
    five = stored[ids[0]]
    assert five.raw == {"id": 5, "text": "ёлка"} and five.topics == ["roads"] and stored[ids[1]].topics == ["roads"]
    assert five.created_at == T0 + timedelta(minutes=5) and (five.likes, five.relevant) == (0, False)


def test_a_naive_datetime_is_refused(session_factory) -> None:  # type: ignore[no-untyped-def]
    row = _message(1) | {"created_at": datetime(2026, 3, 2, 9, 0)}
    with pytest.raises(Exception, match="naive datetime"), session_factory() as s, s.begin():
        insert_returning_ids(s, Message.__table__, [row])


def test_cards_link_their_first_messages_and_events_are_stored(session_factory) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as s, s.begin():
        message_ids = insert_returning_ids(s, Message.__table__, [_message(i) for i in range(3)])
        card_ids = insert_returning_ids(s, Incident.__table__, [
            dict(platform="vk", url="u", first_message_id=mid, detected_at=T0) for mid in message_ids])
        link_first_messages(s, card_ids)
        insert_many(s, Event.__table__, [dict(incident_id=cid, at=T0, actor="system", action="opened",
                                              after={"message_id": mid})
                                         for cid, mid in zip(card_ids, message_ids, strict=True)])
    with session_factory() as s:
        links = {mid: cid for mid, cid in s.execute(select(Message.id, Message.incident_id))}
        cards = {c.id: c for c in s.scalars(select(Incident))}
        events = [(cid, after) for cid, after in s.execute(select(Event.incident_id, Event.after))]
    assert links == dict(zip(message_ids, card_ids, strict=True))
    assert all((cards[c].state, cards[c].official, cards[c].version) == ("new", False, 1) for c in card_ids)
    assert sorted(events) == sorted((c, {"message_id": m}) for c, m in zip(card_ids, message_ids, strict=True))


def test_reserved_ids_let_cards_of_one_insert_point_at_each_other(session_factory) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL gives ids before the rows are written (a repeat points at an earlier card of the
    same batch in the same COPY); SQLite gives none, and the rows go in with their own ids."""
    with session_factory() as s, s.begin():
        message_ids = insert_returning_ids(s, Message.__table__, [_message(i) for i in range(3)])
        rows = [dict(platform="vk", url="u", first_message_id=mid, detected_at=T0, repeat_of_id=None)
                for mid in message_ids]
        reserved = reserve_ids(s, Incident.__table__, len(rows))
        if reserved is not None:
            rows[2]["repeat_of_id"] = reserved[0]
        card_ids = insert_returning_ids(s, Incident.__table__, rows, reserved)
    assert reserved is None or card_ids == reserved
    with session_factory() as s:
        cards = {c.first_message_id: c for c in s.scalars(select(Incident))}
    assert [cards[m].id for m in message_ids] == card_ids
    assert cards[message_ids[2]].repeat_of_id == (card_ids[0] if reserved is not None else None)
    with session_factory() as s, s.begin():  # given ids are written as given, on either database
        given = [max(card_ids) + 10]
        assert insert_returning_ids(s, Incident.__table__, [rows[0]], given) == given
    with session_factory() as s:
        assert s.get(Incident, given[0]) is not None
