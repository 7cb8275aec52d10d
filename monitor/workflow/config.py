"""Typed models for the ``deadlines:``, ``workflow:``, ``units:`` and ``users:`` settings.

monitor.core.settings keeps these sections as plain mappings; this module validates them once at
start-up and raises SettingsError with one line naming the key, e.g.
``deadlines.reply: duration must look like 30m, 8h, 1h30m or 7d``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from classifier.codes import AREAS
from monitor.core.settings import Settings, SettingsError, StrictModel

TOPICS = (
    "roads", "transport", "housing", "heating", "water", "power", "waste", "improvement", "animals",
    "health", "education", "social", "safety", "culture_sport", "economy", "communications",
    "administration", "other",
)
IMPORTANCES = ("critical", "high", "normal", "low")
ROLES = ("curator", "executor", "head", "admin")

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
    def _valid(cls, value: Any) -> str:
        parse_span(str(value))
        return str(value)

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

    @field_validator("locations")
    @classmethod
    def _locations(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get("locations", AREAS)
        bad = [t for t in value if t not in known]
        if bad:
            raise ValueError(f"unknown location {bad[0]!r}; accepted: {', '.join(known)}")
        return value


class UserConfig(StrictModel):
    login: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=100)
    name: str = Field(min_length=1, max_length=300)
    role: Literal["curator", "executor", "head", "admin"]
    unit: str | None = None
    email: str | None = None
    telegram: str | None = None  # Telegram chat id
    notify_via: list[Literal["email", "telegram"]] = []

    @model_validator(mode="after")
    def _executor_unit(self) -> UserConfig:
        if self.role == "executor" and not self.unit:
            raise ValueError("an executor needs a unit")
        return self


class WorkflowSettings(StrictModel):
    """The four workflow sections, validated together (users name existing units), and the
    location codes they were checked against (the district's settlements come from its rules)."""

    deadlines: DeadlinesConfig = DeadlinesConfig.model_validate({})
    workflow: WorkflowConfig = WorkflowConfig()
    units: list[UnitConfig] = []
    users: list[UserConfig] = []
    locations: tuple[str, ...] = AREAS

    @model_validator(mode="after")
    def _references(self) -> WorkflowSettings:
        codes: set[str] = set()
        for unit in self.units:
            if unit.code in codes:
                raise ValueError(f"unit code {unit.code!r} is used twice")
            codes.add(unit.code)
        logins: set[str] = set()
        for user in self.users:
            if user.login in logins:
                raise ValueError(f"login {user.login!r} is used twice")
            logins.add(user.login)
            if user.unit and user.unit not in codes:
                raise ValueError(f"user {user.login!r}: unknown unit {user.unit!r}")
        return self

    def unit(self, code: str) -> UnitConfig | None:
        return next((u for u in self.units if u.code == code), None)


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("return" if part == "return_" else str(part))
    return out or "workflow"


def parse_workflow_settings(data: dict[str, Any], locations: Sequence[str] = AREAS) -> WorkflowSettings:
    """Validate the workflow sections of a settings mapping; one-line SettingsError on a problem.

    ``locations``: the location codes units may name (the settlements' come from the rules).
    """
    try:
        return WorkflowSettings.model_validate({**data, "locations": tuple(locations)},
                                               context={"locations": tuple(locations)})
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = re.sub(r"^(Value error|Assertion failed), ", "", err["msg"])
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
        where = _where(tuple(err["loc"])).removesuffix(".duration")
        raise SettingsError(f"{where}: {msg}") from None


def workflow_settings(settings: Settings) -> WorkflowSettings:
    """The validated workflow sections of ``settings``, units' locations checked against the
    settlements of the settings' rules."""
    from monitor.core.places import location_codes

    return parse_workflow_settings({
        "deadlines": settings.deadlines or {},
        "workflow": settings.workflow or {},
        "units": settings.units or [],
        "users": settings.users or [],
    }, location_codes(settings))
