"""Where an OK poll stopped, per watched group: a typed cursor stored as JSON.

Per group the newest topic time seen (``created_ms``) and the topics at exactly that time; per
recent topic the comment count seen and the ``anchor`` the comment reading stopped at (OK's
own paging token: reading forward from it returns only newer comments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.jsonshape import as_dict, as_list

__all__ = ["GroupCursor", "OkCursor", "TopicCursor"]

VERSION = 1


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@dataclass(slots=True)
class TopicCursor:
    count: int = 0
    anchor: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "anchor": self.anchor}

    @classmethod
    def from_json(cls, data: Any) -> TopicCursor:
        data = as_dict(data)
        anchor = data.get("anchor")
        return cls(_int(data.get("count")), anchor if isinstance(anchor, str) else None)


@dataclass(slots=True)
class GroupCursor:
    last_ms: int = 0
    ids_at_last: tuple[str, ...] = ()
    topics: dict[str, TopicCursor] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"last_ms": self.last_ms, "ids_at_last": sorted(self.ids_at_last),
                "topics": {k: v.to_json() for k, v in self.topics.items()}}

    @classmethod
    def from_json(cls, data: Any) -> GroupCursor:
        data = as_dict(data)
        ids = as_list(data.get("ids_at_last"))
        topics = as_dict(data.get("topics"))
        return cls(_int(data.get("last_ms")), tuple(str(i) for i in ids),
                   {str(k): TopicCursor.from_json(v) for k, v in topics.items()})


@dataclass(slots=True)
class OkCursor:
    groups: dict[str, GroupCursor] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "groups": {k: v.to_json() for k, v in self.groups.items()}}

    @classmethod
    def from_json(cls, data: Any) -> OkCursor:
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("groups"), dict):
            return cls()
        return cls({str(k): GroupCursor.from_json(v) for k, v in data["groups"].items()})
