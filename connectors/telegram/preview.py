"""Public channels read through their web preview, ``https://t.me/s/<channel>`` (read-only).

The page lists the newest posts oldest first, each ``div.tgme_widget_message[data-post="<channel>/<id>"]``
with its text (``.tgme_widget_message_text``), its date (``a.tgme_widget_message_date time[datetime]``)
and views; ``a.tme_messages_more[data-before]`` leads to older posts. The markup is not an API
and may change: a post we cannot read is skipped with a log line, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from connectors.html_text import html_to_text

__all__ = ["PreviewPage", "PreviewPost", "parse_preview"]


@dataclass(frozen=True, slots=True)
class PreviewPost:
    channel: str
    id: int
    text: str
    url: str
    date: datetime | None
    views: int
    author: str | None


@dataclass(frozen=True, slots=True)
class PreviewPage:
    posts: list[PreviewPost]
    before: int | None  # ``?before=`` of the older page, if any
    skipped: int  # posts on the page we could not read
    recognised: bool  # the page looked like a channel preview at all


def _views(text: str) -> int:
    text = text.strip().upper().replace(",", ".")
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    try:
        return int(float(text[:-1] if scale > 1 else text) * scale)
    except ValueError:
        return 0


def _post(node: Node) -> PreviewPost | None:
    ref = node.attributes.get("data-post") or ""
    channel, _, number = ref.partition("/")
    if not channel or not number.isdigit():
        return None
    text_node = node.css_first(".tgme_widget_message_text")
    text = html_to_text(text_node.html or "") if text_node is not None else ""
    time_node = node.css_first("a.tgme_widget_message_date time")
    date = None
    if time_node is not None and time_node.attributes.get("datetime"):
        try:
            date = datetime.fromisoformat(str(time_node.attributes["datetime"]))
        except ValueError:
            date = None
    link = node.css_first("a.tgme_widget_message_date")
    views = node.css_first(".tgme_widget_message_views")
    author = node.css_first(".tgme_widget_message_owner_name") or node.css_first(".tgme_widget_message_author")
    return PreviewPost(channel=channel, id=int(number), text=text,
                       url=str((link.attributes.get("href") if link is not None else None) or f"https://t.me/{ref}"),
                       date=date, views=_views(views.text()) if views is not None else 0,
                       author=author.text(strip=True) if author is not None else None)


def parse_preview(html: str) -> PreviewPage:
    tree = HTMLParser(html)
    posts: list[PreviewPost] = []
    nodes = tree.css("div.tgme_widget_message[data-post]")
    skipped = 0
    for node in nodes:
        post = _post(node)
        if post is None:
            skipped += 1
        else:
            posts.append(post)
    more = tree.css_first("a.tme_messages_more[data-before]")
    before = more.attributes.get("data-before") if more is not None else None
    recognised = bool(nodes) or tree.css_first(".tgme_channel_info, .tgme_channel_history") is not None
    return PreviewPage(posts=sorted(posts, key=lambda p: p.id), skipped=skipped, recognised=recognised,
                       before=int(before) if before and str(before).isdigit() else None)
