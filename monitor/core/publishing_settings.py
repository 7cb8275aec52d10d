"""The ``publisher:`` section of settings.yaml, validated by its own model.

monitor.core.settings keeps the section as an untyped mapping; this module turns it into a frozen
object and reports the first problem as one line naming the key, e.g.
``publisher.lease_seconds: Input should be greater than or equal to 1``.

- ``interval_seconds``: how often the publisher job looks for due replies (the approval-to-post
  delay is at most about this long when nothing is queued);
- ``lease_seconds``: how long a claimed reply stays hidden from other workers; after a crash the
  reply is taken up again (and looked for under the post first) once its lease has run out;
- ``max_attempts``: transient failures (network, 5xx, rate limits) retried this many times in
  all before the card is handed to a person for manual publication.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.core.settings import Settings, SettingsError

DEFAULT_INTERVAL_S = 2.0


class PublisherSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    interval_seconds: float = Field(default=DEFAULT_INTERVAL_S, ge=0.1, le=3600)
    lease_seconds: int = Field(default=120, ge=1, le=86_400)
    max_attempts: int = Field(default=8, ge=1, le=50)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


def parse_publisher_settings(section: dict[str, Any] | None) -> PublisherSettings:
    """Validate the ``publisher:`` mapping; SettingsError names the first wrong key."""
    try:
        return PublisherSettings.model_validate(section or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = re.sub(r"^(Value error|Assertion failed), ", "", err["msg"])
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        raise SettingsError(f"publisher{where}: {msg}") from None


def publisher_settings(settings: Settings) -> PublisherSettings:
    """The validated section of loaded settings."""
    return parse_publisher_settings(settings.publisher)
