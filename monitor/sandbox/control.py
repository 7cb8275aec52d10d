"""The ``/_sandbox/*`` control endpoints: inject posts, list replies, plan errors, tune, count.

Each function takes the parsed JSON body and returns (HTTP status, JSON value); bad input is
400 with ``{"error": "..."}`` naming the field, never an exception.
"""

from __future__ import annotations

import math
from typing import Any

from monitor.sandbox import graph, ok, telegram, vk_longpoll, web, x
from monitor.sandbox.state import FeedItem, NetworkState, Post, Stats, item_guid
from monitor.sandbox.vk_read import fold

# Networks each in its own module: inject(state, body, text, created_ms, author) -> Answer.
OTHER_NETWORKS = {"ok": ok.inject, "telegram": telegram.inject, "web": web.inject, "x": x.inject,
                  "facebook": graph.inject("facebook"), "instagram": graph.inject("instagram")}

DEFAULT_FEED = "rss-district-news"
Answer = tuple[int, Any]
MAX_ID = 2**53  # ids and times beyond this are nonsense (and break date rendering)
MAX_TIME = 2**32 - 1  # unix seconds: early 2106


class BadRequest(ValueError):
    """Input the control API refuses; answered 400 with the message."""


def _text(body: dict[str, Any]) -> str:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("text: required, a non-empty string")
    return text.strip()


def _optional_int(body: dict[str, Any], key: str, low: int = -MAX_ID, high: int = MAX_ID) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRequest(f"{key}: must be an integer from {low} to {high}")
    return value


def _created(body: dict[str, Any]) -> int | None:
    return _optional_int(body, "created", 0, MAX_TIME)


def _author_id(state: NetworkState, author: Any, owner_id: int) -> int:
    if author is None:
        if state.default_author_id is not None:
            return state.default_author_id
        return state.user_by_name("Житель района").id
    if author == "group":
        if owner_id > 0:
            raise BadRequest("author: 'group' only on a community wall")
        return owner_id
    if isinstance(author, int) and not isinstance(author, bool):
        if not state.owner_exists(author):
            raise BadRequest(f"author: unknown user or community {author}")
        return author
    if isinstance(author, str) and author.strip():
        return state.user_by_name(author).id
    raise BadRequest("author: a name, a user id, or 'group'")


def _geo(body: dict[str, Any]) -> tuple[float, float] | None:
    geo = body.get("geo")
    if geo is None:
        return None
    if (not isinstance(geo, list) or len(geo) != 2
            or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in geo)
            or not all(math.isfinite(x) for x in geo)
            or not (-90 <= geo[0] <= 90 and -180 <= geo[1] <= 180)):
        raise BadRequest("geo: expected [latitude, longitude]")
    return float(geo[0]), float(geo[1])


def vk_url(owner_id: int, post_id: int, comment_id: int | None = None) -> str:
    url = f"https://vk.com/wall{owner_id}_{post_id}"
    return f"{url}?reply={comment_id}" if comment_id else url


def _inject_vk(state: NetworkState, body: dict[str, Any]) -> Answer:
    text = _text(body)
    owner_id = _optional_int(body, "owner_id")
    owner_id = owner_id if owner_id is not None else state.default_owner_id
    if owner_id is None or not state.owner_exists(owner_id):
        raise BadRequest(f"owner_id: unknown wall {owner_id}")
    created = _created(body)
    author = _author_id(state, body.get("author"), owner_id)
    topic_id = _optional_int(body, "topic_id", 1)
    if topic_id is not None:  # a post in a community's board topic
        topic = state.topics.get((-owner_id, topic_id))
        if topic is None:
            raise BadRequest(f"topic_id: no board topic {topic_id} in community {-owner_id}")
        board = state.new_topic_comment(topic, author, text, date=created)
        return 201, {"network": "vk", "owner_id": owner_id, "topic_id": topic_id, "comment_id": board.id,
                     "url": f"https://vk.com/topic{owner_id}_{topic_id}?post={board.id}"}
    photo_id = _optional_int(body, "photo_id", 1)
    if photo_id is not None:  # a comment under a community photo (Bots Long Poll sees it)
        if owner_id >= 0:
            raise BadRequest("photo_id: photos of a community wall only")
        comment_id = vk_longpoll.photo_comment(state, -owner_id, photo_id, author, text,
                                               state.now() if created is None else created)
        return 201, {"network": "vk", "owner_id": owner_id, "photo_id": photo_id, "comment_id": comment_id,
                     "url": f"https://vk.com/photo{owner_id}_{photo_id}"}
    post_id = _optional_int(body, "post_id")
    if post_id is None:
        if body.get("reply_to_comment") is not None:
            raise BadRequest("reply_to_comment: needs post_id")
        post = state.new_post(owner_id, author, text, date=created, geo=_geo(body), views=1)
        return 201, {"network": "vk", "owner_id": owner_id, "post_id": post.id,
                     "url": vk_url(owner_id, post.id)}
    found: Post | None = state.find_post(owner_id, post_id)
    if found is None:
        raise BadRequest(f"post_id: unknown post {owner_id}_{post_id}")
    if not found.can_post:
        raise BadRequest(f"post_id: comments are closed under {owner_id}_{post_id}")
    reply_to = None
    reply_to_id = _optional_int(body, "reply_to_comment")
    if reply_to_id is not None:
        reply_to = state.wall(owner_id).comments.get(reply_to_id)
        if reply_to is None or reply_to.post_id != post_id:
            raise BadRequest(f"reply_to_comment: no comment {reply_to_id} under {owner_id}_{post_id}")
    comment = state.new_comment(found, author, text, date=created, reply_to=reply_to)
    return 201, {"network": "vk", "owner_id": owner_id, "post_id": post_id, "comment_id": comment.id,
                 "url": vk_url(owner_id, post_id, comment.id)}


def _title(text: str) -> str:
    first = text.splitlines()[0].strip()
    return first if len(first) <= 90 else first[:87].rstrip() + "..."


def _inject_rss(state: NetworkState, body: dict[str, Any], base_url: str) -> Answer:
    text = _text(body)
    name = body.get("feed") or DEFAULT_FEED
    if not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        raise BadRequest("feed: letters, digits, '-' and '_' only")
    feed = state.feeds.get(name)
    if feed is None:
        feed = state.feed(name)
        feed.link = f"{base_url}/rss/{name}/"
    number = feed.next_number()
    title = body.get("title") if isinstance(body.get("title"), str) else None
    link = body.get("link") if isinstance(body.get("link"), str) else None
    author = body.get("author") if isinstance(body.get("author"), str) else None
    created = _created(body)
    item = FeedItem(number, item_guid(name, number), title or _title(text),
                    link or f"{feed.link.rstrip('/')}/news/{number}", text,
                    state.now() if created is None else created, author)
    feed.add(item, state.now())
    return 201, {"network": "rss", "feed": name, "owner_id": None, "post_id": number,
                 "guid": item.guid, "url": item.link}


def inject(state: NetworkState, body: dict[str, Any], base_url: str) -> Answer:
    """``POST /_sandbox/posts``: a new post or comment (VK), or a feed entry (RSS)."""
    network = body.get("network")
    with state.lock:
        if network == "vk":
            return _inject_vk(state, body)
        if network == "rss":
            return _inject_rss(state, body, base_url)
        if network in OTHER_NETWORKS:
            created = _created(body)
            return OTHER_NETWORKS[network](state, body, _text(body), None if created is None else created * 1000,
                                           body.get("author"))
    raise BadRequest(f"network: must be one of {', '.join(['vk', 'rss', *OTHER_NETWORKS])}")


REACTION_COUNTS = ("likes", "reposts", "views")


def react(state: NetworkState, body: dict[str, Any]) -> Answer:
    """``POST /_sandbox/reactions``: people like, repost and view a VK post (``likes``,
    ``reposts``, ``views`` are added to its counts; a comment is injected as a post's comment).
    wall.getById, wall.get and the connector's refresh then see the counts grow. With
    ``"network": "ok"`` and ``topic_id`` an OK topic gets the marks («Класс!») and reshares."""
    if body.get("network") == "ok":
        return _react_ok(state, body)
    owner_id = _optional_int(body, "owner_id")
    owner_id = owner_id if owner_id is not None else state.default_owner_id
    post_id = _optional_int(body, "post_id", 1)
    with state.lock:
        post = state.find_post(owner_id, post_id) if owner_id is not None and post_id is not None else None
        if post is None:
            raise BadRequest(f"post_id: unknown post {owner_id}_{post_id}")
        for key in REACTION_COUNTS:
            added = _optional_int(body, key, 0, MAX_ID) or 0
            setattr(post, key, getattr(post, key) + added)
        return 200, {"owner_id": owner_id, "post_id": post_id, "likes": post.likes, "reposts": post.reposts,
                     "views": post.views, "comments": len(post.comments)}


def _react_ok(state: NetworkState, body: dict[str, Any]) -> Answer:
    with state.lock:
        topic = state.ok.topic(str(body.get("topic_id") or body.get("post_id") or ""))
        if topic is None:
            raise BadRequest(f"topic_id: unknown OK topic {body.get('topic_id')}")
        topic.likes += _optional_int(body, "likes", 0, MAX_ID) or 0
        topic.reshares += _optional_int(body, "reposts", 0, MAX_ID) or 0
        return 200, {"topic_id": str(topic.id), "likes": topic.likes, "reposts": topic.reshares,
                     "comments": len(topic.comments)}


def replies(state: NetworkState) -> Answer:
    with state.lock:
        return 200, [dict(record) for record in state.replies]


def plan_errors(state: NetworkState, body: dict[str, Any] | list[Any]) -> Answer:
    """``POST /_sandbox/errors``: one rule or a list of rules."""
    rules = body if isinstance(body, list) else [body]
    with state.lock:
        try:
            added = [state.faults.add(rule if isinstance(rule, dict) else {}) for rule in rules]
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
        return 201, {"planned": [rule.as_json() for rule in state.faults.rules], "added": len(added)}


def clear_errors(state: NetworkState) -> Answer:
    with state.lock:
        state.faults.clear()
        return 200, {"planned": []}


def stats(state: NetworkState) -> Answer:
    with state.lock:
        return 200, state.stats.as_json()


def clear_stats(state: NetworkState) -> Answer:
    with state.lock:
        state.stats = Stats()
        return 200, state.stats.as_json()


MAX_RATE = 1_000_000
OPTION_TYPES = {
    "requests_per_second": int,
    "execute_service_token": bool,
    "preview_length_default": int,
    "flood_identical_comments": bool,
}


def options_json(state: NetworkState) -> dict[str, Any]:
    options = state.options
    return {
        "requests_per_second": options.requests_per_second,
        "requests_per_second_by_kind": dict(options.requests_per_second_by_kind),
        "execute_service_token": options.execute_service_token,
        "preview_length_default": options.preview_length_default,
        "flood_identical_comments": options.flood_identical_comments,
        "operator_user_id": options.operator_user_id,
        "default_owner_id": state.default_owner_id,
    }


def _option(key: str, value: Any) -> Any:
    """A checked option value; BadRequest names the key."""
    if key == "requests_per_second_by_kind":
        if not isinstance(value, dict) or not all(_count_like(v) for v in value.values()):
            raise BadRequest(f"{key}: must be an object of token kind -> integer from 0 to {MAX_RATE}")
        return {str(k): v for k, v in value.items()}
    wanted = OPTION_TYPES.get(key)
    if wanted is None:
        raise BadRequest(f"{key}: unknown option (known: {', '.join([*OPTION_TYPES, 'requests_per_second_by_kind'])})")
    if wanted is int and not _count_like(value):
        raise BadRequest(f"{key}: must be an integer from 0 to {MAX_RATE}")
    if not isinstance(value, wanted):
        raise BadRequest(f"{key}: must be {wanted.__name__}")
    return value


def _count_like(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_RATE


def configure(state: NetworkState, body: dict[str, Any]) -> Answer:
    """``POST /_sandbox/config``: change behaviour switches at run time (benchmarks, tests).

    Every value is checked before any is applied, so a refused body changes nothing.
    """
    changes = {key: _option(key, value) for key, value in body.items()}
    with state.lock:
        for key, value in changes.items():
            setattr(state.options, key, value)
        state.limiter.clear()
        return 200, options_json(state)


def search_posts(state: NetworkState, query: str) -> Answer:
    """``GET /_sandbox/posts?q=``: posts whose text contains the query (a debugging aid)."""
    with state.lock:
        needle = fold(query)
        found = [p for p in state.all_posts() if needle in fold(p.text)]
        return 200, [{"owner_id": p.owner_id, "post_id": p.id, "date": p.date, "text": p.text,
                      "comments": len(p.comments), "url": vk_url(p.owner_id, p.id)} for p in found]
