"""One mechanism per idea (issue 11 item 5): the layers share one clock protocol and one pair
of transient / permanent errors instead of defining twins."""

from __future__ import annotations

import connectors.rss.connector
import connectors.vk.connector
import monitor.core.clock
import publisher.posting
from connectors.base import PermanentError, TransientError
from connectors.clock import Clock
from monitor.notify import delivery, email, telegram


def test_one_clock_protocol() -> None:
    """The monitor, the publisher and the connectors name the same Clock."""
    assert monitor.core.clock.Clock is Clock
    assert publisher.posting.Clock is Clock
    assert connectors.vk.connector.Clock is Clock and connectors.rss.connector.Clock is Clock


def test_notification_channels_raise_the_connectors_errors() -> None:
    """Email and Telegram fail with the same transient / permanent errors as a network does."""
    for module in (email, telegram, delivery):
        assert module.TransientError is TransientError
        assert module.PermanentError is PermanentError


def test_one_backoff_policy() -> None:
    """Doubling from the first delay, the server's word first, never past the cap, jitter bounded."""
    from datetime import timedelta

    from connectors.backoff import Backoff

    policy = Backoff(first=60, cap=600)
    assert [policy.delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 600]
    assert policy.delay(1, retry_after=30) == timedelta(seconds=30)
    assert policy.delay(1, retry_after=7200) == timedelta(seconds=600)
    jittered = Backoff(first=10, cap=3600, jitter=0.25, max_doublings=2)
    assert jittered.delay(9, rand=lambda: 1.0) == timedelta(seconds=50)  # 10 * 2**2, +25 %


def test_polling_publishing_and_notifications_share_the_backoff() -> None:
    """The three places that retry after a transient failure use the one policy."""
    from connectors.backoff import Backoff
    from monitor.ingest import polling

    for module in (polling, publisher.posting, delivery):
        assert module.Backoff is Backoff
