"""Another district runs on its own configuration with no code change (issue 11, item 7).

tests/data/second-district holds the settings and the gazetteer of Усть-Большерецкий район
(Kamchatka): its settlements, their forms, streets and units. Loaded the way `otklik run` loads
a deployment, it checks at start-up, classifies, opens cards with the district's locations and
routes them to the district's own units; the first district's places are "outside" there.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from connectors.base import FetchResult
from db.models import Assignment, Incident, Unit
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.sources import watch_terms
from monitor.app.startup import validate
from monitor.app.wiring import sync_staff
from monitor.core.clock import FrozenClock
from monitor.core.places import location_names
from monitor.core.settings import SettingsError, load_settings, parse_settings
from monitor.workflow.words import word

from .fakes import vk_post

SECOND = Path(__file__).resolve().parents[1] / "data" / "second-district" / "settings.yaml"
KAM = ZoneInfo("Asia/Kamchatka")


@pytest.fixture
def ctx(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    context = AppContext(load_settings(SECOND), FrozenClock(datetime(2026, 3, 2, 10, 0, tzinfo=KAM)))
    validate(context.settings, lambda: context.classifier, sandbox=True)  # what `otklik run --sandbox` checks
    sync_staff(context)
    yield context
    context.close()


def _cards(ctx: AppContext) -> dict[str, tuple[str | None, list[str]]]:
    """Each card by its post number: its location and the units it is routed to."""
    with ctx.sessions() as s:
        routed = {card_id: [] for card_id in s.scalars(select(Incident.id))}
        active = (select(Assignment.incident_id, Unit.code).join(Unit, Unit.id == Assignment.unit_id)
                  .where(Assignment.active.is_(True)).order_by(Assignment.position))
        for card_id, code in s.execute(active):
            routed[card_id].append(code)
        return {card.url.rsplit("_", 1)[1]: (card.location, routed[card.id]) for card in s.scalars(select(Incident))}


def test_messages_get_the_districts_places_and_its_units(ctx: AppContext) -> None:
    """A village, a street, the settlement's own administration, the district department."""
    source = ctx.settings.sources[0]
    posts = [
        vk_post(1, "В Октябрьском на Флотской опять не вывозят мусор, контейнеры переполнены"),
        vk_post(2, "Апача: по улицам бродят бездомные собаки, страшно выйти вечером"),
        vk_post(3, "Яма на дороге по улице Бочкарева, не проехать"),
        vk_post(4, "В Соболево опять нет света, а у нас когда отключат?"),
    ]
    make_pipeline(ctx).store(source.name, "vk", FetchResult(posts, {}), watch=watch_terms(ctx.settings, source))
    cards = _cards(ctx)
    assert cards["1"] == ("oktyabrsky", ["oktyabrsky_gp"])  # waste in a village: the village's administration
    assert cards["2"] == ("apacha", ["apacha_sp"])
    assert cards["3"] == ("ust_bolsheretsk", ["gkh"])  # a street of Усть-Большерецк only; roads: the department
    assert cards["4"][0] == "outside"  # the first district's village is somewhere else here


def test_places_are_named_and_checked_from_the_districts_rules(ctx: AppContext) -> None:
    """Officials read the gazetteer's names; a unit may only name the district's own locations."""
    names = location_names(ctx.settings)
    assert (names["apacha"], names["ust_bolsheretsk"], names["district"]) == ("Апача", "Усть-Большерецк", "весь район")
    assert "sobolevo" not in names
    assert word("location", "apacha") == "Апача"  # what the queue, the card page and the CLI show
    foreign = {**ctx.settings.model_dump(by_alias=True, exclude={"base_dir"}),
               "units": [{"code": "x", "name": "X", "locations": ["sobolevo"]}], "users": []}
    with pytest.raises(SettingsError, match=r"^units\[0\]\.locations: unknown location 'sobolevo'; accepted: "
                                            r"ust_bolsheretsk, apacha"):
        parse_settings(foreign, base_dir=ctx.settings.base_dir)
