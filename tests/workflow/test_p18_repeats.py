"""p. 18: a repeated message on an earlier question goes to the same unit by default, and its reply
must report the measures taken or the progress. The messages come in through ingest, which finds
the earlier card itself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitor.workflow.errors import InputError

from ..monitor.fakes import vk_post
from .helpers import Desk, settings_with

POTHOLE = "В Соболево на улице Советской огромная яма на дороге, машины ломаются"
POTHOLE_AGAIN = "Соболево, Советская: яма на дороге так и не засыпана, машины ломаются"
SCHOOL = "В Соболевской школе в кабинете информатики сломаны все компьютеры, дети не могут заниматься"
SCHOOL_AGAIN = "В Соболевской школе так и не починили компьютеры в кабинете информатики, заниматься детям не на чем"


def _polled(desk: Desk, n: int, text: str) -> int:
    """Poll one post (from another resident each time) and return the card it opened."""
    desk.poll(replace(vk_post(n, text), author_id=str(700 + n)))
    card = desk.card_of(f"-100002_{n}")
    assert card is not None
    return card.id


def _earlier(desk: Desk) -> int:
    card = _polled(desk, 1, POTHOLE)
    desk.do("route", card, ["sobolevo_sp"], actor="curator")
    return card


def _repeat(desk: Desk, text: str = POTHOLE_AGAIN) -> int:
    desk.clock.advance(hours=3)
    return _polled(desk, 2, text)


def test_repeat_is_linked_and_suggested_to_the_same_unit(desk: Desk) -> None:
    """A repeat links to the earlier card and suggests its unit first, with the reason."""
    earlier = _earlier(desk)
    repeat = _repeat(desk)
    view = desk.view(repeat)
    assert view.repeat_of_id == earlier and view.requires_measures_report
    assert view.suggestions[0].code == "sobolevo_sp"
    assert "повторное обращение" in view.suggestions[0].reason
    opened = desk.events(repeat)[0]
    assert (opened.after["repeat_of"], opened.after["suggested_units"]) == (earlier, ["sobolevo_sp", "gkh"])


def test_a_near_copy_in_the_same_poll_is_linked(desk: Desk) -> None:
    """The complaint and its near-copy arrive in one poll: the later one repeats the first one's card."""
    desk.poll(replace(vk_post(1, POTHOLE), author_id="701"), replace(vk_post(2, POTHOLE_AGAIN), author_id="702"))
    first, again = desk.card_of("-100002_1"), desk.card_of("-100002_2")
    assert first is not None and again is not None
    assert (first.repeat_of_id, again.repeat_of_id) == (None, first.id)
    assert again.requires_measures_report


def test_another_problem_in_the_same_place_is_not_a_repeat(desk: Desk) -> None:
    """No water on the same street is another question, not a repeat of the pothole."""
    _earlier(desk)
    other = _repeat(desk, "В Соболево на улице Советской третий день нет воды")
    assert desk.card(other).repeat_of_id is None


def test_repeat_draft_must_report_measures(desk: Desk) -> None:
    """A reply to a repeat is refused until the executor confirms it reports the measures taken."""
    _earlier(desk)
    repeat = _repeat(desk)
    desk.do("route", repeat, ["sobolevo_sp"], actor="curator")
    with pytest.raises(InputError, match=r"п\. 18"):
        desk.do("submit_draft", repeat, actor="exec_sobolevo", text="Ответ")
    desk.do("submit_draft", repeat, actor="exec_sobolevo", text="Яму засыпали 3 марта.", measures_reported=True)
    assert desk.view(repeat).drafts[0].measures_reported is True


def test_clarification_on_a_repeat_needs_no_measures(desk: Desk) -> None:
    """A clarification request to the author of a repeat is not a reply and needs no measures report."""
    _earlier(desk)
    repeat = _repeat(desk)
    assert desk.card(repeat).requires_measures_report
    desk.do("route", repeat, ["sobolevo_sp"], actor="curator")
    desk.do("submit_draft", repeat, actor="exec_sobolevo", text="Уточните адрес", kind="clarification")
    assert desk.card(repeat).state == "draft"


def test_auto_routing_sends_a_repeat_to_the_earlier_unit(make_desk) -> None:  # type: ignore[no-untyped-def]
    """With auto-routing on, a repeat on a single-topic card goes straight to the earlier card's unit."""
    desk = make_desk(settings=settings_with(workflow={"auto_route": True}))
    earlier = _polled(desk, 1, SCHOOL)
    assert desk.card(earlier).state == "assigned"
    repeat = _repeat(desk, SCHOOL_AGAIN)
    assert desk.card(repeat).repeat_of_id == earlier and desk.card(repeat).state == "assigned"
    assert [a.unit_id for a in desk.assignments(repeat)] == [desk.unit_id("education")]


def test_same_unit_rule_can_be_turned_off(make_desk) -> None:  # type: ignore[no-untyped-def]
    """With repeat_same_unit off, a repeat is suggested by competence only."""
    desk = make_desk(settings=settings_with(workflow={"repeat_same_unit": False}))
    earlier = _earlier(desk)
    repeat = _repeat(desk)
    assert desk.card(repeat).repeat_of_id == earlier
    assert [s.code for s in desk.view(repeat).suggestions] == ["gkh"]
    assert desk.card(repeat).requires_measures_report


def test_repeats_in_a_large_poll_are_linked_like_single_ones(desk: Desk) -> None:
    """A poll big enough to open its cards in one batch links repeats the same way: of an earlier
    card (suggested to its unit), and of a message of the same poll."""
    earlier = _earlier(desk)
    desk.clock.advance(hours=3)
    desk.poll(replace(vk_post(2, POTHOLE_AGAIN), author_id="702"), replace(vk_post(3, SCHOOL), author_id="703"),
              replace(vk_post(4, SCHOOL_AGAIN), author_id="704"))
    pothole, school, again = (desk.card_of(f"-100002_{n}") for n in (2, 3, 4))
    assert pothole is not None and school is not None and again is not None
    assert (pothole.repeat_of_id, school.repeat_of_id, again.repeat_of_id) == (earlier, None, school.id)
    assert pothole.requires_measures_report and again.requires_measures_report
    assert not school.requires_measures_report
    assert desk.view(pothole.id).suggestions[0].code == "sobolevo_sp"
    opened = desk.events(pothole.id)[0]
    assert (opened.after["repeat_of"], opened.after["suggested_units"]) == (earlier, ["sobolevo_sp", "gkh"])
    assert desk.events(again.id)[0].after["repeat_of"] == school.id
    assert desk.events(again.id)[0].after["suggested_units"] == [s.code for s in desk.view(again.id).suggestions]
