"""The sandbox's public pages: news sites without a feed, as a settlement's site looks.

``/web/<site>/`` is the list page (``article.news-item`` with ``a.news-link``, ``.news-title``
and ``time[datetime]``, newest first), with ETag / Last-Modified and 304; ``/web/<site>/news/<n>``
is an article in a page with a header, a menu and a footer around ``div.article-body`` (what a
text extractor must see through). Any site name is served: a new one starts empty. Item numbers
start at the clock in milliseconds, so a restarted sandbox never reuses an address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from html import escape
from typing import Any

Response = tuple[int, dict[str, str], bytes]
DEFAULT_SITE = "web-settlement-news"
MENU = ("Главная", "Новости", "Документы", "Контакты", "Обращения граждан")


@dataclass
class Article:
    number: int
    title: str
    text: str
    date: int


@dataclass
class Site:
    name: str
    articles: list[Article] = field(default_factory=list)
    version: int = 0
    changed: int = 0


class WebWorld:
    def __init__(self, now_ms: int) -> None:
        self.sites: dict[str, Site] = {}
        self.last = now_ms

    def site(self, name: str) -> Site:
        return self.sites.setdefault(name, Site(name))


def _page(title: str, body: str) -> bytes:
    menu = "".join(f'<li><a href="#">{item}</a></li>' for item in MENU)
    return ("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
            "</head><body><header class=\"site-header\"><div class=\"logo\">Администрация сельского поселения</div>"
            f"<nav><ul>{menu}</ul></nav></header><main>{body}</main><aside class=\"sidebar\"><h3>Полезные ссылки"
            "</h3><ul><li><a href=\"#\">Госуслуги</a></li><li><a href=\"#\">Прокуратура</a></li></ul></aside>"
            "<footer>© Администрация сельского поселения. Все права защищены.</footer></body></html>").encode()


def serve(state: Any, site_name: str, number: str | None, if_none_match: str | None,
          if_modified_since: str | None) -> Response:
    with state.lock:
        state.stats.http["web"] += 1
        site = state.web.site(site_name)
        if number is not None:
            article = next((a for a in site.articles if str(a.number) == number), None)
            if article is None:
                return 404, {"Content-Type": "text/html; charset=utf-8"}, _page("Не найдено", "<h1>404</h1>")
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.text.split("\n") if p.strip())
            body = (f'<article><h1 class="article-title">{escape(article.title)}</h1><div class="article-date">'
                    f'{datetime.fromtimestamp(article.date, UTC):%d.%m.%Y}</div><div class="article-body">'
                    f"{paragraphs}</div></article>")
            return 200, {"Content-Type": "text/html; charset=utf-8"}, _page(article.title, body)
        etag = f'"{site.name}-v{site.version}"'
        headers = {"ETag": etag, "Last-Modified": formatdate(site.changed or state.now(), usegmt=True)}
        if if_none_match is not None and etag in {t.strip() for t in if_none_match.split(",")}:
            return 304, headers, b""
        if if_none_match is None and if_modified_since and site.changed:
            try:
                if site.changed <= parsedate_to_datetime(if_modified_since).timestamp():
                    return 304, headers, b""
            except (TypeError, ValueError):
                pass
        items = "".join(
            f'<article class="news-item"><a class="news-link" href="/web/{site.name}/news/{a.number}">'
            f'<h2 class="news-title">{escape(a.title)}</h2></a><time datetime="'
            f'{datetime.fromtimestamp(a.date, UTC).isoformat()}">{datetime.fromtimestamp(a.date, UTC):%d.%m.%Y}'
            f'</time><p class="news-lead">{escape(a.text[:120])}</p></article>'
            for a in sorted(site.articles, key=lambda a: (a.date, a.number), reverse=True))
        headers["Content-Type"] = "text/html; charset=utf-8"
        return 200, headers, _page("Новости", f'<h1>Новости</h1><section class="news-list">{items}</section>')


def inject(state: Any, body: dict[str, Any], text: str, created_ms: int | None, author: Any) -> tuple[int, Any]:
    """A news item on a site (``site``, default the demo one); ``title`` or the text's first line."""
    from monitor.sandbox.control import BadRequest

    name = body.get("site") or DEFAULT_SITE
    if not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        raise BadRequest("site: letters, digits, '-' and '_' only")
    world: WebWorld = state.web
    site = world.site(name)
    world.last += 1
    given = body.get("title")
    title = given if isinstance(given, str) else text.split("\n", 1)[0][:90]
    date = created_ms // 1000 if created_ms is not None else state.now()
    site.articles.append(Article(world.last, title, text, date))
    site.version += 1
    site.changed = max(site.changed + 1, state.now())
    return 201, {"network": "web", "site": name, "owner_id": None, "post_id": world.last,
                 "url": f"/web/{name}/news/{world.last}"}
