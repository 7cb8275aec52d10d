"""A message repeating a recent card (p. 18) opens a card linked to it, flagged for measures."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from connectors.base import FetchResult
from db.models import Incident
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.wiring import sync_staff
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.ingest.relevance import WatchTerms

from .fakes import vk_post

KAM = ZoneInfo("Asia/Kamchatka")


@pytest.fixture
def ctx(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    context = AppContext(load_settings(), FrozenClock(datetime(2026, 3, 2, 10, 0, tzinfo=KAM)))
    sync_staff(context)
    yield context
    context.close()


def _poll(ctx, *posts) -> None:  # type: ignore[no-untyped-def]
    make_pipeline(ctx).store("vk-walls", "vk", FetchResult(list(posts), {}), watch=WatchTerms.of([], []))


def test_repeat_is_linked_to_the_earlier_card(ctx) -> None:  # type: ignore[no-untyped-def]
    """The same complaint a day later is a repeat of the first card; another problem is not."""
    _poll(ctx, vk_post(1, "В Соболево на улице Заречной третий день нет воды, когда дадут воду?"))
    ctx.clock.advance(days=1)
    again = replace(vk_post(2, "Заречная в Соболево до сих пор сидит без воды, воду так и не дали!"), author_id="777")
    other = vk_post(3, "В Соболево на Заречной огромная яма на дороге, машины ломаются")
    _poll(ctx, again, other)
    with ctx.sessions() as s:
        cards = {c.url.rsplit("_", 1)[1]: c for c in s.scalars(select(Incident))}
    assert cards["1"].repeat_of_id is None
    assert cards["2"].repeat_of_id == cards["1"].id and cards["2"].requires_measures_report
    assert cards["3"].repeat_of_id is None


def test_repeat_within_one_poll_is_linked_to_the_earlier_message_card(ctx) -> None:  # type: ignore[no-untyped-def]
    """A complaint and its near-copy in the same poll: the later one repeats the earlier one's card."""
    written = ctx.clock.now() - timedelta(hours=3)
    first = replace(vk_post(1, "В Соболево на улице Заречной третий день нет воды, когда дадут воду?"),
                    created_at=written)
    again = replace(vk_post(2, "Заречная в Соболево до сих пор сидит без воды, воду так и не дали!"),
                    author_id="777", created_at=written + timedelta(hours=1))
    third = replace(vk_post(3, "Соболево, Заречная: третий день без воды, воду так и не дали"),
                    author_id="778", created_at=written + timedelta(hours=2))
    other = vk_post(4, "В Соболево на Заречной огромная яма на дороге, машины ломаются")
    _poll(ctx, third, other, again, first)  # not in the order written
    with ctx.sessions() as s:
        cards = {c.url.rsplit("_", 1)[1]: c for c in s.scalars(select(Incident))}
    assert cards["1"].repeat_of_id is None and cards["4"].repeat_of_id is None
    assert cards["2"].repeat_of_id == cards["1"].id and cards["2"].requires_measures_report
    assert cards["3"].repeat_of_id in {cards["1"].id, cards["2"].id}
