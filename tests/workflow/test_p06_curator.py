"""p. 6: the curator detects messages, routes them, and approves replies and clarification requests."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import AccessError, TransitionError
from monitor.workflow.service import WorkflowListeners

from .helpers import Desk, local


def test_new_card_waits_for_the_curator_with_its_deadlines(desk: Desk) -> None:
    """A relevant message opens a card in «новая» with the 30-minute route and 8-hour reply deadlines."""
    card = desk.open()
    view = desk.view(card)
    assert view.state == "new" and view.state_label == "новая"
    assert local(desk.stage(card, "route").due_at) == "2026-03-02 10:30"
    assert local(view.reply_due_at) == "2026-03-03 10:00"
    assert [s.code for s in view.suggestions] == ["gkh"]
    assert desk.actions(card) == ["opened"]
    assert desk.events(card)[0].actor == "system"


def test_only_the_curator_routes(desk: Desk) -> None:
    """An executor cannot route a card; the refusal says who can."""
    card = desk.open()
    with pytest.raises(AccessError, match="это делает куратор, а вы — исполнитель"):
        desk.do("route", card, ["gkh"], actor="exec_gkh")
    assert desk.card(card).state == "new"


def test_head_cannot_approve(desk: Desk) -> None:
    """The head reads and is alerted, but approval is the curator's (p. 6)."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Ответ")
    with pytest.raises(AccessError):
        desk.do("approve", card, actor="head")
    assert desk.card(card).state == "draft"


def test_approval_from_the_wrong_state_names_what_is_allowed(desk: Desk) -> None:
    """Approving a new card is refused with the actions possible in «новая»."""
    card = desk.open()
    with pytest.raises(TransitionError) as err:
        desk.do("approve", card, actor="curator")
    assert str(err.value) == ("Нельзя согласовать: карточка в состоянии «новая». "
                              "Доступно: направить, отклонить, исключить (п. 20)")
    assert err.value.allowed == ("route", "dismiss", "exclude")


def test_curator_approves_a_clarification_request(make_desk) -> None:  # type: ignore[no-untyped-def]
    """A clarification request to the author is approved by the curator like a reply (p. 6)."""
    seen: list[str] = []
    desk = make_desk(listeners=WorkflowListeners(on_interim_approved=lambda s, card, draft: seen.append(draft.kind)))
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Уточните, пожалуйста, адрес.", kind="clarification")
    desk.do("approve", card, actor="curator")
    assert desk.card(card).state == "approved"
    assert seen == ["clarification"]
    assert desk.actions(card)[-1] == "approved"
    assert desk.events(card)[-1].actor == "curator"
