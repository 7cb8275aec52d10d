"""p. 14: within an hour of approval the reply is published where the message was posted; the card
keeps the published reply and, when closed, the outcome."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import AccessError, InputError, TransitionError

from .helpers import Desk, local, route_and_draft


def _approved(desk: Desk) -> int:
    card = route_and_draft(desk)
    desk.do("approve", card, actor="curator")
    return card


def test_publisher_reports_the_published_reply(desk: Desk) -> None:
    """The publisher's report stores the reply's id, address and time, and meets the publish hour."""
    card = _approved(desk)
    desk.now("2026-03-02", "10:45")
    desk.do("mark_published", card, actor="system", external_id="-100001_77", url="https://vk.com/wall-1_1?reply=77")
    stored = desk.card(card)
    assert (stored.state, stored.reply_external_id, stored.reply_url) == (
        "published", "-100001_77", "https://vk.com/wall-1_1?reply=77")
    assert local(stored.published_at) == "2026-03-02 10:45"
    publish = desk.stage(card, "publish", "gkh")
    assert local(publish.done_at) == "2026-03-02 10:45" and publish.done_at <= publish.due_at
    assert desk.view(card).state_label == "ответ размещён"


def test_manual_publication_for_read_only_sources(desk: Desk) -> None:
    """An executor who posted by hand records the reply's address; the history says it was manual."""
    card = _approved(desk)
    desk.do("publish_manually", card, actor="exec_gkh", url="https://ok.ru/group/1/topic/2")
    assert desk.card(card).reply_url == "https://ok.ru/group/1/topic/2"
    event = desk.events(card)[-1]
    assert (event.action, event.actor, event.note) == ("published", "exec_gkh", "размещено вручную")


def test_manual_publication_needs_an_address_and_the_right_person(desk: Desk) -> None:
    """No address, a non-web address, or another unit's executor: refused."""
    card = _approved(desk)
    with pytest.raises(InputError):
        desk.do("publish_manually", card, actor="exec_gkh", url="ok.ru/topic")
    with pytest.raises(AccessError):
        desk.do("publish_manually", card, actor="exec_education", url="https://ok.ru/x")
    assert desk.card(card).state == "approved"


def test_nothing_is_published_before_approval(desk: Desk) -> None:
    """A draft not yet approved cannot be marked published."""
    card = route_and_draft(desk)
    with pytest.raises(TransitionError,
                       match="Нельзя отметить размещение: карточка в состоянии «проект на согласовании»"):
        desk.do("mark_published", card, actor="system")


def test_closing_records_the_outcome(desk: Desk) -> None:
    """The curator closes the card as resolved positively; the outcome is kept for p. 24."""
    card = _approved(desk)
    desk.do("mark_published", card, actor="system", url="https://vk.com/x")
    with pytest.raises(InputError, match="Неизвестный итог"):
        desk.do("close", card, actor="curator", outcome="great")
    desk.now("2026-03-03", "09:00")
    desk.do("close", card, actor="curator", outcome="resolved")
    stored = desk.card(card)
    assert (stored.state, stored.outcome, local(stored.closed_at)) == ("closed", "resolved", "2026-03-03 09:00")
    assert desk.view(card).allowed == ()
