"""An OK source in settings.yaml, and how it becomes the connector's ``OkConfig``."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from connectors.ok.connector import OkConfig
from connectors.settings import SourceSettings, env_ref, resolve_secret

__all__ = ["SANDBOX_OK", "OkSource"]

# The sandbox network's application and token: it signs and checks with these.
SANDBOX_OK = {"application_key": "CBAOKSANDBOX", "application_secret_key": "ok.sandbox.secret",
              "access_token": "ok.sandbox.token"}


class OkSource(SourceSettings):
    secrets: ClassVar[dict[str, str]] = {
        "application_secret_key": "секретный ключ приложения OK", "access_token": "токен OK",
        "session_secret_key": "сессионный ключ OK",
    }

    platform: Literal["ok"]
    application_key: str | None = None  # the public key of the OK application (not a secret)
    application_secret_key: str | None = None  # ${ENV}
    access_token: str | None = None  # ${ENV}: a token with VALUABLE_ACCESS (LONG_ACCESS_TOKEN)
    session_secret_key: str | None = None  # ${ENV}, optional: signs instead of md5(token + secret)
    groups: list[str] = Field(default_factory=list)  # watched group ids
    group_id: str | None = None  # the administration's own group: what it posts is context
    comments_topics: int = Field(10, ge=0, le=100)
    api_base: str | None = None

    @field_validator("application_secret_key", "access_token", "session_secret_key")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return env_ref(value)

    @field_validator("groups", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        return [str(v) for v in value] if isinstance(value, list) else value

    @field_validator("group_id", mode="before")
    @classmethod
    def _id(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    def connector_config(self, sandbox_base: str | None) -> OkConfig:
        common = {"name": self.name, "groups": tuple(self.groups), "group_id": self.group_id,
                  "comments_topics": self.comments_topics}
        if sandbox_base:
            return OkConfig(**common, **SANDBOX_OK, api_base=f"{sandbox_base}/ok")  # type: ignore[arg-type]
        return OkConfig(**common, application_key=self.application_key,  # type: ignore[arg-type]
                        application_secret_key=resolve_secret(self.application_secret_key),
                        access_token=resolve_secret(self.access_token),
                        session_secret_key=resolve_secret(self.session_secret_key), api_base=self.api_base)

    def own_author_ids(self) -> frozenset[str]:
        """Topics and comments written as our group (``group:<id>``)."""
        return frozenset({f"group:{self.group_id}"}) if self.group_id else frozenset()
