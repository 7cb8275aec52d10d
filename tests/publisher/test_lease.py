"""A publisher whose lease ran out and whose row another worker took over writes nothing over it
(issue 10, item 14a): a slow worker's late "comments closed" must not turn a reply the second
worker posted into "needs manual publication" (which would invite a second, manual reply)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from connectors.base import Connector, PermanentError, PostedReply, Reply, ReplyTarget, TransientError
from db.models import Notification
from monitor.app.context import AppContext
from monitor.app.wiring import make_publisher
from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer
from publisher.posting import Publisher

from .test_e2e_sandbox import (
    VK_SOURCE,
    card,
    comment_card,
    events,
    publications,
    sandbox_replies,
)


class SlowWorkerVk:
    """The first worker's connector: its request hangs past the lease, meanwhile a second worker
    takes the row over and posts it, then the network's late answer is an error."""

    def __init__(self, real: Connector, clock: FrozenClock, second: Publisher, late: Exception) -> None:
        self.real, self.clock, self.second, self.late = real, clock, second, late
        self.platform = real.platform
        self.second_worker: list[str] = []

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        self.clock.advance(minutes=5)  # the lease (2 minutes) runs out while we wait
        self.second_worker += [d.status for d in self.second.run_once()]
        raise self.late

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.mark.parametrize("late", [PermanentError("комментарии под записью закрыты (error 212)"),
                                  TransientError("HTTP 502")], ids=["comments closed", "server error"])
def test_a_worker_whose_lease_ran_out_writes_nothing(late: Exception, ctx: AppContext, sandbox: SandboxServer,
                                                     connectors: dict[str, Connector]) -> None:
    """Worker 1 claims, its lease expires, worker 2 claims and posts; worker 1's late error changes
    neither the row nor the card, and nobody is asked to publish by hand."""
    card_id, comment = comment_card(ctx, sandbox)
    assert isinstance(ctx.clock, FrozenClock)
    second = make_publisher(ctx, connectors)
    slow = SlowWorkerVk(connectors[VK_SOURCE], ctx.clock, second, late)
    first = make_publisher(ctx, {VK_SOURCE: slow})  # type: ignore[dict-item]
    assert [d.status for d in first.run_once()] == ["lost_claim"]
    assert slow.second_worker == ["sent"]
    [reply] = sandbox_replies(sandbox.base_url)
    assert reply["reply_to_comment"] == comment["comment_id"]
    [pub] = publications(ctx)
    assert (pub.status, pub.url, pub.last_error, pub.claim) == ("sent", card(ctx, card_id).reply_url, None, None)
    assert card(ctx, card_id).state == "published"
    actions = [e.action for e in events(ctx, card_id)]
    assert "publication_failed" not in actions and "publication_retry" not in actions
    with ctx.sessions() as s:
        assert s.scalars(select(Notification).where(Notification.kind == "manual_publication")).all() == []
    assert second.run_until_idle() == [] and len(sandbox_replies(sandbox.base_url)) == 1
