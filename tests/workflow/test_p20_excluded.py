"""p. 20: messages with intent to harm, obscene or insulting words, or threats to an official are
neither processed nor answered; they are recorded with the reason and never routed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Message
from monitor.workflow.errors import TransitionError
from monitor.workflow.intake import exclude_message

from .helpers import Desk


def test_excluded_message_is_recorded_and_never_routed(desk: Desk) -> None:
    """An abusive message becomes an «исключена» card with the reason, without deadlines or routing."""
    message_id = desk.message(text="угроза", topic=None, importance=None)
    with desk.sessions() as s, s.begin():
        card = exclude_message(s, s.get(Message, message_id), now=desk.clock.now(), reason="threat").id
    view = desk.view(card)
    assert (view.state_label, view.reason) == ("исключена (п. 20)", "threat")
    assert desk.stages(card) == []
    assert desk.actions(card) == ["excluded"]
    with desk.sessions() as s:
        assert s.scalars(select(Message.relevant).where(Message.id == message_id)).one() is False
    with pytest.raises(TransitionError, match=r"Нельзя направить: .* Доступно: вернуть в работу \(исключение"):
        desk.do("route", card, ["gkh"], actor="curator")


def test_curator_excludes_a_card_the_classifier_missed(desk: Desk) -> None:
    """The curator excludes an insulting card; its open deadlines stop and the reason is kept."""
    card = desk.open()
    desk.do("exclude", card, actor="curator", reason="оскорбления в адрес главы")
    stored = desk.card(card)
    assert (stored.state, stored.reason) == ("excluded", "оскорбления в адрес главы")
    assert all(s.done_at is not None for s in desk.stages(card))
    assert desk.events(card)[-1].note == "оскорбления в адрес главы"


def test_dismissal_is_different_from_exclusion(desk: Desk) -> None:
    """A message needing no reply is dismissed (not excluded), also with a reason."""
    card = desk.open()
    desk.do("dismiss", card, actor="curator", reason="благодарность, ответ не требуется")
    assert desk.view(card).state_label == "отклонена"
    assert desk.actions(card)[-1] == "dismissed"
