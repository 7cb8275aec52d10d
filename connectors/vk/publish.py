"""Posting replies to VK as the community, and finding a reply that may already be there.

Which token does what (VK schema, platform-apis 1.2): ``wall.createComment`` takes a community or
user token; ``board.createComment`` and photo uploads take a user token only; reading comments
back takes a service or user token. A publication that no configured token can make fails with
a PermanentError whose reason a person can act on (publish by hand).

The text is posted exactly as approved: the workflow fitted it to VK (markup, the author's
name, the length; ``connectors.vk.text``) when the draft was written, and showed it so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog
import vk_api

from connectors.base import PermanentError, PostedReply, Reply, ReplyTarget
from connectors.html_text import tidy_whitespace
from connectors.vk.batch import BatchRunner, Call
from connectors.vk.errors import PLATFORM_ERRORS, translate_exception
from connectors.vk.normalize import comment_external_id, comment_url, flatten_comments
from connectors.vk.session import upload_session
from connectors.vk.text import VK_COMMENT_LIMIT

__all__ = ["VkPublisher", "board_reply_external_id", "board_reply_url"]

log = structlog.get_logger()


def board_reply_external_id(owner_id: int, topic_id: int | str, comment_id: int | str) -> str:
    return f"{owner_id}_topic{topic_id}_c{comment_id}"


def board_reply_url(owner_id: int, topic_id: int | str, comment_id: int | str) -> str:
    return f"https://vk.com/topic{owner_id}_{topic_id}?post={comment_id}"


def _int(value: str | int | None, what: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise PermanentError(f"неверный адрес ответа ВКонтакте: {what}={value!r}") from None


def _same_text(a: str, b: str) -> bool:
    return tidy_whitespace(a).casefold() == tidy_whitespace(b).casefold()


def _message(reply: Reply) -> str:
    """The approved text, byte for byte: it was fitted to VK (``connectors.vk.text``) before approval."""
    if len(reply.text) > VK_COMMENT_LIMIT:
        raise PermanentError(f"ответ длиннее {VK_COMMENT_LIMIT} знаков, которые допускает ВКонтакте: "
                             "сократите его и согласуйте заново или опубликуйте вручную")
    return reply.text


class VkPublisher:
    """Replies as the community ``group_id``; each VkClient may be None when its token is absent."""

    def __init__(
        self,
        *,
        group_id: int | None,
        post_client: vk_api.VkApi | None,
        user_client: vk_api.VkApi | None,
        read_client: vk_api.VkApi | None,
        now: Callable[[], datetime],
        upload_timeout: float = 60.0,
        user_agent: str | None = None,
    ) -> None:
        self.group_id = abs(group_id) if group_id else None
        self.post_client = post_client
        self.user_client = user_client
        self.read_client = read_client
        self.now = now
        self.upload_timeout = upload_timeout
        self.user_agent = user_agent

    def _call(self, client: vk_api.VkApi, method: str, values: dict[str, Any]) -> Any:
        try:
            return client.method(method, values)
        except PLATFORM_ERRORS as exc:
            raise translate_exception(exc, now=self.now()) from exc

    # -- photos -------------------------------------------------------------------------------

    def upload_photos(self, paths: tuple[str, ...]) -> list[str]:
        """Upload local photos to the community's wall album; attachment strings ``photo{owner}_{id}``."""
        if not paths:
            return []
        if self.user_client is None:
            raise PermanentError(
                "фотографии к ответу ВКонтакте загружаются только ключом пользователя (token_type: user), "
                "а он не задан — опубликуйте ответ с фотографиями вручную"
            )
        if self.group_id is None:
            raise PermanentError("не задан group_id сообщества — некуда загружать фотографии")
        upload = vk_api.VkUpload(self.user_client)
        session_kwargs: dict[str, Any] = {"timeout": self.upload_timeout}
        if self.user_agent:
            session_kwargs["user_agent"] = self.user_agent
        upload.http = upload_session(**session_kwargs)  # a timeout and our User-Agent for the upload URL
        attachments: list[str] = []
        for path in paths:
            try:
                saved = upload.photo_wall([path], group_id=self.group_id)
            except OSError as exc:
                raise PermanentError(f"не удалось прочитать файл фотографии {path}: {exc.strerror}") from exc
            except PLATFORM_ERRORS as exc:
                raise translate_exception(exc, now=self.now()) from exc
            for photo in saved or ():
                attachments.append(f"photo{photo['owner_id']}_{photo['id']}")
        return attachments

    # -- posting ------------------------------------------------------------------------------

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        if target.topic_id:
            return self._post_board(target, reply)
        return self._post_wall(target, reply)

    def _post_wall(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        client = self.post_client
        if client is None:
            raise PermanentError(
                "не задан ключ сообщества для ответов ВКонтакте (reply_token) — опубликуйте ответ вручную"
            )
        if self.group_id is None:
            raise PermanentError("не задан group_id сообщества — ответить от имени сообщества нельзя")
        owner_id = _int(target.owner_id, "owner_id")
        post_id = _int(target.post_id, "post_id")
        message = _message(reply)
        values: dict[str, Any] = {
            "owner_id": owner_id,
            "post_id": post_id,
            "message": message,
            "from_group": self.group_id,
            "guid": reply.guid,
        }
        if target.comment_id:
            values["reply_to_comment"] = _int(target.comment_id, "comment_id")
        attachments = self.upload_photos(reply.attachments)
        if attachments:
            values["attachments"] = ",".join(attachments)
        result = self._call(client, "wall.createComment", values)
        comment_id = result.get("comment_id") if isinstance(result, dict) else result
        if comment_id is None:
            raise PermanentError("ВКонтакте не вернул номер комментария")
        log.info("vk.reply_posted", owner_id=owner_id, post_id=post_id, comment_id=comment_id)
        return PostedReply(
            external_id=comment_external_id(owner_id, post_id, comment_id),
            url=comment_url(owner_id, post_id, comment_id),
        )

    def _post_board(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        client = self.user_client
        if client is None:
            raise PermanentError(
                "ответ в обсуждение ВКонтакте (board.createComment) публикуется только ключом пользователя "
                "(token_type: user), а задан лишь ключ сообщества — опубликуйте ответ вручную"
            )
        owner_id = _int(target.owner_id, "owner_id")
        topic_id = _int(target.topic_id, "topic_id")
        group_id = self.group_id or abs(owner_id)
        values: dict[str, Any] = {
            "group_id": group_id,
            "topic_id": topic_id,
            "message": _message(reply),
            "from_group": 1,
            "guid": reply.guid,
        }
        attachments = self.upload_photos(reply.attachments)
        if attachments:
            values["attachments"] = ",".join(attachments)
        result = self._call(client, "board.createComment", values)
        comment_id = result.get("comment_id") if isinstance(result, dict) else result
        if comment_id is None:
            raise PermanentError("ВКонтакте не вернул номер сообщения в обсуждении")
        log.info("vk.board_reply_posted", group_id=group_id, topic_id=topic_id, comment_id=comment_id)
        return PostedReply(
            external_id=board_reply_external_id(-group_id, topic_id, comment_id),
            url=board_reply_url(-group_id, topic_id, comment_id),
        )

    # -- reading back -------------------------------------------------------------------------

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        """The community's comment under ``target`` whose text is this reply's, if already posted.

        For an unknown outcome (timeout, crash before commit): read the community's recent
        comments under the post, including the thread of the comment being answered.
        """
        if target.topic_id:
            return self._find_board_reply(target, reply)
        client = self.read_client or self.user_client
        if client is None or self.group_id is None:
            log.warning("vk.find_reply_unavailable", reason="no read token or group_id")
            return None
        owner_id = _int(target.owner_id, "owner_id")
        post_id = _int(target.post_id, "post_id")
        wanted = reply.text
        base = {"owner_id": owner_id, "post_id": post_id, "count": 100, "preview_length": 0,
                "extended": 1, "sort": "desc", "thread_items_count": 10}
        calls = [Call("wall.getComments", base)]
        if target.comment_id:
            calls.append(Call("wall.getComments", {**base, "comment_id": _int(target.comment_id, "comment_id")}))
        try:
            outcomes = BatchRunner(client).run(calls)
        except PLATFORM_ERRORS as exc:
            raise translate_exception(exc, now=self.now()) from exc
        for outcome in outcomes:
            if not outcome.ok:
                log.info("vk.find_reply_call_failed", error_code=(outcome.error or {}).get("error_code"))
                continue
            items = [i for i in (outcome.value or {}).get("items") or () if isinstance(i, dict)]
            for comment, _thread in flatten_comments(items):
                if comment.get("from_id") == -self.group_id and _same_text(str(comment.get("text", "")), wanted):
                    comment_id = comment["id"]
                    return PostedReply(
                        external_id=comment_external_id(owner_id, post_id, comment_id),
                        url=comment_url(owner_id, post_id, comment_id),
                    )
        return None

    def _find_board_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        client = self.read_client or self.user_client
        if client is None:
            return None
        owner_id = _int(target.owner_id, "owner_id")
        topic_id = _int(target.topic_id, "topic_id")
        group_id = self.group_id or abs(owner_id)
        values = {"group_id": group_id, "topic_id": topic_id, "count": 100, "sort": "desc"}
        result = self._call(client, "board.getComments", values)
        wanted = reply.text
        for comment in (result or {}).get("items") or ():
            if comment.get("from_id") == -group_id and _same_text(str(comment.get("text", "")), wanted):
                return PostedReply(
                    external_id=board_reply_external_id(-group_id, topic_id, comment["id"]),
                    url=board_reply_url(-group_id, topic_id, comment["id"]),
                )
        return None
