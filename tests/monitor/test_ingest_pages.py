"""A fetch that comes in pages is stored as the same fetch in one piece would be, and a fetch
that fails half-way stores nothing, moves no cursor and backs the source off as before.

A first poll of many walls: its big pages are labelled in a second process (the same rules
give the same labels; a dead process loses nothing) and, on PostgreSQL, carded as they are
written, with one digest to the curators and repeats linked across pages."""

from __future__ import annotations

import csv
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from structlog.testing import capture_logs

from classifier.pipeline import Incoming
from connectors.base import (
    AuthError,
    Capabilities,
    FetchPage,
    FetchResult,
    NetworkMessage,
    PostedReply,
    Reply,
    ReplyTarget,
    TransientError,
    gather,
)
from db.models import Event, Incident, Message, Notification, Source, StageDeadline
from db.statuses import SourceStatus
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.wiring import sync_staff
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.ingest.labeling import ClassifierLabeler
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import WatchTerms

from .fakes import ScriptedConnector

KAM = ZoneInfo("Asia/Kamchatka")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=KAM)


def _post(owner: int, n: int, text: str, hours_ago: float) -> NetworkMessage:
    return NetworkMessage(platform="vk", external_id=f"{owner}_{n}", kind="post", text=text,
                          url=f"https://vk.com/wall{owner}_{n}", created_at=NOW - timedelta(hours=hours_ago),
                          owner_id=str(owner), post_id=str(n), author_id=f"50{n}", author_name="Ирина")


def _comment(owner: int, post: int, n: int, text: str, hours_ago: float) -> NetworkMessage:
    return NetworkMessage(platform="vk", external_id=f"{owner}_{post}_c{n}", kind="comment", text=text,
                          url=f"https://vk.com/wall{owner}_{post}?reply={n}",
                          created_at=NOW - timedelta(hours=hours_ago), owner_id=str(owner), post_id=str(post),
                          comment_id=str(n), parent_external_id=f"{owner}_{post}", author_id=f"60{n}")


def _pages(owner: int) -> list[list[NetworkMessage]]:
    """Three requests' worth: a comment before the page with its post, a comment whose post never
    comes, a complaint and its near-copy in different pages (the copy first, written later)."""
    return [
        [_comment(owner, 3, 31, "И у нас на Заречной воды нет, Соболево", 1),
         _post(owner, 1, "В Соболево третий день нет света на улице Советской", 5),
         _comment(owner, 1, 11, "В Устьевое тоже света нет", 4),
         _post(owner, 4, "Заречная в Соболево до сих пор сидит без воды, воду так и не дали!", 2)],
        [_post(owner, 2, "Продам лодку, недорого", 6),
         _comment(owner, 99, 1, "Соболево: яма на дороге у школы", 3)],
        [_post(owner, 3, "В Соболево на улице Заречной третий день нет воды, когда дадут воду?", 3)],
    ]


class PagedConnector:
    """Gives scripted pages (an exception stands for a request that fails) and a cursor."""

    platform = "vk"
    capabilities = Capabilities(replies=False, pages=True)

    def __init__(self, pages: list[Any], cursor: dict[str, Any]) -> None:
        self.pages = pages
        self.cursor = cursor
        self.asked: list[Any] = []
        self.given = 0
        self.threads: set[str] = set()

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        return gather(self.fetch_pages(cursor))

    def fetch_pages(self, cursor: dict[str, Any] | None) -> Iterator[FetchPage]:
        self.asked.append(cursor)
        self.threads.add(threading.current_thread().name)
        for page in self.pages:
            if isinstance(page, BaseException):
                raise page
            self.given += 1
            yield FetchPage(list(page))
        yield FetchPage([], end=FetchResult([], dict(self.cursor), requests=len(self.pages)))

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        raise NotImplementedError

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        return None

    def check(self) -> list[str]:
        return []


@pytest.fixture
def ctx(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    context = AppContext(load_settings(), FrozenClock(NOW))
    sync_staff(context)
    yield context
    context.close()


def _poller(ctx: AppContext, name: str, connector: Any) -> SourcePoller:
    return SourcePoller(name, "vk", connector, make_pipeline(ctx), ctx.sessions, ctx.clock, interval=60,
                        watch=WatchTerms.of([], []))


def _stored(ctx: AppContext, owner: int) -> dict[str, Any]:
    """What one wall's fetch left in the database, with ids replaced by the messages' own names."""
    def name(external_id: str | None) -> str | None:
        return external_id.split("_", 1)[1] if external_id else None

    parent, first, earlier = aliased(Message), aliased(Message), aliased(Message)
    with ctx.sessions() as s:
        messages = {name(m.external_id): (m.kind, name(p), m.relevant, m.topic, m.location, m.excluded,
                                          m.incident_id is not None)
                    for m, p in s.execute(select(Message, parent.external_id)
                                          .outerjoin(parent, parent.id == Message.parent_id)
                                          .where(Message.owner_id == str(owner)))}
        repeat = aliased(Incident)
        cards = {name(f): (c.state, c.topic, c.location, c.importance, name(e), c.requires_measures_report,
                           c.reply_due_at and c.reply_due_at - c.detected_at)
                 for c, f, e in s.execute(select(Incident, first.external_id, earlier.external_id)
                                          .join(first, first.id == Incident.first_message_id)
                                          .outerjoin(repeat, repeat.id == Incident.repeat_of_id)
                                          .outerjoin(earlier, earlier.id == repeat.first_message_id)
                                          .where(first.owner_id == str(owner)))}
        deadlines = s.scalar(select(func.count()).select_from(StageDeadline).join(
            Incident, Incident.id == StageDeadline.incident_id).join(first, first.id == Incident.first_message_id)
            .where(first.owner_id == str(owner)))
    return {"messages": messages, "cards": cards, "deadlines": deadlines}


def _count(ctx: AppContext, model: Any) -> int:
    with ctx.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _page_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.endswith("-pages")]


def test_a_paged_fetch_stores_what_the_same_fetch_in_one_piece_stores(ctx: AppContext) -> None:
    """Rows, parents, cards, in-batch repeats and the cursor are those of the one-piece fetch, even
    for a comment that comes two pages before its post; no fetch thread is left behind."""
    whole = ScriptedConnector(FetchResult([m for page in _pages(-1) for m in page], {"w": 3}))
    paged = PagedConnector(_pages(-2), {"w": 3})
    one_piece = _poller(ctx, "vk-whole", whole).poll()
    ctx.clock.advance(days=35)  # type: ignore[attr-defined]  # a Monday again, out of the repeat window
    in_pages = _poller(ctx, "vk-paged", paged).poll()
    assert one_piece is not None and in_pages is not None
    assert in_pages.as_dict() == one_piece.as_dict() == {**one_piece.as_dict(), "received": 7, "stored": 7}
    assert _stored(ctx, -2) == _stored(ctx, -1)
    stored = _stored(ctx, -2)
    assert stored["messages"]["3_c31"][1] == "3", "the comment points at its post from a later page"
    assert stored["messages"]["99_c1"][1] is None, "a comment whose post never came has no parent"
    assert stored["cards"]["4"][4] == "3", "the copy repeats the earlier-written complaint's card"
    with ctx.sessions() as s:
        cursors = {n: c for n, c in s.execute(select(Source.name, Source.cursor))}
    assert cursors["vk-paged"] == cursors["vk-whole"] == {"w": 3}
    assert paged.threads == {"vk-paged-pages"} and _page_threads() == []


@pytest.mark.parametrize(("error", "status", "reason"), [
    (TransientError("503 Service Unavailable"), SourceStatus.BACKOFF, None),
    (AuthError("token expired"), SourceStatus.STOPPED, "auth"),
    (KeyError("items"), SourceStatus.STOPPED, "bug"),
])
def test_a_fetch_failing_in_page_3_stores_nothing_and_reaches_the_poller(
        ctx: AppContext, error: Exception, status: str, reason: str | None) -> None:
    """Two pages were stored (on PostgreSQL already written) when the third request fails: the
    transaction is undone, the cursor stays, and the error is handled as a whole fetch's is."""
    pages = _pages(-2)
    failing = PagedConnector([pages[0], pages[1], error, pages[2]], {"w": 3})
    poller = _poller(ctx, "vk-paged", failing)
    assert poller.poll() is None
    assert failing.given == 2
    assert _count(ctx, Message) == 0 and _count(ctx, Incident) == 0 and _count(ctx, Event) == 0
    with ctx.sessions() as s:
        src = s.scalars(select(Source).where(Source.name == "vk-paged")).one()
        assert src.cursor is None and src.status == status
        if reason is None:
            assert src.failures == 1 and src.retry_at is not None
        else:
            assert (src.last_error or "").startswith(f"{reason}: ")
    assert _page_threads() == []
    if reason is None:  # after the back-off the same fetch is stored whole, from the old cursor
        ctx.clock.advance(hours=2)  # type: ignore[attr-defined]
        poller._connector = healthy = PagedConnector(pages, {"w": 3})
        stats = poller.poll()
        assert stats is not None and stats.stored == 7 and healthy.asked == [None]
        assert _count(ctx, Message) == 7


def test_a_store_killed_half_way_is_stored_once_when_polled_again(ctx: AppContext,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies while opening the cards (kill -9 leaves the transaction uncommitted, like
    this exception): nothing stays; the next poll from the same cursor stores every message once,
    and a later fetch repeating some of them (and bringing one new) stores only the new one."""
    pipeline = make_pipeline(ctx)
    real_open = pipeline._open_cards

    def killed(*_: Any) -> Any:
        raise SystemExit("killed")  # not an Exception: nothing may catch it on the way out

    monkeypatch.setattr(pipeline, "_open_cards", killed)
    poller = SourcePoller("vk-paged", "vk", PagedConnector(_pages(-2), {"w": 3}), pipeline, ctx.sessions,
                          ctx.clock, interval=60, watch=WatchTerms.of([], []))
    with pytest.raises(SystemExit):
        poller.poll()
    assert _count(ctx, Message) == 0 and _page_threads() == []
    monkeypatch.setattr(pipeline, "_open_cards", real_open)
    assert (stats := poller.poll()) is not None and stats.stored == 7
    again = _pages(-2)[2] + [replace(_post(-2, 5, "В Соболево на Советской снова нет света", 0), author_id="9")]
    poller._connector = PagedConnector([_pages(-2)[0], again], {"w": 5})
    stats = poller.poll()
    assert stats is not None and (stats.received, stats.stored, stats.duplicates) == (6, 1, 5)
    with ctx.sessions() as s:
        per_id = s.execute(select(Message.external_id, func.count()).group_by(Message.external_id)).all()
        assert len(per_id) == 8 and {n for _, n in per_id} == {1}
        assert s.scalars(select(Source.cursor).where(Source.name == "vk-paged")).one() == {"w": 5}


def test_a_bug_while_a_page_is_being_written_stores_nothing(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Labelling fails on page 2 (a bug) while page 1's rows are still being written on
    PostgreSQL: the write is abandoned with the transaction and the error reaches the caller
    (the scheduler's job logs it); once fixed, the same fetch is stored whole."""
    pipeline = make_pipeline(ctx)
    real_label = pipeline._labeler.label_many

    def broken(messages: list[Incoming], watch: Any) -> Any:
        if any("лодку" in m.text for m in messages):
            raise KeyError("topic")
        return real_label(messages, watch)

    monkeypatch.setattr(pipeline._labeler, "label_many", broken)
    poller = SourcePoller("vk-paged", "vk", PagedConnector(_pages(-2), {"w": 3}), pipeline, ctx.sessions,
                          ctx.clock, interval=60, watch=WatchTerms.of([], []))
    with pytest.raises(KeyError):
        poller.poll()
    assert _count(ctx, Message) == 0 and _count(ctx, Incident) == 0 and _page_threads() == []
    with ctx.sessions() as s:
        assert s.scalars(select(Source.cursor).where(Source.name == "vk-paged")).one() is None
    monkeypatch.setattr(pipeline._labeler, "label_many", real_label)
    assert (stats := poller.poll()) is not None and stats.stored == 7
    assert _stored(ctx, -2)["messages"].keys() == {"3_c31", "1", "1_c11", "4", "2", "99_c1", "3"}


LABELLED = Path(__file__).resolve().parents[1] / "data" / "classifier-labelled.csv"


def _texts() -> list[str]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _big_pages(owner: int, texts: list[str], per_page: int) -> list[list[Any]]:
    posts = [replace(_post(owner, n, text, hours_ago=10 - n / 1000), author_id=str(7000 + n))
             for n, text in enumerate(texts, start=1)]
    return [posts[i : i + per_page] for i in range(0, len(posts), per_page)]


def _poll_pages(ctx: AppContext, name: str, pages: list[list[Any]], pipeline: Any = None) -> Any:
    poller = SourcePoller(name, "vk", PagedConnector(pages, {"w": 1}), pipeline or make_pipeline(ctx),
                          ctx.sessions, ctx.clock, interval=60, watch=WatchTerms.of([], []))
    return poller.poll()


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

    monkeypatch.setattr(pipeline._labeler, "label_many", not_here)
    stats = _poll_pages(ctx, "vk-big", _big_pages(-5, texts, 260), pipeline)
    assert stats is not None and stats.stored == 520
    stored = _labels(ctx)
    wanted = here.label_many([Incoming(text, "vk") for text in texts], WatchTerms.of([], []))
    for n, (text, want) in enumerate(zip(texts, wanted, strict=True), start=1):
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
        stats = _poll_pages(ctx, "vk-big", _big_pages(-6, texts, 300))
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
    stats = _poll_pages(ctx, "vk-big", _big_pages(-7, texts, 150))
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
