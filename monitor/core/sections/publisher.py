"""The ``publisher:`` section of settings.yaml, parsed once with the rest of the settings.

- ``interval_seconds``: how often the publisher job looks for due replies (the approval-to-post
  delay is at most about this long when nothing is queued);
- ``lease_seconds``: how long a claimed reply stays hidden from other workers; after a crash the
  reply is taken up again (and looked for under the post first) once its lease has run out;
- ``max_attempts``: transient failures (network, 5xx, rate limits) retried this many times in
  all before the card is handed to a person for manual publication.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from monitor.core.sections.base import StrictModel

DEFAULT_INTERVAL_S = 2.0


class PublisherSettings(StrictModel):
    interval_seconds: float = Field(default=DEFAULT_INTERVAL_S, ge=0.1, le=3600)
    lease_seconds: int = Field(default=120, ge=1, le=86_400)
    max_attempts: int = Field(default=8, ge=1, le=50)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)
