"""Likes, comments and reposts of posts read earlier, read again as they grow (wall.getById).

wall.getById takes up to 100 posts per call (``posts=-1_10,-1_11``), so a day of a district's
posts costs a request or two. Only posts are refreshed: a comment's likes need a call per post
(wall.getComments) and a comment is rarely what the head's note ranks. A post the platform no
longer returns (deleted, hidden) keeps the counts we have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import vk_api

from connectors.base import Reactions, ReactionsResult
from connectors.vk.normalize import _count, post_external_id

__all__ = ["BY_ID_LIMIT", "is_post_id", "read_reactions"]

BY_ID_LIMIT = 100  # wall.getById: posts per call
_POST_ID = re.compile(r"-?\d+_\d+")


def is_post_id(external_id: str) -> bool:
    """``-1_10`` is a wall post; ``-1_10_c5`` a comment, ``topic…`` or ``photo…`` ids are not posts."""
    return bool(_POST_ID.fullmatch(external_id))


def _items(answer: Any) -> list[Mapping[str, Any]]:
    """5.199 answers ``{"items": [...]}``; older versions a bare list."""
    if isinstance(answer, Mapping):
        answer = answer.get("items")
    return [item for item in answer or () if isinstance(item, Mapping)]


def read_reactions(client: vk_api.VkApi, external_ids: list[str], max_requests: int) -> ReactionsResult:
    """The counts of the first ``max_requests * 100`` posts among ``external_ids``."""
    posts = [i for i in external_ids if is_post_id(i)][: max(0, max_requests) * BY_ID_LIMIT]
    counts: dict[str, Reactions] = {}
    requests = 0
    for start in range(0, len(posts), BY_ID_LIMIT):
        batch = posts[start:start + BY_ID_LIMIT]
        answer = client.method("wall.getById", {"posts": ",".join(batch)})
        requests += 1
        for item in _items(answer):
            if "owner_id" not in item or "id" not in item:
                continue
            counts[post_external_id(item["owner_id"], item["id"])] = Reactions(
                likes=_count(item, "likes"), comments=_count(item, "comments"), reposts=_count(item, "reposts"),
                views=_count(item, "views"))
    return ReactionsResult(counts, requests)
