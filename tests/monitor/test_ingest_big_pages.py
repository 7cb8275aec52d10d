"""A first poll of many walls: its big pages are labelled in a second process (the same rules
give the same labels; a dead process loses nothing) and, on PostgreSQL, carded as they are
written, with one digest to the curators and repeats linked across pages."""

from __future__ import annotations

import csv
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from structlog.testing import capture_logs

from db.models import Incident, Message, Notification
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.wiring import sync_staff
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.ingest.labeling import ClassifierLabeler
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import WatchTerms

from .test_ingest_pages import NOW, PagedConnector, _post

LABELLED = Path(__file__).resolve().parents[1] / "data" / "classifier-labelled.csv"


def _texts() -> list[str]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _pages(owner: int, texts: list[str], per_page: int) -> list[list[Any]]:
    posts = [replace(_post(owner, n, text, hours_ago=10 - n / 1000), author_id=str(7000 + n))
             for n, text in enumerate(texts, start=1)]
    return [posts[i : i + per_page] for i in range(0, len(posts), per_page)]


def _poll(ctx: AppContext, name: str, pages: list[list[Any]], pipeline: Any = None) -> Any:
    poller = SourcePoller(name, "vk", PagedConnector(pages, {"w": 1}), pipeline or make_pipeline(ctx),
                          ctx.sessions, ctx.clock, interval=60, watch=WatchTerms.of([], []))
    return poller.poll()


@pytest.fixture
def ctx(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    """The service's context on the test's database, settings.yaml as shipped."""
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    context = AppContext(load_settings(), FrozenClock(NOW))
    sync_staff(context)
    yield context
    context.close()


@pytest.fixture
def process(ctx: AppContext) -> Iterator[Any]:
    """The context's labelling process, up before the poll (as after a service's first big poll)."""
    assert ctx.label_process is not None, "settings.yaml labels big pages in a second process"
    ctx.label_process.start().result(timeout=120)
    yield ctx.label_process


def _labels(ctx: AppContext) -> dict[str, list[Any]]:
    with ctx.sessions() as s:
        return {ext: rest for ext, *rest in s.execute(select(
            Message.external_id, Message.topic, Message.location, Message.importance, Message.message_kind,
            Message.excluded, Message.relevant, Message.rules))}


def test_big_pages_are_labelled_in_the_process_as_they_would_be_here(
        ctx: AppContext, process: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pages of 260 real messages: the service's own labeler is never asked (the process
    labels them), and every stored label is the one it would have given."""
    texts = _texts()[:520]
    pipeline = make_pipeline(ctx)
    here = ClassifierLabeler(ctx.classifier)

    def not_here(*_: Any, **__: Any) -> Any:
        raise AssertionError("a big page was labelled in the service's own process")

    monkeypatch.setattr(pipeline._labeler, "label", not_here)
    stats = _poll(ctx, "vk-big", _pages(-5, texts, 260), pipeline)
    assert stats is not None and stats.stored == 520
    stored = _labels(ctx)
    for n, text in enumerate(texts, start=1):
        want = here.label(text, platform="vk", official=False, geo=None, likes=0, comments=0, reposts=0,
                          watch=WatchTerms.of([], []))
        assert stored[f"-5_{n}"] == [want.topic, want.location, want.importance, want.kind, want.excluded,
                                     want.relevant, list(want.rules) or None], text


def test_a_labelling_process_killed_before_the_poll_loses_nothing(ctx: AppContext, process: Any) -> None:
    """The child is killed (out of memory, say): the poll labels its pages here, stores every
    message once, says so in the log, and the next big poll starts a new child."""
    children = multiprocessing.active_children()
    assert children, "the labelling process runs"
    for child in children:
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=30)
    texts = _texts()[:300]
    with capture_logs() as logs:
        stats = _poll(ctx, "vk-big", _pages(-6, texts, 300))
    assert stats is not None and stats.stored == 300
    assert [e["event"] for e in logs].count("labelling.process_failed") == 1
    with ctx.sessions() as s:
        assert s.scalar(select(func.count(func.distinct(Message.external_id)))) == 300
        assert s.scalar(select(func.count()).select_from(Message)) == 300
    assert not process.start().exception(timeout=120), "a fresh child builds its rules"


def test_a_rules_reload_retires_the_child(ctx: AppContext, process: Any) -> None:
    """Rules reloaded by an administrator: the child labelling with the old ones is stopped and
    the next big page starts one with the new."""
    before = {c.pid for c in multiprocessing.active_children()}
    ctx.reload_classifier()
    process.start().result(timeout=120)
    after = {c.pid for c in multiprocessing.active_children()}
    assert after and not after & before


def test_a_big_first_poll_tells_the_curators_once_and_links_repeats_across_pages(ctx: AppContext) -> None:
    """Three pages of 150 water complaints from different people about one street: each opens a
    card (p. 18: a repeat opens its own, linked), every repeat points at a card of this fetch
    (those of a later page at an earlier page's), and the curators get one digest for them all."""
    texts = [f"В Соболево на улице Заречной нет воды уже {n} час, дом {n}, когда дадут воду?" for n in range(450)]
    stats = _poll(ctx, "vk-big", _pages(-7, texts, 150))
    assert stats is not None and (stats.stored, stats.relevant, stats.cards) == (450, 450, 450)
    with ctx.sessions() as s:
        cards = dict(s.execute(select(Incident.id, Incident.repeat_of_id)).all())
        notes = s.scalars(select(Notification).where(Notification.kind.in_(["new_cards", "new_card"]))).all()
        first_page = set(s.scalars(select(Message.incident_id).where(Message.post_id.in_(
            [str(n) for n in range(1, 151)]))))
    assert len(cards) == 450
    repeats = {cid: earlier for cid, earlier in cards.items() if earlier is not None}
    assert len(repeats) > 400 and set(repeats.values()) <= cards.keys()
    assert any(earlier in first_page for cid, earlier in repeats.items() if cid not in first_page)
    assert notes and {n.kind for n in notes} == {"new_cards"}
    assert {n.context["count"] for n in notes} == {450}
    assert len({(n.user_id, n.channel) for n in notes}) == len(notes), "one digest per curator channel"
