"""Reading a site without a feed: the list page through the CSS selectors of settings, and an
article's text through its own selector or, without one, readability's main-content extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timezone
from urllib.parse import urljoin

from lxml.etree import ParserError
from readability import Document
from readability.readability import Unparseable
from selectolax.lexbor import LexborHTMLParser, LexborNode

from connectors.html_text import html_to_text

__all__ = ["UNPARSEABLE", "ListItem", "article_text", "parse_date", "parse_list"]

# What an unparseable page raises in readability and lxml (broken markup, not a bug of ours).
UNPARSEABLE: tuple[type[Exception], ...] = (Unparseable, ParserError, ValueError)

_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
           "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
_RU_DATE = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})(?:\D+(\d{1,2}):(\d{2}))?", re.I)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\D+(\d{1,2}):(\d{2}))?")


@dataclass(frozen=True, slots=True)
class ListItem:
    url: str
    title: str
    date: datetime | None


def parse_date(text: str | None, tz: timezone = UTC) -> datetime | None:
    """ISO 8601, ``05.03.2026 [10:30]`` or ``5 марта 2026 [10:30]``; naive times in ``tz``."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=tz)
    except ValueError:
        pass
    for pattern in (_DOTTED, _RU_DATE):
        match = pattern.search(text)
        if not match:
            continue
        day, month_text, year, hour, minute = match.groups()
        if pattern is _DOTTED:
            month = int(month_text)
        else:
            month = next((n for stem, n in _MONTHS.items() if month_text.lower().startswith(stem)), 0)
        try:
            return datetime(int(year), month, int(day), int(hour or 0), int(minute or 0), tzinfo=tz)
        except ValueError:
            return None
    return None


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def parse_list(html: str, base_url: str, *, item: str, link: str, title: str | None, date: str | None,
               tz: timezone = UTC) -> tuple[list[ListItem], int]:
    """The items of a list page, and how many matched ``item`` but had no usable link."""
    tree = LexborHTMLParser(html)
    items: list[ListItem] = []
    broken = 0
    for node in tree.css(item):
        anchor = node.css_first(link) if link else node
        href = anchor.attributes.get("href") if anchor is not None else None
        if not href:
            broken += 1
            continue
        heading = node.css_first(title) if title else None
        stamp = node.css_first(date) if date else None
        when = parse_date((stamp.attributes.get("datetime") or stamp.text()) if stamp is not None else None, tz)
        items.append(ListItem(url=urljoin(base_url, str(href)), title=_text(heading) or _text(anchor), date=when))
    return items, broken


def article_text(html: str, selector: str | None) -> str:
    """The article's text: its own selector when settings give one, else readability's guess."""
    if selector:
        node = LexborHTMLParser(html).css_first(selector)
        return html_to_text(node.html or "") if node is not None else ""
    return html_to_text(Document(html).summary(html_partial=True))


