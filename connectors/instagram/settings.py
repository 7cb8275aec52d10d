"""An Instagram professional account in settings.yaml (off by default: see README's networks)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from connectors.graph import GRAPH_VERSION
from connectors.instagram.connector import InstagramConfig
from connectors.settings import SourceSettings, env_ref, resolve_secret

__all__ = ["SANDBOX_IG_TOKEN", "InstagramSource"]

SANDBOX_IG_TOKEN = "ig.sandbox.token"


class InstagramSource(SourceSettings):
    secrets: ClassVar[dict[str, str]] = {"token": "ключ Instagram"}

    platform: Literal["instagram"]
    enabled: bool = False  # blocked in Russia since March 2022: on only where it can be reached
    ig_user_id: str
    token: str | None = None  # ${ENV}: instagram_basic + instagram_manage_comments
    media: int = Field(10, ge=1, le=50)
    api_base: str | None = None
    api_version: str = GRAPH_VERSION

    @field_validator("token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return env_ref(value)

    def connector_config(self, sandbox_base: str | None) -> InstagramConfig:
        if sandbox_base:
            return InstagramConfig(name=self.name, ig_user_id=self.ig_user_id, token=SANDBOX_IG_TOKEN,
                                   media=self.media, api_base=f"{sandbox_base}/graph")
        return InstagramConfig(name=self.name, ig_user_id=self.ig_user_id, token=resolve_secret(self.token),
                               media=self.media, api_base=self.api_base, api_version=self.api_version)

    def own_author_ids(self) -> frozenset[str]:
        return frozenset({self.ig_user_id})
