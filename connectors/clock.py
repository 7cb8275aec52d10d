"""The one clock protocol of the project, and the clocks that satisfy it.

It lives in connectors/ because connectors may import nothing of the project, while the
publisher and the monitor may import connectors: this is the one place all three can reach.
Time comes from a clock object, never read inside domain code, so tests never sleep.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real clock: timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock for tests and replays: stands still until moved."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware instant")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at

    def advance(self, **delta: float) -> datetime:
        self._at += timedelta(**delta)
        return self._at
