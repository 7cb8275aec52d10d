"""A scripted connector for pipeline tests: returns queued fetch results or raises errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connectors.base import Capabilities, FetchResult, Message, PostedReply, Reply, ReplyTarget

T0 = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # Monday 12:00 in Kamchatka


def vk_post(n: int, text: str, owner: int = -100002) -> Message:
    return Message(platform="vk", external_id=f"{owner}_{n}", kind="post", text=text,
                   url=f"https://vk.com/wall{owner}_{n}", created_at=T0, owner_id=str(owner),
                   post_id=str(n), author_id="501", author_name="Ирина Петрова")


def vk_comment(post: int, n: int, text: str, owner: int = -100002) -> Message:
    return Message(platform="vk", external_id=f"{owner}_{post}_c{n}", kind="comment", text=text,
                   url=f"https://vk.com/wall{owner}_{post}?reply={n}", created_at=T0,
                   owner_id=str(owner), post_id=str(post), comment_id=str(n),
                   parent_external_id=f"{owner}_{post}")


class ScriptedConnector:
    platform = "vk"
    capabilities = Capabilities()

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps)
        self.cursors: list[Any] = []

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        self.cursors.append(cursor)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        raise NotImplementedError

    def check(self) -> list[str]:
        return []
