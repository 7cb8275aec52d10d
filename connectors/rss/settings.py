"""An RSS/Atom source in settings.yaml, and how it becomes the connector's ``RssConfig``."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from connectors.rss.connector import RssConfig
from connectors.settings import SourceSettings, http_url

__all__ = ["RssSource"]


class RssSource(SourceSettings):
    platform: Literal["rss"]
    url: str
    own: bool = False  # the organization's own feed (its site's news): stored as context, never work

    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))

    def own_source(self) -> bool:
        return self.own

    def connector_config(self, sandbox_base: str | None) -> RssConfig:
        """The sandbox serves the feed of a source named S at ``/rss/S.xml``."""
        url = f"{sandbox_base}/rss/{self.name}.xml" if sandbox_base else self.url
        return RssConfig(name=self.name, url=url)
