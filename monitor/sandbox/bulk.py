"""``POST /_sandbox/bulk``: many communities full of posts at once, for benchmarks.

Body ``{"walls": 100, "posts_per_wall": 100, "comments_per_post": 0, "text": "…{wall}…{n}…"}``;
answer 201 ``{"owner_ids": [...], "posts": N, "comments": M}``. Posts are spread over the last
hours (newest last), so they fall inside newsfeed.search's default 24-hour window.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from monitor.sandbox.control import Answer, BadRequest
from monitor.sandbox.state import Community, NetworkState

FIRST_BULK_GROUP = 200001
MAX_POSTS = 1_000_000
TEXTS_FILE = Path(__file__).with_name("bulk.yaml")  # the demo texts: data, not code
_TEXTS = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
TEXTS: tuple[str, ...] = tuple(_TEXTS["posts"])
COMMENT_TEXTS: tuple[str, ...] = tuple(_TEXTS["comments"])


BULK_KEYS = ("walls", "posts_per_wall", "comments_per_post", "text")


def _template(value: Any) -> str | None:
    """The post text template: plain ``{wall}`` and ``{n}`` only (a width spec could ask for gigabytes)."""
    if value is None:
        return None
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in Formatter().parse(value) if name is not None]
    except (AttributeError, TypeError, ValueError):
        fields = [("?", "", None)]
    if not isinstance(value, str) or any(name not in ("wall", "n") or spec or conv for name, spec, conv in fields):
        raise BadRequest("text: must be a string (placeholders {wall} and {n})")
    return value


def _count(body: dict[str, Any], key: str, default: int, high: int) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise BadRequest(f"{key}: must be an integer from 0 to {high}")
    return value


def bulk(state: NetworkState, body: dict[str, Any]) -> Answer:
    unknown = sorted(set(body) - set(BULK_KEYS))
    if unknown:  # e.g. {"count": -5}: silently ignored, it would make the default bulk instead
        raise BadRequest(f"{unknown[0]}: unknown field (known: {', '.join(BULK_KEYS)})")
    walls = _count(body, "walls", 1, 10_000)
    per_wall = _count(body, "posts_per_wall", 10, 100_000)
    per_post = _count(body, "comments_per_post", 0, 1_000)
    if walls * per_wall * (1 + per_post) > MAX_POSTS:
        raise BadRequest(f"too much: at most {MAX_POSTS} posts and comments in one call")
    template = _template(body.get("text"))
    with state.lock:
        now = state.now()
        spacing = max(1, min(60, 20 * 3600 // max(per_wall, 1)))
        first_group = max([FIRST_BULK_GROUP - 1, *state.communities]) + 1
        owner_ids, posts, comments = [], 0, 0
        for w in range(walls):
            group_id = first_group + w
            state.add_community(Community(group_id, f"Сообщество для нагрузки №{w + 1}", f"bench{group_id}",
                                          members_count=100))
            owner_ids.append(-group_id)
            users = list(state.users)
            for j in range(per_wall):
                n = posts + 1
                text = (template or TEXTS[n % len(TEXTS)]).format(wall=w + 1, n=n)
                author = users[n % len(users)] if users else -group_id
                post = state.new_post(-group_id, author, text, date=now - (per_wall - j) * spacing, views=n % 500)
                posts += 1
                for k in range(per_post):
                    comments += 1
                    state.new_comment(post, users[(n + k + 1) % len(users)] if users else -group_id,
                                      COMMENT_TEXTS[comments % len(COMMENT_TEXTS)].format(n=comments),
                                      date=post.date + k + 1)
        return 201, {"owner_ids": owner_ids, "posts": posts, "comments": comments}
