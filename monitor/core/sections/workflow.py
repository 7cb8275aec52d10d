"""The ``deadlines:``, ``workflow:``, ``units:`` and ``users:`` sections of settings.yaml.

Parsed once with the rest of the settings (monitor.core.settings.Settings); the workflow reads
them from there. Durations are written ``30m``, ``8h``, ``1h30m`` or ``7d``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from classifier.codes import IMPORTANCES, TOPICS
from db.statuses import Role
from monitor.core.sections.base import StrictModel

_DURATION = re.compile(r"^\s*(?:(?P<d>\d+)\s*d|(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?)\s*$")


@dataclass(frozen=True)
class Span:
    """A configured duration: minutes or whole days, on working or on calendar time."""

    minutes: int = 0
    days: int = 0
    working: bool = True

    @property
    def delta(self) -> timedelta:
        """The duration as a timedelta (days as 24 h; only meaningful on calendar time)."""
        return timedelta(days=self.days, minutes=self.minutes)

    def describe(self) -> str:
        """Russian, for the card and the CLI: «8 ч рабочего времени», «30 мин», «7 рабочих дн.»."""
        if self.days:
            return f"{self.days} {'рабочих' if self.working else 'календарных'} дн."
        hours, minutes = divmod(self.minutes, 60)
        text = " ".join(([f"{hours} ч"] if hours else []) + ([f"{minutes} мин"] if minutes else []))
        return f"{text} рабочего времени" if self.working else text


def parse_span(text: str, working: bool = True) -> Span:
    """``30m``, ``8h``, ``1h30m``, ``7d`` into a Span; ValueError naming the accepted forms."""
    match = _DURATION.match(str(text))
    if not match or not any(match.group(g) for g in "dhm"):
        raise ValueError("duration must look like 30m, 8h, 1h30m or 7d")
    if match.group("d"):
        span = Span(days=int(match.group("d")), working=working)
    else:
        span = Span(minutes=int(match.group("h") or 0) * 60 + int(match.group("m") or 0), working=working)
    if span.days == 0 and span.minutes == 0:
        raise ValueError("duration must be positive")
    return span


class DurationSetting(StrictModel):
    duration: str
    working: bool = True

    @field_validator("duration", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return str(value)

    @model_validator(mode="after")
    def _valid(self) -> DurationSetting:
        parse_span(self.duration)  # named by the deadline's key, not by ``.duration``
        return self

    @property
    def span(self) -> Span:
        return parse_span(self.duration, self.working)


def _d(duration: str, working: bool = True) -> DurationSetting:
    return DurationSetting(duration=duration, working=working)


class DeadlinesConfig(StrictModel):
    """The regulation's deadlines (DESIGN.md, «Deadlines»); each says working or calendar time."""

    route: DurationSetting = _d("30m")                 # p. 8: detection -> routed
    return_: DurationSetting = Field(_d("30m"), alias="return")  # p. 9: assignment -> returned
    reply: DurationSetting = _d("8h")                  # p. 10: detection -> reply published
    reply_official: DurationSetting = _d("4h")         # p. 8: official regional-government account
    draft_before_reply: DurationSetting = _d("4h")     # p. 11: draft to the curator before the reply deadline
    review: DurationSetting = _d("1h")                 # p. 12: draft -> approved or sent back
    rework: DurationSetting = _d("1h")                 # p. 13: sent back -> resubmitted
    publish: DurationSetting = _d("1h")                # p. 14: approved -> published
    contribution: DurationSetting = _d("2h")           # p. 17: assignment -> part sent (several units)
    final_after_interim: DurationSetting = _d("7d")    # p. 15: interim published -> final reply
    replace_executor: DurationSetting = _d("3d", working=False)  # p. 7: an executor left -> another appointed
    # Optional default shortening of the reply deadline per importance (pp. 8, 16), e.g.
    # {critical: 2h}; it runs on the same time as `reply` and never lengthens it. Off unless set.
    shorten_by_importance: dict[str, str] = {}

    @field_validator("shorten_by_importance")
    @classmethod
    def _importance(cls, value: dict[str, str]) -> dict[str, str]:
        for key, duration in value.items():
            if key not in IMPORTANCES:
                raise ValueError(f"unknown importance {key!r}; accepted: {', '.join(IMPORTANCES)}")
            try:
                parse_span(str(duration))
            except ValueError as exc:
                raise ValueError(f"{key}: {exc}") from None
        return {k: str(v) for k, v in value.items()}


class WorkflowConfig(StrictModel):
    auto_route: bool = False          # route at once when the competence rules give one unit
    repeat_same_unit: bool = True     # p. 18: a repeat is suggested to the earlier card's unit


class UnitConfig(StrictModel):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=50)
    name: str = Field(min_length=1, max_length=300)
    topics: list[str] = []
    locations: list[str] = []

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str]) -> list[str]:
        bad = [t for t in value if t not in TOPICS]
        if bad:
            raise ValueError(f"unknown topic {bad[0]!r}; accepted: {', '.join(TOPICS)}")
        return value

    def unknown_location(self, known: Sequence[str]) -> str | None:
        """The problem with the unit's locations, given the district's codes (settings.py checks it at load)."""
        bad = [t for t in self.locations if t not in known]
        return f"unknown location {bad[0]!r}; accepted: {', '.join(known)}" if bad else None


class UserConfig(StrictModel):
    login: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=100)
    name: str = Field(min_length=1, max_length=300)
    role: Literal["curator", "executor", "head", "admin"]  # db.statuses.PERSON_ROLES
    unit: str | None = None
    email: str | None = None
    telegram: str | None = None  # Telegram chat id
    notify_via: list[Literal["email", "telegram"]] = []

    @model_validator(mode="after")
    def _executor_unit(self) -> UserConfig:
        if self.role == Role.EXECUTOR and not self.unit:
            raise ValueError("an executor needs a unit")
        return self
