"""One mechanism per idea (issue 11 item 5): the layers share one clock protocol and one pair
of transient / permanent errors instead of defining twins."""

from __future__ import annotations

import connectors.rss
import connectors.vk
import monitor.core.clock
import publisher.posting
from connectors.base import PermanentError, TransientError
from connectors.clock import Clock
from monitor.notify import delivery, email, telegram


def test_one_clock_protocol() -> None:
    """The monitor, the publisher and the connectors name the same Clock."""
    assert monitor.core.clock.Clock is Clock
    assert publisher.posting.Clock is Clock
    assert connectors.vk.Clock is Clock and connectors.rss.Clock is Clock


def test_notification_channels_raise_the_connectors_errors() -> None:
    """Email and Telegram fail with the same transient / permanent errors as a network does."""
    for module in (email, telegram, delivery):
        assert module.TransientError is TransientError
        assert module.PermanentError is PermanentError
