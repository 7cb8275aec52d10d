"""A public page (a site without a feed) in settings.yaml: its address and CSS selectors."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from selectolax.lexbor import LexborHTMLParser

from connectors.settings import SourceSettings, http_url
from connectors.web.connector import WebConfig

__all__ = ["WebSource"]


def _selector(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        LexborHTMLParser("<p></p>").css(value)
    except Exception:  # selectolax says only that the selector is bad
        raise ValueError(f"not a CSS selector: {value!r}") from None
    return value


class WebSource(SourceSettings):
    platform: Literal["web"]
    url: str  # the list page (news, announcements)
    item: str  # one item on the list page, e.g. "article.news-item"
    link: str = "a"  # within an item: the link to the item's page
    title: str | None = None  # within an item: its title
    date: str | None = None  # within an item: its date (a datetime attribute, or text)
    text: str | None = None  # on the item's page: its text (None: extracted by readability)
    utc_offset_hours: int = Field(12, ge=-12, le=14)  # the site's time zone for dates without one
    own: bool = False  # the organization's own site: stored as context, never work

    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))
    _css = field_validator("item", "link", "title", "date", "text")(classmethod(lambda cls, v: _selector(v)))

    def own_source(self) -> bool:
        return self.own

    def connector_config(self, sandbox_base: str | None) -> WebConfig:
        """The sandbox serves the site of a source named S at ``/web/S/``."""
        return WebConfig(name=self.name, url=f"{sandbox_base}/web/{self.name}/" if sandbox_base else self.url,
                         item=self.item, link=self.link, title=self.title, date=self.date, text=self.text,
                         utc_offset_hours=self.utc_offset_hours)
