"""Where a VK poll stopped: a typed cursor, stored as JSON between polls.

Per wall the highest post id seen and, for its recent posts, the comment count and the last
comment ids; per search query the newest post time seen and the posts at exactly that second.
The JSON shape (``version`` 1) is the one stored since the first release, so stored cursors
keep working; anything unreadable starts afresh, as a first poll would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.jsonshape import as_dict, as_list

__all__ = ["CURSOR_VERSION", "PostCursor", "QueryCursor", "VkCursor", "WallCursor"]

CURSOR_VERSION = 1


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@dataclass(slots=True)
class PostCursor:
    """One recent post's comments: how many there were, and the ids read up to."""

    count: int = 0
    last_top: int = 0  # the highest top-level comment id an ascending read reached
    last: int = 0  # the highest comment id seen, thread replies included

    def to_json(self) -> dict[str, int]:
        return {"count": self.count, "last_top": self.last_top, "last": self.last}

    @classmethod
    def from_json(cls, data: Any) -> PostCursor:
        data = as_dict(data)
        return cls(_int(data.get("count")), _int(data.get("last_top")), _int(data.get("last")))


@dataclass(slots=True)
class WallCursor:
    max_post_id: int = 0
    posts: dict[int, PostCursor] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"max_post_id": self.max_post_id, "posts": {str(k): v.to_json() for k, v in self.posts.items()}}

    @classmethod
    def from_json(cls, data: Any) -> WallCursor:
        data = as_dict(data)
        posts = as_dict(data.get("posts"))
        return cls(_int(data.get("max_post_id")),
                   {_int(k): PostCursor.from_json(v) for k, v in posts.items() if _int(k)})


@dataclass(slots=True)
class QueryCursor:
    last_time: int = 0
    last_ids: tuple[str, ...] = ()  # posts dated exactly ``last_time`` already read

    def to_json(self) -> dict[str, Any]:
        return {"last_time": self.last_time, "last_ids": sorted(self.last_ids)}

    @classmethod
    def from_json(cls, data: Any) -> QueryCursor:
        data = as_dict(data)
        ids = as_list(data.get("last_ids"))
        return cls(_int(data.get("last_time")), tuple(str(i) for i in ids))


@dataclass(slots=True)
class VkCursor:
    walls: dict[int, WallCursor] = field(default_factory=dict)
    queries: dict[str, QueryCursor] = field(default_factory=dict)
    ts: str | None = None  # Bots Long Poll: the last event read (a long-poll source only)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": CURSOR_VERSION,
                                "walls": {str(k): v.to_json() for k, v in self.walls.items()},
                                "queries": {k: v.to_json() for k, v in self.queries.items()}}
        if self.ts is not None:
            data["ts"] = self.ts
        return data

    @classmethod
    def from_json(cls, data: Any) -> VkCursor:
        """The stored cursor; None, another version or another shape: an empty one (first poll)."""
        if not isinstance(data, dict) or data.get("version") != CURSOR_VERSION:
            return cls()
        walls = as_dict(data.get("walls"))
        queries = as_dict(data.get("queries"))
        ts = data.get("ts")
        return cls({_int(k): WallCursor.from_json(v) for k, v in walls.items() if _int(k)},
                   {str(k): QueryCursor.from_json(v) for k, v in queries.items()},
                   str(ts) if isinstance(ts, (str, int)) and not isinstance(ts, bool) else None)
