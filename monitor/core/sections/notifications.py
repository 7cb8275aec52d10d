"""The ``notifications:`` section of settings.yaml: SMTP, Telegram, reminders, retries.

Parsed once with the rest of the settings (monitor.core.settings.Settings).
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from monitor.core.sections.base import StrictModel, env_ref


class SmtpSettings(StrictModel):
    """An SMTP relay; ``starttls`` upgrades a plain connection, ``ssl`` connects over TLS at once."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False
    from_address: str = Field(default="otklik@localhost", alias="from", min_length=3)
    user: str | None = None  # ${ENV} reference
    password: str | None = None  # ${ENV} reference
    timeout: float = Field(default=30.0, gt=0, le=300)

    _refs = field_validator("user", "password")(classmethod(lambda cls, v: env_ref(v)))

    @field_validator("from_address")
    @classmethod
    def _address(cls, value: str) -> str:
        if "@" not in value:
            raise ValueError("must be an email address, e.g. otklik@admin.example.ru")
        return value

    @model_validator(mode="after")
    def _one_tls_mode(self) -> SmtpSettings:
        if self.starttls and self.ssl:
            raise ValueError("starttls and ssl exclude each other: choose one")
        return self


class TelegramSettings(StrictModel):
    """A Telegram bot that writes to users who started it (their chat id is in the user's profile)."""

    enabled: bool = False
    token: str | None = None  # ${ENV} reference to the bot token from @BotFather
    api_base: str = "https://api.telegram.org"
    timeout: float = Field(default=15.0, gt=0, le=120)

    _ref = field_validator("token")(classmethod(lambda cls, v: env_ref(v)))

    @field_validator("api_base")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")


class RetrySettings(StrictModel):
    """Bounded retries with exponential backoff: first_delay, doubled each time, capped."""

    max_attempts: int = Field(default=6, ge=1, le=50)
    first_delay: int = Field(default=60, ge=1)  # seconds
    max_delay: int = Field(default=3600, ge=1)  # seconds
    lease: int = Field(default=300, ge=10)  # seconds a claimed row stays invisible to other workers

    @model_validator(mode="after")
    def _ordered(self) -> RetrySettings:
        if self.first_delay > self.max_delay:
            raise ValueError("first_delay must not exceed max_delay")
        return self


class NotificationSettings(StrictModel):
    base_url: str | None = None  # links to cards; None = http://{web.host}:{web.port}
    reminder_points: list[float] = [0.5, 0.8]  # fractions of a stage's duration
    batch: int = Field(default=50, ge=1, le=1000)  # rows one sender run delivers at most
    smtp: SmtpSettings = SmtpSettings()
    telegram: TelegramSettings = TelegramSettings()
    retry: RetrySettings = RetrySettings()

    @field_validator("base_url")
    @classmethod
    def _base(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://", value):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    @field_validator("reminder_points")
    @classmethod
    def _points(cls, value: list[float]) -> list[float]:
        for point in value:
            if not 0 < point < 1:
                raise ValueError("each point is a fraction of the stage between 0 and 1, e.g. 0.5")
        percents = [round(point * 100) for point in value]
        if any(not 1 <= p <= 99 for p in percents) or len(set(percents)) != len(percents):
            raise ValueError("points must be distinct whole percents of the stage, e.g. [0.5, 0.8]")
        return sorted(value)
