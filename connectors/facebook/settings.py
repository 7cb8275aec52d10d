"""A Facebook Page source in settings.yaml (off by default: see README's networks)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from connectors.facebook.connector import FacebookConfig
from connectors.graph import GRAPH_VERSION
from connectors.settings import SourceSettings, env_ref, resolve_secret

__all__ = ["SANDBOX_PAGE_TOKEN", "FacebookSource"]

SANDBOX_PAGE_TOKEN = "fb.sandbox.page-token"


class FacebookSource(SourceSettings):
    secrets: ClassVar[dict[str, str]] = {"page_token": "ключ страницы Facebook"}

    platform: Literal["facebook"]
    enabled: bool = False  # blocked in Russia since March 2022: on only where it can be reached
    page_id: str
    page_token: str | None = None  # ${ENV}: a Page access token (pages_read_engagement, pages_manage_engagement)
    comments_posts: int = Field(10, ge=0, le=100)
    api_base: str | None = None
    api_version: str = GRAPH_VERSION

    @field_validator("page_token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return env_ref(value)

    def connector_config(self, sandbox_base: str | None) -> FacebookConfig:
        if sandbox_base:
            return FacebookConfig(name=self.name, page_id=self.page_id, page_token=SANDBOX_PAGE_TOKEN,
                                  comments_posts=self.comments_posts, api_base=f"{sandbox_base}/graph")
        return FacebookConfig(name=self.name, page_id=self.page_id, page_token=resolve_secret(self.page_token),
                              comments_posts=self.comments_posts, api_base=self.api_base,
                              api_version=self.api_version)

    def own_author_ids(self) -> frozenset[str]:
        return frozenset({self.page_id})
