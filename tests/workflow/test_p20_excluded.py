"""p. 20: messages with intent to harm, obscene or insulting words, or threats to an official are
neither processed nor answered; they are recorded with the reason and never routed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Incident, Message

from ..monitor.fakes import vk_comment, vk_post
from .helpers import Desk


@pytest.mark.parametrize(("text", "reason"), [
    ("Если квоту на рыбу в районе не дадут — я вас, чиновников, перестреляю, терять нечего", "threat"),
    ("Глава, ты тупая скотина, дорогу в Соболево так и не сделали", "insult"),
], ids=["threat", "insult"])
def test_excluded_message_is_recorded_with_the_reason_and_opens_no_card(desk: Desk, text: str,
                                                                          reason: str) -> None:
    """A threat or an insult polled from a wall is stored with the reason, opens no card and is
    never routed; the plain complaint polled with it opens its card as usual."""
    stats = desk.poll(vk_post(1, "В Соболево на улице Советской огромная яма на дороге"), vk_comment(1, 2, text))
    assert (stats.stored, stats.excluded, stats.cards) == (2, 1, 1)
    with desk.sessions() as s:
        bad = s.scalars(select(Message).where(Message.external_id == "-100002_1_c2")).one()
        assert (bad.excluded, bad.relevant, bad.incident_id) == (reason, False, None)
        assert any(rule.startswith(f"exclusion:{reason}:") for rule in bad.rules or []), "the rule that excluded it"
        [card] = s.scalars(select(Incident)).all()
        assert card.first_message_id != bad.id


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
