"""p. 18: a repeated message on an earlier question goes to the same unit by default, and its reply
must report the measures taken or the progress."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import InputError

from .helpers import Desk, settings_with


def _earlier(desk: Desk) -> int:
    card = desk.open()
    desk.do("route", card, ["sobolevo_sp"], actor="curator")
    return card


def test_repeat_is_linked_and_suggested_to_the_same_unit(desk: Desk) -> None:
    """A repeat links to the earlier card and suggests its unit first, with the reason."""
    earlier = _earlier(desk)
    repeat = desk.open(repeat_of=earlier)
    view = desk.view(repeat)
    assert view.repeat_of_id == earlier and view.requires_measures_report
    assert view.suggestions[0].code == "sobolevo_sp"
    assert "повторное обращение" in view.suggestions[0].reason
    opened = desk.events(repeat)[0]
    assert (opened.after["repeat_of"], opened.after["suggested_units"]) == (earlier, ["sobolevo_sp", "gkh"])


def test_repeat_draft_must_report_measures(desk: Desk) -> None:
    """A reply to a repeat is refused until the executor confirms it reports the measures taken."""
    earlier = _earlier(desk)
    repeat = desk.open(repeat_of=earlier)
    desk.do("route", repeat, ["sobolevo_sp"], actor="curator")
    with pytest.raises(InputError, match="п. 18"):
        desk.do("submit_draft", repeat, actor="exec_sobolevo", text="Ответ")
    desk.do("submit_draft", repeat, actor="exec_sobolevo", text="Яму засыпали 3 марта.", measures_reported=True)
    assert desk.view(repeat).drafts[0].measures_reported is True


def test_clarification_on_a_repeat_needs_no_measures(desk: Desk) -> None:
    """A clarification request to the author of a repeat is not a reply and needs no measures report."""
    repeat = desk.open(repeat_of=_earlier(desk))
    desk.do("route", repeat, ["sobolevo_sp"], actor="curator")
    desk.do("submit_draft", repeat, actor="exec_sobolevo", text="Уточните адрес", kind="clarification")
    assert desk.card(repeat).state == "draft"


def test_auto_routing_sends_a_repeat_to_the_earlier_unit(make_desk) -> None:  # type: ignore[no-untyped-def]
    """With auto-routing on, a repeat on a single-topic card goes straight to the earlier card's unit."""
    desk = make_desk(settings=settings_with(workflow={"auto_route": True}))
    earlier = desk.open(topic="education")
    assert desk.card(earlier).state == "assigned"
    repeat = desk.open(topic="education", repeat_of=earlier)
    assert desk.card(repeat).state == "assigned"
    assert [a.unit_id for a in desk.assignments(repeat)] == [desk.unit_id("education")]


def test_same_unit_rule_can_be_turned_off(make_desk) -> None:  # type: ignore[no-untyped-def]
    """With repeat_same_unit off, a repeat is suggested by competence only."""
    desk = make_desk(settings=settings_with(workflow={"repeat_same_unit": False}))
    earlier = _earlier(desk)
    repeat = desk.open(repeat_of=earlier)
    assert [s.code for s in desk.view(repeat).suggestions] == ["gkh"]
    assert desk.card(repeat).requires_measures_report
