"""VK wall posts and comments turned into ``NetworkMessage`` records.

Identifiers follow one scheme everywhere: a post is ``"{owner_id}_{post_id}"``, a comment
``"{owner_id}_{post_id}_c{comment_id}"``; links are the ones a person would open in a browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from connectors.base import NetworkMessage

__all__ = [
    "AuthorNames",
    "comment_external_id",
    "comment_message",
    "comment_url",
    "is_skipped_post",
    "post_external_id",
    "post_message",
    "post_url",
]

VK = "vk"


def post_external_id(owner_id: int | str, post_id: int | str) -> str:
    return f"{owner_id}_{post_id}"


def comment_external_id(owner_id: int | str, post_id: int | str, comment_id: int | str) -> str:
    return f"{owner_id}_{post_id}_c{comment_id}"


def post_url(owner_id: int | str, post_id: int | str) -> str:
    return f"https://vk.com/wall{owner_id}_{post_id}"


def comment_url(owner_id: int | str, post_id: int | str, comment_id: int | str, thread: int | str | None = None) -> str:
    url = f"{post_url(owner_id, post_id)}?reply={comment_id}"
    return f"{url}&thread={thread}" if thread else url


class AuthorNames:
    """Display names from the ``profiles`` and ``groups`` that ``extended=1`` adds to a reply."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}

    def add(self, payload: Mapping[str, Any] | None) -> AuthorNames:
        if not isinstance(payload, Mapping):
            return self
        for profile in payload.get("profiles") or ():
            name = " ".join(p for p in (profile.get("first_name"), profile.get("last_name")) if p)
            if name and isinstance(profile.get("id"), int):
                self._names[profile["id"]] = name
        for group in payload.get("groups") or ():
            if group.get("name") and isinstance(group.get("id"), int):
                self._names[-abs(group["id"])] = group["name"]
        return self

    def get(self, author_id: int | None) -> str | None:
        return self._names.get(author_id) if author_id is not None else None


def _count(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    if isinstance(value, Mapping):
        value = value.get("count")
    return int(value) if isinstance(value, (int, float)) else 0


def _created(item: Mapping[str, Any]) -> datetime:
    return datetime.fromtimestamp(int(item.get("date") or 0), tz=UTC)


def _geo(item: Mapping[str, Any]) -> tuple[float, float] | None:
    geo = item.get("geo")
    coordinates = geo.get("coordinates") if isinstance(geo, Mapping) else None
    if isinstance(coordinates, str):
        parts = coordinates.split()
        if len(parts) == 2:
            try:
                return float(parts[0]), float(parts[1])
            except ValueError:
                return None
    if isinstance(coordinates, Mapping) and "latitude" in coordinates and "longitude" in coordinates:
        return float(coordinates["latitude"]), float(coordinates["longitude"])
    return None


def _post_text(item: Mapping[str, Any]) -> str:
    """The post's own text, followed by the text of what it reposts (both matter for relevance)."""
    parts = [str(item.get("text") or "").strip()]
    for copied in item.get("copy_history") or ():
        if isinstance(copied, Mapping):
            parts.append(str(copied.get("text") or "").strip())
    return "\n\n".join(p for p in parts if p)


def is_skipped_post(item: Mapping[str, Any]) -> bool:
    """Advertising and deleted entries are never citizens' messages."""
    return bool(item.get("marked_as_ads")) or bool(item.get("is_deleted")) or "id" not in item


def post_message(item: Mapping[str, Any], names: AuthorNames) -> NetworkMessage:
    owner_id = int(item.get("owner_id") or item.get("source_id") or 0)
    post_id = int(item["id"])
    author = item.get("from_id") or item.get("signer_id") or owner_id
    author_id = int(author) if author else None
    return NetworkMessage(
        platform=VK,
        external_id=post_external_id(owner_id, post_id),
        kind="post",
        text=_post_text(item),
        url=post_url(owner_id, post_id),
        created_at=_created(item),
        author_id=str(author_id) if author_id is not None else None,
        author_name=names.get(author_id),
        owner_id=str(owner_id),
        post_id=str(post_id),
        likes=_count(item, "likes"),
        reposts=_count(item, "reposts"),
        comments=_count(item, "comments"),
        views=_count(item, "views"),
        geo=_geo(item),
        raw=dict(item),
    )


def comment_message(
    comment: Mapping[str, Any],
    *,
    owner_id: int,
    post_id: int,
    names: AuthorNames,
    thread: int | None = None,
) -> NetworkMessage | None:
    """A comment (``thread`` = the top-level comment a thread reply hangs under); None if deleted."""
    if comment.get("deleted") or "id" not in comment:
        return None
    comment_id = int(comment["id"])
    author = comment.get("from_id")
    author_id = int(author) if isinstance(author, int) else None
    return NetworkMessage(
        platform=VK,
        external_id=comment_external_id(owner_id, post_id, comment_id),
        kind="comment",
        text=str(comment.get("text") or "").strip(),
        url=comment_url(owner_id, post_id, comment_id, thread),
        created_at=_created(comment),
        author_id=str(author_id) if author_id is not None else None,
        author_name=names.get(author_id),
        parent_external_id=post_external_id(owner_id, post_id),
        owner_id=str(owner_id),
        post_id=str(post_id),
        comment_id=str(comment_id),
        likes=_count(comment, "likes"),
        comments=_count(comment, "thread"),
        raw=dict(comment),
    )


def flatten_comments(items: Iterable[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], int | None]]:
    """Top-level comments with the thread replies VK inlined under them: (comment, thread top)."""
    out: list[tuple[Mapping[str, Any], int | None]] = []
    for item in items:
        out.append((item, None))
        thread = item.get("thread")
        if isinstance(thread, Mapping):
            for reply in thread.get("items") or ():
                if isinstance(reply, Mapping):
                    out.append((reply, int(item["id"]) if "id" in item else None))
    return out
