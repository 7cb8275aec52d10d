"""The organization's own communities and accounts are context, never work (issue 10, item 6):
their posts and comments are stored (a citizen's comment under them keeps its thread) but open
no card. Driven through the real poll path: settings -> pollers -> connector -> ingest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
import yaml
from sqlalchemy import select

from connectors.base import FetchResult
from db.models import Incident, Message
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.sources import build_pollers
from monitor.app.wiring import sync_staff
from monitor.core.clock import FrozenClock
from monitor.core.settings import parse_settings
from monitor.ingest.polling import SourcePoller
from monitor.sandbox import SandboxServer

from .fakes import ScriptedConnector, vk_comment, vk_post

ROOT = Path(__file__).resolve().parents[2]
OWN_WALL = -100001  # the administration's community (group_id in settings.yaml)
KAM = ZoneInfo("Asia/Kamchatka")


def _context(**organization: Any) -> AppContext:
    """The project's settings (plus ``organization`` keys) on the test's database."""
    data = yaml.safe_load((ROOT / "settings.yaml").read_text(encoding="utf-8"))
    data["organization"].update(organization)
    ctx = AppContext(parse_settings(data, base_dir=ROOT), FrozenClock(datetime(2026, 3, 2, 10, 0, tzinfo=KAM)))
    sync_staff(ctx)
    return ctx


@pytest.fixture
def ctx(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    context = _context()
    yield context
    context.close()


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, default_owner_id=OWN_WALL).start()
    server.state.options.requests_per_second = 0
    yield server
    server.stop()


def _pollers(ctx: AppContext, sandbox: SandboxServer) -> dict[str, SourcePoller]:
    return {p.name: p for p in build_pollers(ctx, make_pipeline(ctx), sandbox.base_url)}


def _inject(sandbox: SandboxServer, **body: Any) -> dict[str, Any]:
    answer = requests.post(f"{sandbox.base_url}/_sandbox/posts", json={"network": "vk", **body}, timeout=10)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _message(ctx: AppContext, external_id: str) -> Message:
    with ctx.sessions() as s:
        return s.scalars(select(Message).where(Message.external_id == external_id)).one()


def test_community_post_opens_no_card_a_citizen_comment_under_it_does(ctx: AppContext,
                                                                      sandbox: SandboxServer) -> None:
    """The administration posts about a water cut-off on its wall: stored, no card; a resident's
    question under it is a card, and its thread still leads to the administration's post."""
    vk = _pollers(ctx, sandbox)["vk-walls"]
    assert vk.poll() is not None  # the scenario's walls as they are now
    with ctx.sessions() as s:
        ours = s.scalars(select(Message).where(Message.author_id == str(OWN_WALL))).all()
        assert ours and all(m.incident_id is None for m in ours), "the scenario's own news opened cards"
    post = _inject(sandbox, author="group", text="Уважаемые жители с. Соболево! Завтра с 10:00 до 14:00 "
                                                 "не будет холодной воды на ул. Заречной из-за ремонта водопровода.")
    comment = _inject(sandbox, post_id=post["post_id"], author="Ирина Ковалёва",
                      text="А на Набережной в Соболево тоже воды не будет? У нас и так напор никакой")
    stats = vk.poll()
    assert stats is not None and stats.cards == 1
    news = _message(ctx, f"{OWN_WALL}_{post['post_id']}")
    assert (news.author_id, news.incident_id, news.relevant) == (str(OWN_WALL), None, False)
    question = _message(ctx, f"{OWN_WALL}_{post['post_id']}_c{comment['comment_id']}")
    assert question.incident_id is not None and question.parent_id == news.id


def test_the_administrations_news_feed_opens_no_card(ctx: AppContext, sandbox: SandboxServer) -> None:
    """The district's own news feed (`own: true` in settings.yaml) is stored, and none of its
    twelve entries, about water, roads and bears in Соболево, becomes a card."""
    stats = _pollers(ctx, sandbox)["rss-district-news"].poll()
    assert stats is not None and stats.stored >= 10 and stats.cards == 0
    with ctx.sessions() as s:
        assert s.scalars(select(Incident)).all() == []


def test_accounts_named_in_settings_are_the_organizations_own(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An official's page and a settlement's community listed in organization.own_accounts open
    no card; a resident writing the same on the same wall does."""
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    ctx = _context(own_accounts={"vk": [500001, -100003]})
    official = replace(vk_comment(1, 7, "Ирина, в Соболево воду дадут к 18:00."), author_id="500001")
    settlement = replace(vk_post(2, "В Соболево завтра отключат воду на Заречной"), author_id="-100003")
    resident = vk_post(3, "В Соболево на Заречной опять нет воды")
    connector = ScriptedConnector(FetchResult([vk_post(1, "Продам лодку"), official, settlement, resident], {}))
    [vk] = [p for p in build_pollers(ctx, make_pipeline(ctx), connectors={"vk-walls": connector,
                                                                           "rss-district-news": ScriptedConnector()})
            if p.name == "vk-walls"]
    stats = vk.poll()
    assert stats is not None and (stats.stored, stats.cards) == (4, 1)
    assert _message(ctx, "-100002_3").incident_id is not None
    ctx.close()
