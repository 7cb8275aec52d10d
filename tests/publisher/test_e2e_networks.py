"""Every network end to end through the production path: the project's settings build the
pollers and connectors against the sandbox; a resident's comment injected there becomes a card;
the approved reply is posted once where the network takes replies, or the card asks a person
to publish it, with the reason (issue 14: OK, Telegram)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import select

from db.models import Event, Message
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.sources import build_connectors, build_pollers
from monitor.sandbox import SandboxServer
from tests.short_waits import short_long_polls

from .test_e2e_sandbox import app_context, approve_open_card, card, make_publisher, sandbox_replies, start_sandbox

TEXT = "В Соболево на Набережной третий день нет воды, когда дадут?"
SOURCES = {"ok": "ok-groups", "telegram": "telegram-district"}


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox()
    yield server
    server.stop()


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    context = app_context(db_url)
    yield context
    context.close()


def post(sandbox: SandboxServer, body: dict[str, Any]) -> dict[str, Any]:
    answer = requests.post(f"{sandbox.base_url}/_sandbox/posts", json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def comment_card(ctx: AppContext, sandbox: SandboxServer, network: str) -> tuple[int, dict[str, Any], Message]:
    """A post by the administration and a resident's comment under it, polled as `otklik run`
    polls; (the card the comment opened, the injected comment, its stored message)."""
    [poller] = [p for p in build_pollers(ctx, make_pipeline(ctx), sandbox.base_url) if p.name == SOURCES[network]]
    poller.poll()  # the first poll marks where reading starts
    parent = post(sandbox, {"network": network, "text": "График подачи воды на неделю", "author": "group"})
    comment = post(sandbox, {"network": network, "post_id": parent["post_id"], "text": TEXT,
                             "author": "Ирина Ковалёва"})
    stats = poller.poll()
    assert stats is not None and stats.cards == 1, stats
    with ctx.sessions() as s:
        [message] = s.scalars(select(Message).where(Message.incident_id.is_not(None))).all()
        s.expunge(message)
    assert message.text == TEXT and message.comment_id == str(comment["comment_id"])
    assert message.incident_id is not None
    return message.incident_id, comment, message


def test_telegram_comment_becomes_a_card_and_the_reply_answers_it_once(ctx: AppContext,
                                                                       sandbox: SandboxServer) -> None:
    card_id, comment, _ = comment_card(ctx, sandbox, "telegram")
    approve_open_card(ctx, card_id, text="Воду дадут сегодня к 18 часам.")
    connectors = build_connectors(ctx.settings, sandbox.base_url)
    assert [d.status for d in make_publisher(ctx, connectors).run_until_idle()] == ["sent"]
    [reply] = [r for r in sandbox_replies(sandbox.base_url) if r["network"] == "telegram"]
    assert reply["reply_to_message_id"] == comment["comment_id"]
    assert reply["text"] == "Ирина, здравствуйте! Воду дадут сегодня к 18 часам."
    assert card(ctx, card_id).state == "published"
    assert make_publisher(ctx, connectors).run_until_idle() == []
    assert len(sandbox_replies(sandbox.base_url)) == 1


def test_ok_comment_becomes_a_card_whose_reply_is_published_by_hand(ctx: AppContext,
                                                                    sandbox: SandboxServer) -> None:
    card_id, comment, message = comment_card(ctx, sandbox, "ok")
    approve_open_card(ctx, card_id, text="Воду дадут сегодня к 18 часам.")
    connectors = build_connectors(ctx.settings, sandbox.base_url)
    assert [d.status for d in make_publisher(ctx, connectors).run_until_idle()] == ["manual"]
    assert sandbox_replies(sandbox.base_url) == []
    with ctx.sessions() as s:
        failed = s.scalars(select(Event).where(Event.incident_id == card_id,
                                               Event.action == "publication_failed")).one()
    assert "Одноклассники" in (failed.note or "") and "вручную" in (failed.note or "")
    assert message.url == comment["url"], "the link the executor opens to publish"


def test_a_long_poll_killed_mid_stream_and_restarted_makes_each_event_one_card(ctx: AppContext,
                                                                               sandbox: SandboxServer) -> None:
    """Events read by a long poll that died before storing them are read again after the restart
    from the stored ts; with the wall poller reading the same wall, each comment is still one card,
    and the approved reply lands under it once (issue 14 item 3)."""
    ctx.settings = short_long_polls(ctx.settings)

    def pollers() -> dict[str, Any]:
        return {p.name: p for p in build_pollers(ctx, make_pipeline(ctx), sandbox.base_url)}

    first = pollers()
    live = first["vk-own-live"]
    assert live.streaming and not first["vk-walls"].streaming
    live.poll()  # the stream starts now
    first["vk-walls"].poll()  # the scenario's walls as they are
    with ctx.sessions() as s:
        before = set(s.scalars(select(Message.incident_id).where(Message.incident_id.is_not(None))).all())
    parent = post(sandbox, {"network": "vk", "text": "График подачи воды", "author": "group"})
    texts = [f"В Соболево нет воды на улице номер {i}" for i in range(3)]
    for text in texts:
        post(sandbox, {"network": "vk", "post_id": parent["post_id"], "text": text, "author": "Ирина Ковалёва"})
    live._connector.fetch(_stored_cursor(ctx, "vk-own-live"))  # read, then killed before storing
    restarted = pollers()
    assert restarted["vk-own-live"].poll().cards == 3  # type: ignore[union-attr]
    walls = restarted["vk-walls"].poll()
    assert walls is not None and walls.cards == 0, "the wall poller finds them stored already"
    assert restarted["vk-own-live"].poll().cards == 0  # type: ignore[union-attr]
    with ctx.sessions() as s:
        cards = s.scalars(select(Message.incident_id).where(Message.text.in_(texts)).order_by(Message.id)).all()
        after = set(s.scalars(select(Message.incident_id).where(Message.incident_id.is_not(None))).all())
    assert after - before == set(cards)
    assert len(cards) == 3 and len(set(cards)) == 3
    approve_open_card(ctx, cards[0], text="Воду дадут к вечеру.")
    assert [d.status for d in make_publisher(ctx, build_connectors(ctx.settings, sandbox.base_url))
            .run_until_idle()] == ["sent"]
    [reply] = sandbox_replies(sandbox.base_url)
    assert reply["post_id"] == parent["post_id"] and reply["text"].startswith("Ирина, здравствуйте!")


def _stored_cursor(ctx: AppContext, name: str) -> Any:
    from db.models import Source

    with ctx.sessions() as s:
        return s.scalars(select(Source.cursor).where(Source.name == name)).one()


def test_a_public_page_item_becomes_a_card_whose_reply_is_published_by_hand(ctx: AppContext,
                                                                            sandbox: SandboxServer) -> None:
    """A settlement's news item (no feed: selectors, conditional GET) opens a card; the reply can
    only be published by hand on the site, and the card says so."""
    [poller] = [p for p in build_pollers(ctx, make_pipeline(ctx), sandbox.base_url) if p.name == "web-settlement-news"]
    poller.poll()
    item = post(sandbox, {"network": "web", "site": "web-settlement-news", "title": "Жители жалуются",
                          "text": "В Соболево на Набережной третий день нет воды, жители просят помочь."})
    stats = poller.poll()
    assert stats is not None and stats.cards == 1
    with ctx.sessions() as s:
        [message] = s.scalars(select(Message).where(Message.incident_id.is_not(None))).all()
    assert message.url.endswith(str(item["url"])) and message.text.startswith("Жители жалуются. В Соболево")
    assert message.incident_id is not None
    approve_open_card(ctx, message.incident_id, text="Воду дадут сегодня к 18 часам.")
    connectors = build_connectors(ctx.settings, sandbox.base_url)
    assert [d.status for d in make_publisher(ctx, connectors).run_until_idle()] == ["manual"]
    assert poller.poll() is not None and poller.poll().cards == 0  # type: ignore[union-attr]
