"""VK Bots Long Poll for the administration's own community: new posts, comments, board posts
and photo comments as they happen.

``groups.getLongPollServer(group_id)`` (community token) gives ``{key, server, ts}``; then
``GET {server}?act=a_check&key=&ts=&wait=`` answers as soon as there are events (or after
``wait`` seconds) with ``{"ts", "updates"}``. ``failed: 1`` — the history is gone past our ts:
take the new ts; ``2`` — the key expired: a new key, keep our ts; ``3`` — a new key and ts.
The ts is stored as the source's cursor with the messages of the same answer, so a restart
neither loses nor repeats an event; key and server live only in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

import requests
import structlog

from connectors.base import NetworkMessage, TransientError
from connectors.vk.normalize import AuthorNames, comment_message, post_message
from connectors.vk.publish import board_reply_external_id, board_reply_url

__all__ = ["LongPoll", "event_message"]

log = structlog.get_logger()
MAX_KEY_RENEWALS = 2


def _thread(comment: dict[str, Any]) -> int | None:
    stack = comment.get("parents_stack") or []
    return int(stack[0]) if stack and str(stack[0]).lstrip("-").isdigit() else None


def event_message(event: dict[str, Any], group_id: int, names: AuthorNames, now: datetime) -> NetworkMessage | None:
    """The message an event brings (None: an event of another type, or a deleted object)."""
    kind, obj = event.get("type"), event.get("object")
    if not isinstance(obj, dict) or "id" not in obj:
        return None
    if kind == "wall_post_new":
        return post_message({"owner_id": -group_id, **obj}, names)
    if kind == "wall_reply_new":
        owner = int(obj.get("post_owner_id") or obj.get("owner_id") or -group_id)
        return comment_message(obj, owner_id=owner, post_id=int(obj["post_id"]), names=names, thread=_thread(obj))
    author = obj.get("from_id")
    author_id = str(author) if isinstance(author, int) else None
    created = datetime.fromtimestamp(int(obj.get("date") or 0), now.tzinfo) if obj.get("date") else now
    if kind == "board_post_new":
        owner, topic = int(obj.get("topic_owner_id") or -group_id), int(obj["topic_id"])
        return NetworkMessage(platform="vk", external_id=board_reply_external_id(owner, topic, obj["id"]), kind="board",
                              text=str(obj.get("text") or "").strip(), url=board_reply_url(owner, topic, obj["id"]),
                              created_at=created, author_id=author_id, author_name=names.get(author),
                              owner_id=str(owner), post_id=f"topic{topic}", comment_id=str(obj["id"]), raw=obj)
    if kind == "photo_comment_new":
        owner, photo = int(obj.get("photo_owner_id") or -group_id), int(obj["photo_id"])
        return NetworkMessage(platform="vk", external_id=f"photo{owner}_{photo}_c{obj['id']}", kind="comment",
                              text=str(obj.get("text") or "").strip(), url=f"https://vk.com/photo{owner}_{photo}",
                              created_at=created, author_id=author_id, author_name=names.get(author),
                              parent_external_id=f"photo{owner}_{photo}", owner_id=str(owner), post_id=f"photo{photo}",
                              comment_id=str(obj["id"]), raw=obj)
    return None


class LongPoll:
    """One community's event stream; ``check(ts)`` is one long-poll request (and its renewals)."""

    def __init__(self, client: Any, group_id: int, *, wait: int, source: str, now: Callable[[], datetime],
                 http: requests.Session | None = None, timeout_margin: float = 10.0) -> None:
        self.client = client  # a VkClient with the community's token
        self.group_id = group_id
        self.wait = wait
        self.source = source
        self.now = now
        self.http = http or requests.Session()
        self.timeout_margin = timeout_margin
        self.server: str | None = None
        self.key: str | None = None
        self.requests = 0
        self._interrupted = False
        self._lock = threading.Lock()
        self._wake: threading.Event | None = None  # set when the request under way answers, or by interrupt

    def _renew(self) -> str:
        """A new key and server; the server's current ts."""
        self.requests += 1
        try:  # vk_api itself trips (KeyError) on an answer without "response"
            answer = self.client.method("groups.getLongPollServer", {"group_id": self.group_id})
            self.server, self.key = str(answer["server"]), str(answer["key"])
            return str(answer["ts"])
        except (KeyError, TypeError) as exc:
            raise TransientError("groups.getLongPollServer: VK sent an unreadable reply") from exc

    def interrupt(self) -> None:
        """End a check under way at once, and every later one, with no events and ``ts`` unchanged
        (the service is stopping: what VK would have sent is read again after the restart)."""
        with self._lock:
            self._interrupted = True
            if self._wake is not None:
                self._wake.set()

    def check(self, ts: str | None) -> tuple[list[NetworkMessage], str]:
        """The events after ``ts`` (None: from now on) and the ts to store with them."""
        if self._interrupted and ts is not None:
            return [], ts
        if self.server is None or ts is None:
            fresh = self._renew()
            ts = ts or fresh
        for _ in range(MAX_KEY_RENEWALS + 1):
            body = self._a_check(ts)
            if body is None:  # interrupted
                return [], ts
            failed = body.get("failed")
            if failed is None:
                return self._messages(body.get("updates")), str(body.get("ts") or ts)
            if failed == 1:
                log.warning("vk.longpoll_history_lost", source=self.source, ts=ts, new_ts=body.get("ts"))
                return [], str(body.get("ts") or ts)
            fresh = self._renew()
            if failed == 3:
                log.warning("vk.longpoll_restarted", source=self.source, ts=ts, new_ts=fresh)
                ts = fresh
        raise TransientError("VK long poll: the key keeps expiring")

    def _a_check(self, ts: str) -> dict[str, Any] | None:
        """One long-poll request's answer; None when ``interrupt`` came first."""
        assert self.server is not None
        self.requests += 1
        server = self.server if self.server.startswith("http") else f"https://{self.server}"
        answer = self._interruptible(lambda: self.http.get(
            server, params={"act": "a_check", "key": self.key, "ts": ts, "wait": self.wait},
            timeout=self.wait + self.timeout_margin))
        if answer is None:
            return None
        try:
            response = answer.result()
        except requests.RequestException as exc:
            raise TransientError(f"VK long poll unreachable: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise TransientError(f"VK long poll answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise TransientError("VK long poll sent an unreadable reply") from exc
        if not isinstance(body, dict):
            raise TransientError("VK long poll sent an unreadable reply")
        return body

    def _interruptible(self, request: Callable[[], requests.Response]) -> Future[requests.Response] | None:
        """``request`` run in a thread of its own, so that ``interrupt`` ends the wait for it at
        once; None when it did. The abandoned request only reads (it stores nothing), and its
        daemon thread ends with its timeout or with the process."""
        answer: Future[requests.Response] = Future()
        wake = threading.Event()
        with self._lock:
            if self._interrupted:
                return None
            self._wake = wake

        def run() -> None:
            try:
                answer.set_result(request())
            except BaseException as exc:  # handed to the waiting caller, which raises it
                answer.set_exception(exc)
            wake.set()

        threading.Thread(target=run, name="vk-longpoll", daemon=True).start()
        wake.wait()
        return answer if answer.done() else None

    def _names(self, events: list[dict[str, Any]]) -> AuthorNames:
        ids = sorted({o["from_id"] for e in events if isinstance(o := e.get("object"), dict)
                      and isinstance(o.get("from_id"), int) and o["from_id"] > 0})
        names = AuthorNames()
        if ids:
            self.requests += 1
            profiles = self.client.method("users.get", {"user_ids": ",".join(map(str, ids))})
            names.add({"profiles": profiles if isinstance(profiles, list) else []})
        return names

    def _messages(self, updates: Any) -> list[NetworkMessage]:
        events = [u for u in updates if isinstance(u, dict)] if isinstance(updates, list) else []
        if len(events) != (len(updates) if isinstance(updates, list) else 0):
            log.warning("vk.longpoll_event_skipped", source=self.source, reason="ill-formed event")
        names = self._names(events)
        out: dict[str, NetworkMessage] = {}
        for event in events:
            try:
                message = event_message(event, self.group_id, names, self.now())
            except (KeyError, TypeError, ValueError):
                log.warning("vk.longpoll_event_skipped", source=self.source, event_id=event.get("event_id"),
                            type=event.get("type"), reason="ill-formed object")
                continue
            if message is not None:
                out.setdefault(message.external_id, message)
        return list(out.values())
