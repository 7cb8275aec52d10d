"""A reply published by hand is never posted again by the publisher, and one publication that
fails never holds up the others (issue 10, item 1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from connectors.base import Connector
from db.models import Publication
from monitor.app.context import AppContext
from monitor.app.wiring import periodic_jobs, workflow_service
from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer
from monitor.workflow.errors import WorkflowError

from .test_e2e_sandbox import (
    OWN_WALL,
    approved_card,
    card,
    events,
    inject,
    publications,
    sandbox_replies,
    vk_message,
)


def _citizen_post(ctx: AppContext, sandbox: SandboxServer, text: str, author: str = "Ирина Ковалёва") -> int:
    post = inject(sandbox, text=text, author=author)
    return vk_message(ctx, post, author=author, text=text)


def _publisher_job(ctx: AppContext, connectors: dict[str, Connector]):  # type: ignore[no-untyped-def]
    """The publisher as `otklik run` schedules it."""
    [job] = [j for j in periodic_jobs(ctx, connectors) if j.name == "publisher"]
    return job.func


def _card_published_by_hand(db_url: str, card_id: int, monkeypatch: pytest.MonkeyPatch) -> int:
    from monitor.cli.main import main

    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    return main(["card", "published", str(card_id), "--url", f"https://vk.com/wall{OWN_WALL}_1?reply=5",
                 "--as", "exec_gkh"])


def test_a_reply_published_by_hand_is_not_posted_and_later_replies_are(
        ctx: AppContext, sandbox: SandboxServer, connectors: dict[str, Connector], db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Approve A, mark it published by hand, approve B, run the publisher: B once, A never."""
    card_a = approved_card(ctx, _citizen_post(ctx, sandbox, "Не вывозят мусор на Набережной"),
                           text="Мусор вывезут завтра до 12:00.")
    assert _card_published_by_hand(db_url, card_a, monkeypatch) == 0
    [pub_a] = publications(ctx)
    assert pub_a.status == "cancelled", "the queued publication is withdrawn with the manual one"
    assert "publication_cancelled" in [e.action for e in events(ctx, card_a)]
    card_b = approved_card(ctx, _citizen_post(ctx, sandbox, "Яма у школы на Центральной"),
                           text="Яму засыплем до пятницы.")
    publish = _publisher_job(ctx, connectors)
    for _ in range(3):
        publish()
        assert isinstance(ctx.clock, FrozenClock)
        ctx.clock.advance(minutes=5)
    replies = sandbox_replies(sandbox.base_url)
    assert [r["text"] for r in replies] == ["Ирина, здравствуйте! Яму засыплем до пятницы."], \
        "B is posted exactly once and A, already answered by hand, not at all"
    assert card(ctx, card_b).state == "published"
    stored_a = card(ctx, card_a)
    assert (stored_a.state, stored_a.reply_url) == ("published", f"https://vk.com/wall{OWN_WALL}_1?reply=5")
    assert {p.incident_id: p.status for p in publications(ctx)} == {card_a: "cancelled", card_b: "sent"}


def test_manual_publication_is_refused_while_the_network_is_posting_it(
        ctx: AppContext, sandbox: SandboxServer) -> None:
    """A publisher holds the row under a live lease: marking it by hand is refused, the row is kept;
    once the lease has run out (the worker died), the manual publication withdraws it."""
    from publisher.outbox import claim_due

    card_id = approved_card(ctx, _citizen_post(ctx, sandbox, "Не горят фонари на Садовой"))
    with ctx.sessions() as s, s.begin():
        [claimed] = claim_due(s, ctx.clock.now(), limit=5, lease=timedelta(minutes=2))
        claim = claimed.claim

    def by_hand() -> None:
        with ctx.sessions() as s, s.begin():
            workflow_service(ctx).publish_manually(s, card_id, actor="exec_gkh", url="https://vk.com/wall-1_1?reply=5")

    with pytest.raises(WorkflowError, match="сейчас размещается в соцсети"):
        by_hand()
    assert card(ctx, card_id).state == "approved"
    [pub] = publications(ctx)
    assert (pub.status, pub.claim) == ("sending", claim), "the publishing worker keeps its row"
    assert isinstance(ctx.clock, FrozenClock)
    ctx.clock.advance(minutes=3)
    by_hand()
    [pub] = publications(ctx)
    assert (pub.status, pub.claim) == ("cancelled", None)
    assert card(ctx, card_id).state == "published"


def test_a_reply_that_needed_manual_publication_is_closed_by_it(
        ctx: AppContext, sandbox: SandboxServer, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The publisher gave up (comments closed); the executor posts by hand: the row is not revived."""
    card_id = approved_card(ctx, _citizen_post(ctx, sandbox, "Не горят фонари на Садовой"))
    with ctx.sessions() as s, s.begin():
        row = s.scalars(select(Publication)).one()
        row.status, row.last_error = "manual", "комментарии под записью закрыты"
    assert _card_published_by_hand(db_url, card_id, monkeypatch) == 0
    [pub] = publications(ctx)
    assert pub.status == "manual" and card(ctx, card_id).state == "published"


def test_manual_publication_never_waits_for_a_worker_recording_its_outcome(
        ctx: AppContext, sandbox: SandboxServer, db_url: str) -> None:
    """A worker holds the row's lock while it records the outcome (and will lock the card next):
    the official's report, which holds the card, is refused at once instead of waiting for the
    row (the two would wait for each other)."""
    import threading

    from publisher.outbox import claim_due, still_ours

    if not db_url.startswith("postgresql"):
        pytest.skip("row locks are a PostgreSQL feature; SQLite serializes the two transactions")
    card_id = approved_card(ctx, _citizen_post(ctx, sandbox, "Не горят фонари на Садовой"))
    with ctx.sessions() as s, s.begin():
        [claimed] = claim_due(s, ctx.clock.now(), limit=5, lease=timedelta(minutes=2))
        pub_id, claim = claimed.id, claimed.claim
    refused: list[str] = []
    done = threading.Event()

    def by_hand() -> None:
        try:
            with ctx.sessions() as s, s.begin():
                workflow_service(ctx).publish_manually(s, card_id, actor="exec_gkh", url="https://vk.com/wall-1_1")
        except WorkflowError as exc:
            refused.append(str(exc))
        finally:
            done.set()

    with ctx.sessions() as worker, worker.begin():
        assert still_ours(worker, pub_id, claim or "") is not None  # the worker's lock on the row
        official = threading.Thread(target=by_hand)
        official.start()
        waited = not done.wait(timeout=20)
    official.join(timeout=60)
    assert not waited, "the official's action waited for the worker's row lock"
    assert len(refused) == 1 and "сейчас размещается в соцсети" in refused[0]
    assert card(ctx, card_id).state == "approved"
