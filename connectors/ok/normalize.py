"""OK group topics and their comments turned into ``NetworkMessage`` records.

Ids: a topic is ``"{gid}_{topic_id}"``, a comment ``"{gid}_{topic_id}_c{comment_id}"``; the
link is the topic's page (OK gives comments no address of their own).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from connectors.base import NetworkMessage
from connectors.jsonshape import as_dict, as_list
from connectors.ok.reactions import topic_counts

__all__ = ["comment_message", "topic_message", "topic_url"]

_MOSCOW = timezone(timedelta(hours=3))  # OK's "date" strings are Moscow time [unconfirmed]; date_ms wins


def topic_url(gid: str, topic_id: str) -> str:
    return f"https://ok.ru/group/{gid}/topic/{topic_id}"


def _text(topic: dict[str, Any]) -> str:
    media = as_list(topic.get("media"))
    parts = [str(m.get("text") or "").strip() for m in media if isinstance(m, dict) and m.get("type") == "text"]
    return "\n".join(p for p in parts if p)


def _from_ms(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _from_text(value: Any) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").replace(tzinfo=_MOSCOW).astimezone(UTC)
    except ValueError:
        return None


def _names(entities: Any) -> dict[str, str]:
    """Author names by ref (``user:1``, ``group:2``) and by bare id, from a call's ``entities``."""
    names: dict[str, str] = {}
    entities = as_dict(entities)
    for kind, key in (("users", "user"), ("groups", "group")):
        for entity in entities.get(kind) or ():
            if not isinstance(entity, dict):
                continue
            uid = str(entity.get("uid") or entity.get("id") or "")
            name = str(entity.get("name") or " ".join(
                str(entity.get(k) or "") for k in ("first_name", "last_name")).strip())
            if uid and name:
                names[f"{key}:{uid}"] = names[uid] = name
    return names


def topic_message(gid: str, topic: dict[str, Any], entities: Any, now: datetime) -> NetworkMessage:
    topic_id = str(topic["id"])
    author = str(topic.get("author_ref") or "") or None
    summary = as_dict(topic.get("discussion_summary"))
    counts = topic_counts(topic)
    return NetworkMessage(
        platform="ok", external_id=f"{gid}_{topic_id}", kind="post", text=_text(topic),
        url=topic_url(gid, topic_id), created_at=_from_ms(topic.get("created_ms")) or now,
        author_id=author, author_name=_names(entities).get(author or ""), owner_id=gid, post_id=topic_id,
        comments=int(summary.get("comments_count") or 0), likes=counts.likes, reposts=counts.reposts, raw=topic,
    )


def comment_message(gid: str, topic_id: str, comment: dict[str, Any], entities: Any, now: datetime) -> NetworkMessage:
    comment_id = str(comment["id"])
    author = str(comment.get("author_id") or "") or None
    if author and comment.get("author_type") == "GROUP":
        author = f"group:{author}"  # as topics name their author (author_ref)
    created = _from_ms(comment.get("date_ms")) or _from_text(comment.get("date")) or now
    return NetworkMessage(
        platform="ok", external_id=f"{gid}_{topic_id}_c{comment_id}", kind="comment",
        text=str(comment.get("text") or ""), url=topic_url(gid, topic_id), created_at=created,
        author_id=author, author_name=str(comment.get("author_name") or "") or _names(entities).get(author or ""),
        parent_external_id=f"{gid}_{topic_id}", owner_id=gid, post_id=topic_id, comment_id=comment_id, raw=comment,
    )
