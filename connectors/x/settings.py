"""An X (Twitter) search in settings.yaml (off by default: see README's networks)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from connectors.settings import SourceSettings, env_ref, resolve_secret
from connectors.x.connector import XConfig

__all__ = ["SANDBOX_X_BEARER", "SANDBOX_X_USER", "XSource"]

SANDBOX_X_BEARER = "x.sandbox.bearer"
SANDBOX_X_USER = "x.sandbox.user"


class XSource(SourceSettings):
    secrets: ClassVar[dict[str, str]] = {"bearer_token": "ключ приложения X", "user_token": "ключ пользователя X"}

    platform: Literal["x"]
    enabled: bool = False  # blocked in Russia since March 2022: on only where it can be reached
    query: str = Field(min_length=1, max_length=512)  # e.g. "@adm_account OR to:adm_account -is:retweet"
    bearer_token: str | None = None  # ${ENV}: app-only, for search
    user_token: str | None = None  # ${ENV}: OAuth 2.0 user context (tweet.write), for replies
    account_id: str | None = None  # the administration's own account: its posts are context
    api_base: str | None = None

    @field_validator("bearer_token", "user_token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return env_ref(value)

    def connector_config(self, sandbox_base: str | None) -> XConfig:
        if sandbox_base:
            return XConfig(name=self.name, query=self.query, bearer_token=SANDBOX_X_BEARER,
                           user_token=SANDBOX_X_USER if self.user_token else None, account_id=self.account_id,
                           api_base=f"{sandbox_base}/x")
        return XConfig(name=self.name, query=self.query, bearer_token=resolve_secret(self.bearer_token),
                       user_token=resolve_secret(self.user_token), account_id=self.account_id,
                       api_base=self.api_base)

    def own_author_ids(self) -> frozenset[str]:
        return frozenset({self.account_id}) if self.account_id else frozenset()
