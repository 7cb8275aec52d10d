"""p. 8: within 30 minutes the curator routes the card to the competent unit(s); the service suggests
them by topic and location, and routes by itself only when told to and the choice is unambiguous."""

from __future__ import annotations

import pytest

from monitor.core.settings import Settings, load_settings
from monitor.workflow.errors import InputError, NotFoundError
from monitor.workflow.routing import UnitInfo, suggest_units

from ..monitor.fakes import vk_post
from .helpers import Desk, local, settings_with


@pytest.mark.parametrize(("topic", "location", "expected"), [
    ("roads", "sobolevo", ["gkh"]),
    ("waste", "ustyevoye", ["ustyevoye_sp"]),          # the settlement before the district department
    ("improvement", "krutogorovsky", ["krutogorovsky_sp"]),
    ("improvement", "district", ["gkh"]),               # no settlement for the whole district
    ("education", "unknown", ["education"]),
    ("safety", "sobolevo", ["gochs"]),
    ("other", "sobolevo", ["affairs"]),
])
def test_suggestion_by_competence(desk: Desk, topic: str, location: str, expected: list[str]) -> None:
    """The curator sees the competent unit suggested for the card's topic and location."""
    card = desk.open(topic=topic, location=location)
    assert [s.code for s in desk.view(card).suggestions] == expected


def test_secondary_topics_add_units() -> None:
    """A message about roads and a school suggests both departments, the main topic first."""
    units = [UnitInfo("gkh", "ЖКХ", frozenset({"roads"}), frozenset({"sobolevo"})),
             UnitInfo("education", "Образование", frozenset({"education"}), frozenset({"sobolevo"}))]
    advice = suggest_units(units, topic="roads", location="sobolevo", topics=["roads", "education"])
    assert advice.codes == ["gkh", "education"]
    assert not advice.unambiguous


def test_routing_within_thirty_minutes_is_recorded(desk: Desk) -> None:
    """Routing at 10:20 meets the 10:30 route deadline and the card goes to «направлена исполнителю»."""
    card = desk.open()
    desk.now("2026-03-02", "10:20")
    desk.do("route", card, ["gkh"], actor="curator")
    route = desk.stage(card, "route")
    assert local(route.due_at) == "2026-03-02 10:30"
    assert local(route.done_at) == "2026-03-02 10:20"
    view = desk.view(card)
    assert view.state_label == "направлена исполнителю"
    assert [u.code for u in view.units] == ["gkh"]
    routed = desk.events(card)[-1]
    assert (routed.action, routed.actor, routed.before["state"], routed.after["units"]) == (
        "routed", "curator", "new", ["gkh"])


def test_night_message_is_routed_by_half_past_nine(desk: Desk) -> None:
    """A message detected at 20:00 must be routed by 09:30 the next working morning."""
    desk.now("2026-03-02", "20:00")
    card = desk.open()
    assert local(desk.stage(card, "route").due_at) == "2026-03-03 09:30"


def test_curator_may_choose_another_unit(desk: Desk) -> None:
    """The suggestion is advice: the curator routes a roads card to the settlement instead."""
    card = desk.open()
    desk.do("route", card, ["sobolevo_sp"], actor="curator", note="улица поселения")
    assert [u.code for u in desk.view(card).units] == ["sobolevo_sp"]
    assert desk.events(card)[-1].note == "улица поселения"


def test_unknown_unit_is_refused(desk: Desk) -> None:
    """Routing to a unit code that does not exist names the existing codes."""
    card = desk.open()
    with pytest.raises(NotFoundError, match=r"Подразделение «nope» не найдено\. Есть: gkh"):
        desk.do("route", card, ["nope"], actor="curator")
    with pytest.raises(InputError):
        desk.do("route", card, [], actor="curator")
    assert desk.card(card).state == "new"


def test_auto_routing_when_unambiguous(make_desk) -> None:  # type: ignore[no-untyped-def]
    """With workflow.auto_route on, a card with one competent unit is routed at once by the system."""
    desk = make_desk(settings=settings_with(workflow={"auto_route": True}))
    card = desk.open(topic="education", location="sobolevo")
    assert desk.card(card).state == "assigned"
    assert desk.actions(card) == ["opened", "routed"]
    assert desk.events(card)[-1].actor == "system"


def test_no_auto_routing_when_ambiguous_or_off(make_desk, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    """An ambiguous card waits for the curator; and auto-routing is off by default."""
    auto = make_desk(settings=settings_with(workflow={"auto_route": True}))
    several = auto.open(topic="roads", topics=["roads", "education"])
    assert auto.card(several).state == "new"
    default = desk.open(topic="education")
    assert desk.card(default).state == "new"


def _official(source: str) -> Settings:
    """The project's settings with ``source`` marked as an official regional-government account."""
    sources = [{**s.model_dump(), "official": s.name == source} for s in load_settings().sources]
    return settings_with(sources=sources)


def test_official_account_reply_is_due_in_four_hours(make_desk) -> None:  # type: ignore[no-untyped-def]
    """A message polled from a source the settings mark `official` (a regional-government account)
    is due in 4 working hours (p. 8): Monday 10:00 -> 15:00, lunch excluded; the same message from
    an ordinary source is due in 8, the next morning at 10:00."""
    official = make_desk(settings=_official("vk-walls"))
    official.poll(vk_post(1, "В Соболево на улице Советской огромная яма на дороге"))
    card = official.card_of("-100002_1")
    assert card is not None and card.official
    assert local(card.reply_due_at) == "2026-03-02 15:00"
    ordinary = make_desk(settings=_official("rss-district-news"))
    ordinary.poll(vk_post(2, "В Соболево на улице Заречной огромная яма на дороге"))
    card = ordinary.card_of("-100002_2")
    assert card is not None and not card.official
    assert local(card.reply_due_at) == "2026-03-03 10:00"
