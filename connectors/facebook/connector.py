"""The Facebook Page connector: the administration's own Page, its posts and their comments in;
replies as the Page out (Graph API, a Page access token).

A poll reads the Page feed newest first down to the posts seen, then, for the recent posts whose
comment count moved, their comments in chronological order from the stored paging cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import requests
import structlog

from connectors.base import FetchResult, NetworkMessage, PermanentError, PostedReply, Reply, ReplyTarget
from connectors.graph import GRAPH_VERSION, GraphConnector, graph_time
from connectors.jsonshape import as_dict

__all__ = ["FacebookConfig", "FacebookConnector"]

log = structlog.get_logger()
FEED_PAGE = 25
MAX_FEED_PAGES = 4
COMMENT_PAGES = 10
VERSION = 1


@dataclass(frozen=True, slots=True)
class FacebookConfig:
    platform: ClassVar[str] = "facebook"
    name: str
    page_id: str
    page_token: str | None
    comments_posts: int = 10
    api_base: str | None = None
    api_version: str = GRAPH_VERSION
    timeout: float = 30.0


def _load(cursor: Any) -> dict[str, Any]:
    if isinstance(cursor, dict) and cursor.get("version") == VERSION and isinstance(cursor.get("posts"), dict):
        return {"version": VERSION, "last_time": str(cursor.get("last_time") or ""),
                "ids_at_last": [str(i) for i in cursor.get("ids_at_last") or []],
                "posts": {str(k): dict(v) for k, v in cursor["posts"].items() if isinstance(v, dict)}}
    return {"version": VERSION, "last_time": "", "ids_at_last": [], "posts": {}}


class FacebookConnector(GraphConnector):
    platform = "facebook"

    def __init__(self, config: FacebookConfig, *, session: requests.Session | None = None, clock: Any = None) -> None:
        super().__init__(config.name, config.page_token, api_base=config.api_base, api_version=config.api_version,
                         timeout=config.timeout, session=session, clock=clock)
        self.config = config

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        first = not (isinstance(cursor, dict) and cursor.get("version") == VERSION)
        state = _load(cursor)
        before = self.graph.requests
        out: dict[str, NetworkMessage] = {}
        posts = self._feed(state["last_time"], first)
        newest, ids = state["last_time"], set(state["ids_at_last"])
        for post in posts:
            created = str(post.get("created_time") or "")
            if first or created > state["last_time"] or (created == state["last_time"]
                                                          and post["id"] not in state["ids_at_last"]):
                message = self._post(post)
                out.setdefault(message.external_id, message)
            if created > newest:
                newest, ids = created, {str(post["id"])}
            elif created == newest:
                ids.add(str(post["id"]))
        kept: dict[str, dict[str, Any]] = {}
        for post in sorted(posts, key=lambda p: str(p.get("created_time") or ""), reverse=True)[
                : self.config.comments_posts]:
            comments = as_dict(post.get("comments"))
            summary = as_dict(comments.get("summary"))
            count = int(summary.get("total_count") or 0)
            seen = state["posts"].get(str(post["id"])) or {"count": 0, "after": None}
            kept[str(post["id"])] = seen if count in (0, seen["count"]) else self._comments(post, seen, count, out)
        new = {"version": VERSION, "last_time": newest, "ids_at_last": sorted(ids), "posts": kept}
        spent = self.graph.requests - before
        log.info("facebook.polled", source=self.config.name, messages=len(out), requests=spent)
        return FetchResult(messages=sorted(out.values(), key=lambda m: (m.kind != "post", m.created_at)),
                           cursor=new, requests=spent)

    def _feed(self, last_time: str, first: bool) -> list[dict[str, Any]]:
        body = self.graph.call("GET", f"{self.config.page_id}/feed", limit=FEED_PAGE,
                               fields="id,message,created_time,permalink_url,from,comments.summary(true).limit(0)")
        posts: list[dict[str, Any]] = []
        for page in range(MAX_FEED_PAGES):
            items = self._items(body, "feed")
            posts += items
            oldest = min((str(p.get("created_time") or "") for p in items), default="")
            next_url = (body.get("paging") or {}).get("next") if isinstance(body.get("paging"), dict) else None
            if first or not items or not next_url or oldest <= last_time or page == MAX_FEED_PAGES - 1:
                break
            body = self.graph.call("GET", str(next_url))
        return posts

    def _comments(self, post: dict[str, Any], seen: dict[str, Any], count: int,
                  out: dict[str, NetworkMessage]) -> dict[str, Any]:
        after = seen.get("after")
        for _ in range(COMMENT_PAGES):
            body = self.graph.call("GET", f"{post['id']}/comments", filter="stream", order="chronological",
                                   limit=100, after=after, fields="id,message,created_time,from,parent,permalink_url")
            for comment in self._items(body, f"{post['id']}/comments"):
                message = self._comment(post, comment)
                out.setdefault(message.external_id, message)
            paging = as_dict(body.get("paging"))
            after = (paging.get("cursors") or {}).get("after") or after
            if not paging.get("next"):
                return {"count": count, "after": after}
        return {"count": seen["count"], "after": after}

    def _post(self, post: dict[str, Any]) -> NetworkMessage:
        author = as_dict(post.get("from"))
        return NetworkMessage(platform="facebook", external_id=str(post["id"]), kind="post",
                              text=str(post.get("message") or ""),
                              url=str(post.get("permalink_url") or f"https://www.facebook.com/{post['id']}"),
                              created_at=graph_time(post.get("created_time")) or self._now(),
                              author_id=str(author["id"]) if author.get("id") else None, author_name=author.get("name"),
                              owner_id=self.config.page_id, post_id=str(post["id"]), raw=post)

    def _comment(self, post: dict[str, Any], comment: dict[str, Any]) -> NetworkMessage:
        author = as_dict(comment.get("from"))
        return NetworkMessage(platform="facebook", external_id=str(comment["id"]), kind="comment",
                              text=str(comment.get("message") or ""),
                              url=str(comment.get("permalink_url") or f"https://www.facebook.com/{comment['id']}"),
                              created_at=graph_time(comment.get("created_time")) or self._now(),
                              author_id=str(author["id"]) if author.get("id") else None, author_name=author.get("name"),
                              parent_external_id=str(post["id"]), owner_id=self.config.page_id, post_id=str(post["id"]),
                              comment_id=str(comment["id"]), raw=comment)

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        """A comment as the Page under the comment (threaded) or the post."""
        if not self.config.page_token:
            raise PermanentError("не задан ключ страницы Facebook (page_token) — опубликуйте ответ вручную")
        answered = target.comment_id or target.post_id
        body = self.graph.call("POST", f"{answered}/comments", message=reply.text)
        return PostedReply(external_id=str(body["id"]), url=f"https://www.facebook.com/{body['id']}")

    def check(self) -> list[str]:
        return [] if self.config.page_token else ["page_token: a Page access token is needed to read and reply"]
