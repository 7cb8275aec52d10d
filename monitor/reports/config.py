"""The ``reports:`` section of settings.yaml (monthly reports, p. 23-24), validated by its own model."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.core.settings import Settings, SettingsError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signer(_Strict):
    """Who signs the note: the position, and a name (default: the one active curator's)."""

    position: str = "Куратор"
    name: str | None = None


class ReactionsSettings(_Strict):
    """How the pollers re-read likes, comments and reposts of recent posts (issue 13 item 2)."""

    days: int = Field(default=3, ge=0, le=60)  # posts younger than this; 0 turns the refresh off
    every_minutes: int = Field(default=30, ge=1)  # per source, at most this often
    max_requests: int = Field(default=3, ge=1, le=100)  # per refresh (VK: 100 posts per request)


class ReportSettings(_Strict):
    header: str | None = None  # the note's heading; default: organization.name
    number_prefix: str = ""  # e.g. «ОИП-»: the note's number is prefix + YYYY-MM
    top_messages: int = Field(20, ge=1, le=200)
    signer: Signer = Signer()
    send_to: list[str] = ["head", "curator"]  # roles the monthly report is emailed to
    send_at: str = "09:00"  # local time on the first working day of the month
    check_every_seconds: int = Field(300, ge=30)
    lease_minutes: int = Field(30, ge=1)  # a claimed run left this long by a crashed worker is taken over
    reactions: ReactionsSettings = ReactionsSettings()

    @field_validator("send_at")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("must be a time HH:MM")
        return value

    @field_validator("send_to")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        unknown = [r for r in value if r not in ("head", "curator", "admin")]
        if unknown:
            raise ValueError(f"unknown role {unknown[0]!r}; known: head, curator, admin")
        return value


def report_settings(settings: Settings) -> ReportSettings:
    data: dict[str, Any] = dict(getattr(settings, "reports", None) or {})
    try:
        return ReportSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise SettingsError(f"reports.{where}: {err['msg']}") from None
