"""Likes («Класс!»), comments and reshares of OK topics read earlier, read again as they grow.

``mediatopic.getByIds`` returns the topics asked for with their ``like_summary``,
``discussion_summary`` and ``reshare_summary`` (the same fields ``mediatopic.getTopics`` gives
at first sight); a topic the network no longer returns keeps the counts we have. Only topics are
refreshed: a comment's marks are not what the head's note ranks. OK publishes no per-call limit
for ``topic_ids`` [unconfirmed]: 50 per request stays well inside what its other list methods take.
"""

from __future__ import annotations

from typing import Any, Protocol

from connectors.base import Reactions, ReactionsResult
from connectors.jsonshape import as_dict, as_list

__all__ = ["BY_IDS_LIMIT", "read_reactions", "topic_counts"]

BY_IDS_LIMIT = 50  # mediatopic.getByIds: topics per call


class _Caller(Protocol):
    def call(self, method: str, **params: Any) -> Any: ...


def _summary_count(topic: dict[str, Any], field: str, key: str = "count") -> int:
    value = as_dict(topic.get(field)).get(key)
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def topic_counts(topic: dict[str, Any]) -> Reactions:
    """A topic's marks, comments and reshares as OK reports them (absent fields count 0)."""
    return Reactions(likes=_summary_count(topic, "like_summary"),
                     comments=_summary_count(topic, "discussion_summary", "comments_count"),
                     reposts=_summary_count(topic, "reshare_summary"))


def _topic_id(external_id: str) -> str | None:
    """``{gid}_{topic_id}`` is a topic; ``…_c{comment_id}`` a comment (not refreshed)."""
    parts = external_id.split("_")
    return parts[1] if len(parts) == 2 and all(p.isdigit() for p in parts) else None


def read_reactions(client: _Caller, external_ids: list[str], max_requests: int) -> ReactionsResult:
    """The counts of the first ``max_requests * BY_IDS_LIMIT`` topics among ``external_ids``."""
    by_topic = {topic: external for external in external_ids if (topic := _topic_id(external))}
    topics = list(by_topic)[: max(0, max_requests) * BY_IDS_LIMIT]
    counts: dict[str, Reactions] = {}
    requests = 0
    for start in range(0, len(topics), BY_IDS_LIMIT):
        batch = topics[start:start + BY_IDS_LIMIT]
        answer = client.call("mediatopic.getByIds", topic_ids=",".join(batch),
                             fields="media_topic.id,media_topic.like_summary,media_topic.discussion_summary,"
                                    "media_topic.reshare_summary")
        requests += 1
        for item in as_list(as_dict(answer).get("media_topics")):
            external = by_topic.get(str(as_dict(item).get("id") or ""))
            if external is not None:
                counts[external] = topic_counts(item)
    return ReactionsResult(counts, requests)
