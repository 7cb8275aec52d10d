"""The Instagram connector (professional account, Graph API): comments under the account's own
media in, replies to them out.

A poll lists the account's recent media; for those whose ``comments_count`` moved it reads
their comments (with their replies) and keeps the ids seen per media. A reply to a reply joins
its top-level thread (Instagram's rule), so every comment's ``comment_id`` is its top-level one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import requests
import structlog

from connectors.base import FetchResult, NetworkMessage, PermanentError, PostedReply, Reply, ReplyTarget
from connectors.graph import GRAPH_VERSION, GraphConnector, graph_time
from connectors.jsonshape import as_dict

__all__ = ["InstagramConfig", "InstagramConnector"]

log = structlog.get_logger()
MEDIA_PAGE = 25
COMMENT_PAGES = 5
SEEN_PER_MEDIA = 500
VERSION = 1


@dataclass(frozen=True, slots=True)
class InstagramConfig:
    platform: ClassVar[str] = "instagram"
    name: str
    ig_user_id: str
    token: str | None
    media: int = 10  # recent media whose comments are read
    api_base: str | None = None
    api_version: str = GRAPH_VERSION
    timeout: float = 30.0


class InstagramConnector(GraphConnector):
    platform = "instagram"

    def __init__(self, config: InstagramConfig, *, session: requests.Session | None = None, clock: Any = None) -> None:
        super().__init__(config.name, config.token, api_base=config.api_base, api_version=config.api_version,
                         timeout=config.timeout, session=session, clock=clock)
        self.config = config

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        first = not (isinstance(cursor, dict) and cursor.get("version") == VERSION)
        stored = cursor.get("media") if isinstance(cursor, dict) else None
        old = stored if not first and isinstance(stored, dict) else {}
        before = self.graph.requests
        body = self.graph.call("GET", f"{self.config.ig_user_id}/media", limit=MEDIA_PAGE,
                               fields="id,caption,timestamp,permalink,comments_count,username")
        media = self._items(body, "media")
        out: dict[str, NetworkMessage] = {}
        kept: dict[str, Any] = {}
        for item in media[: self.config.media]:
            media_id = str(item["id"])
            seen = old.get(media_id) if isinstance(old.get(media_id), dict) else None
            if seen is None:
                message = self._media(item)
                if not first:
                    out.setdefault(message.external_id, message)
                seen = {"count": 0, "seen": []}
            count = int(item.get("comments_count") or 0)
            kept[media_id] = seen if count == seen["count"] else self._comments(item, seen, count, out)
        spent = self.graph.requests - before
        log.info("instagram.polled", source=self.config.name, messages=len(out), requests=spent)
        return FetchResult(messages=sorted(out.values(), key=lambda m: (m.kind != "post", m.created_at)),
                           cursor={"version": VERSION, "media": kept}, requests=spent)

    def _comments(self, media: dict[str, Any], seen: dict[str, Any], count: int,
                  out: dict[str, NetworkMessage]) -> dict[str, Any]:
        known = [str(i) for i in seen.get("seen") or []]
        ids = set(known)
        comments = self.graph.pages(f"{media['id']}/comments", limit_pages=COMMENT_PAGES, limit=50,
                                    fields="id,text,timestamp,username,from,replies{id,text,timestamp,username,from}")
        for comment in comments:
            if not comment.get("id"):
                continue
            thread = [(comment, str(comment["id"]))]
            replies = as_dict(comment.get("replies"))
            thread += [(r, str(comment["id"])) for r in replies.get("data") or ()
                       if isinstance(r, dict) and r.get("id")]
            for item, top in thread:
                if str(item["id"]) in ids:
                    continue
                ids.add(str(item["id"]))
                known.append(str(item["id"]))
                message = self._comment(media, item, top)
                out.setdefault(message.external_id, message)
        return {"count": count, "seen": known[-SEEN_PER_MEDIA:]}

    def _media(self, item: dict[str, Any]) -> NetworkMessage:
        return NetworkMessage(platform="instagram", external_id=str(item["id"]), kind="post",
                              text=str(item.get("caption") or ""),
                              url=str(item.get("permalink") or f"https://www.instagram.com/p/{item['id']}/"),
                              created_at=graph_time(item.get("timestamp")) or self._now(),
                              author_id=self.config.ig_user_id, author_name=item.get("username"),
                              owner_id=self.config.ig_user_id, post_id=str(item["id"]), raw=item)

    def _comment(self, media: dict[str, Any], item: dict[str, Any], top: str) -> NetworkMessage:
        author = as_dict(item.get("from"))
        return NetworkMessage(platform="instagram", external_id=str(item["id"]), kind="comment",
                              text=str(item.get("text") or ""),
                              url=str(media.get("permalink") or f"https://www.instagram.com/p/{media['id']}/"),
                              created_at=graph_time(item.get("timestamp")) or self._now(),
                              author_id=str(author.get("id") or "") or None,
                              author_name=str(item.get("username") or author.get("username") or "") or None,
                              parent_external_id=str(media["id"]), owner_id=self.config.ig_user_id,
                              post_id=str(media["id"]), comment_id=top, raw=item)

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        """A reply in the comment's top-level thread, or a comment under the media."""
        if not self.config.token:
            raise PermanentError("не задан ключ Instagram (token) — опубликуйте ответ вручную")
        if target.comment_id:
            body = self.graph.call("POST", f"{target.comment_id}/replies", message=reply.text)
        else:
            body = self.graph.call("POST", f"{target.post_id}/comments", message=reply.text)
        return PostedReply(external_id=str(body["id"]), url=f"https://www.instagram.com/p/{target.post_id}/")

    def check(self) -> list[str]:
        return [] if self.config.token else ["token: an Instagram token (instagram_manage_comments) is needed"]
