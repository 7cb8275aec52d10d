"""The one retry policy of the project: polling a source, publishing a reply, delivering a
notification all wait the same way after a transient failure.

The server's word (``TransientError.retry_after``) wins; else the first delay doubles with
each attempt, up to ``max_doublings`` times; a random share of up to ``jitter`` is added so
workers that failed together do not retry together; the wait never exceeds ``cap``.
Here beside the errors it reads, where the monitor and the publisher can both import it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Backoff:
    first: float  # seconds before the second attempt
    cap: float  # the longest wait, in seconds
    jitter: float = 0.0  # up to this share of the wait is added at random (0.25: up to +25 %)
    max_doublings: int = 30

    def delay(self, attempt: int, retry_after: float | None = None,
              rand: Callable[[], float] = random.random) -> timedelta:
        """The wait after failed attempt number ``attempt`` (1 for the first failure)."""
        if retry_after is not None and retry_after > 0:
            base = retry_after
        else:
            base = self.first * 2 ** min(max(attempt - 1, 0), self.max_doublings)
        return timedelta(seconds=min(base * (1 + self.jitter * rand()), self.cap))
