"""The sandbox's X API v2: recent search and posting replies.

``GET /x/2/tweets/search/recent`` (app bearer ``x.sandbox.bearer``): posts matching the query
(``OR``-joined terms, each a word or ``@account``/``to:account``), newest first, strictly newer
than ``since_id``, ``max_results`` 10-100, ``next_token`` paging, ``meta.newest_id``;
``POST /x/2/tweets`` (user token ``x.sandbox.user``) with ``reply.in_reply_to_tweet_id`` → 201.
Wrong token: 401 problem JSON; planned errors at ``/_sandbox/errors`` with ``"method": "x"``
(``http_status``). Ids start at the clock in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from connectors.x.settings import SANDBOX_X_BEARER, SANDBOX_X_USER
from monitor.sandbox.vk_common import HttpFault, VkError

Answer = tuple[int, Any]
ACCOUNT = {"id": "1500000000000000001", "name": "Администрация района", "username": "adm_district"}


@dataclass
class Tweet:
    id: int
    text: str
    created: int
    author: dict[str, str]
    conversation: int
    reply_to: int | None = None


class XWorld:
    def __init__(self, now_ms: int) -> None:
        self.last = now_ms * 1000
        self.tweets: dict[int, Tweet] = {}
        self.users: dict[str, dict[str, str]] = {ACCOUNT["username"]: ACCOUNT}

    def post(self, text: str, created: int, author: dict[str, str], reply_to: int | None = None) -> Tweet:
        self.last += 1
        parent = self.tweets.get(reply_to) if reply_to else None
        tweet = Tweet(self.last, text, created, author, parent.conversation if parent else self.last, reply_to)
        self.tweets[tweet.id] = tweet
        return tweet

    def person(self, name: str) -> dict[str, str]:
        handle = f"user{len(self.users)}"
        for user in self.users.values():
            if user["name"] == name:
                return user
        self.users[handle] = {"id": str(1600000000000000000 + len(self.users)), "name": name, "username": handle}
        return self.users[handle]


def _problem(status: int, title: str, detail: str) -> Answer:
    return status, {"title": title, "detail": detail, "type": f"https://api.x.com/2/problems/{title.lower()}",
                    "status": status}


def _matches(world: XWorld, tweet: Tweet, query: str) -> bool:
    terms = [t.strip().strip('"()').lower() for t in re.split(r"\s+OR\s+", query) if t.strip()]
    for term in terms:
        if term.startswith("to:"):
            parent = world.tweets.get(tweet.reply_to or 0)
            if parent is not None and parent.author["username"].lower() == term[3:]:
                return True
        elif term and term in tweet.text.lower():
            return True
    return False


def _render(tweet: Tweet) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(tweet.id), "text": tweet.text, "author_id": tweet.author["id"],
                            "conversation_id": str(tweet.conversation), "edit_history_tweet_ids": [str(tweet.id)],
                            "created_at": datetime.fromtimestamp(tweet.created, UTC).isoformat().replace("+00:00",
                                                                                                         ".000Z")}
    if tweet.reply_to:
        data["referenced_tweets"] = [{"type": "replied_to", "id": str(tweet.reply_to)}]
    return data


def call(state: Any, verb: str, path: str, params: dict[str, Any], token: str | None, base_url: str) -> Answer:
    with state.lock:
        state.stats.http["x"] += 1
        world: XWorld = state.x
        try:
            state.faults.check("x", base_url)
        except HttpFault as exc:
            return _problem(exc.status, "Too Many Requests" if exc.status == 429 else "Service Unavailable",
                            f"planned HTTP {exc.status}")
        except VkError as exc:
            return _problem(400, "Invalid Request", exc.message)
        if verb == "GET" and path == "2/tweets/search/recent":
            if token != SANDBOX_X_BEARER:
                return _problem(401, "Unauthorized", "Unauthorized")
            return _search(world, params)
        if verb == "POST" and path == "2/tweets":
            if token != SANDBOX_X_USER:
                return _problem(401 if token != SANDBOX_X_BEARER else 403, "Unauthorized",
                                "posting needs a user-context token")
            return _post(state, world, params)
        return _problem(404, "Not Found", f"no route {path}")


def _search(world: XWorld, params: dict[str, Any]) -> Answer:
    query = str(params.get("query") or "")
    if not query:
        return _problem(400, "Invalid Request", "query is required")
    since = int(params.get("since_id") or 0)
    found = sorted((t for t in world.tweets.values() if t.id > since and _matches(world, t, query)),
                   key=lambda t: t.id, reverse=True)
    start = int(str(params.get("next_token") or "n0")[1:] or 0)
    size = max(10, min(int(params.get("max_results") or 10), 100))
    page = found[start:start + size]
    meta: dict[str, Any] = {"result_count": len(page)}
    if page:
        meta.update(newest_id=str(page[0].id), oldest_id=str(page[-1].id))
    if start + size < len(found):
        meta["next_token"] = f"n{start + size}"
    body: dict[str, Any] = {"meta": meta}
    if page:
        body["data"] = [_render(t) for t in page]
        body["includes"] = {"users": list({t.author["id"]: t.author for t in page}.values())}
    return 200, body


def _post(state: Any, world: XWorld, body: dict[str, Any]) -> Answer:
    text = body.get("text")
    raw_reply = body.get("reply")
    reply: dict[str, Any] = raw_reply if isinstance(raw_reply, dict) else {}
    target = int(reply.get("in_reply_to_tweet_id") or 0)
    if not isinstance(text, str) or not text:
        return _problem(400, "Invalid Request", "text is required")
    if target and target not in world.tweets:
        return _problem(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.")
    tweet = world.post(text, state.now(), ACCOUNT, target or None)
    state.replies.append({"network": "x", "reply_to": str(target), "reply_to_comment": None, "text": text,
                          "id": str(tweet.id), "created": tweet.created})
    return 201, {"data": {"id": str(tweet.id), "text": text, "edit_history_tweet_ids": [str(tweet.id)]}}


def inject(state: Any, body: dict[str, Any], text: str, created_ms: int | None, author: Any) -> Answer:
    """A post by a resident (``author``), or with ``post_id`` a reply to that post."""
    from monitor.sandbox.control import BadRequest

    world: XWorld = state.x
    reply_to = body.get("post_id")
    if reply_to is not None and int(reply_to) not in world.tweets:
        raise BadRequest(f"post_id: no X post {reply_to}")
    person = ACCOUNT if author == "group" else world.person(author if isinstance(author, str) and author.strip()
                                                            else "Житель района")
    tweet = world.post(text, created_ms // 1000 if created_ms is not None else state.now(), person,
                       int(reply_to) if reply_to is not None else None)
    return 201, {"network": "x", "post_id": str(tweet.id), "url": f"https://x.com/{person['username']}/status/{tweet.id}"}
