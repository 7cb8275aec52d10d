"""The sandbox's VK Bots Long Poll: every new post, comment and board post in a community is an
event, served to ``a_check`` as soon as it happens.

``groups.getLongPollServer(group_id)`` (the community's token) answers ``{key, server, ts}``
with ``server`` = ``<sandbox>/vk/longpoll/<group_id>``; ``GET server?act=a_check&key=&ts=&wait=``
returns the events after ``ts`` at once, or waits up to ``wait`` seconds (at most 25) for one.
``failed`` answers on demand: ``POST /_sandbox/errors {"method": "a_check", "error_code": 1|2|3}``
(2 and 3 also make the key stale, as VK does). Event numbers (ts) start at the clock in
milliseconds, so a restarted sandbox never numbers an event twice.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from monitor.sandbox.vk_common import CallContext, HttpFault, Params, VkError

MAX_WAIT_S = 25.0


class LongPollHub:
    """Events per community; the network's lock guards it, ``changed`` wakes waiting checks."""

    def __init__(self, lock: Any, now_ms: int) -> None:
        self.changed = threading.Condition(lock)
        self.base = now_ms
        self.events: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        self.last: dict[int, int] = {}
        self.keys: dict[int, str] = {}

    def rebind(self, lock: Any) -> None:
        self.changed = threading.Condition(lock)

    def ts(self, group_id: int) -> int:
        return self.last.get(group_id, self.base)

    def record(self, group_id: int, kind: str, obj: dict[str, Any]) -> None:
        with self.changed:  # the network's lock (re-entrant): a scenario being built holds none yet
            ts = self.ts(group_id) + 1
            self.last[group_id] = ts
            self.events.setdefault(group_id, []).append(
                (ts, {"type": kind, "object": obj, "group_id": group_id, "event_id": f"sb{group_id}x{ts}",
                      "v": "5.199"}))
            self.changed.notify_all()

    def key(self, group_id: int) -> str:
        return self.keys.setdefault(group_id, secrets.token_hex(16))


def hub_of(state: Any) -> LongPollHub:
    return state.longpoll


# -- events from the network's changes (state.py calls these) --------------------------------------

def post_created(state: Any, post: Any) -> None:
    if post.owner_id < 0:
        from monitor.sandbox.vk_objects import post_json

        hub_of(state).record(-post.owner_id, "wall_post_new", post_json(post))


def comment_created(state: Any, comment: Any) -> None:
    if comment.owner_id < 0:
        from monitor.sandbox.vk_objects import comment_json

        hub_of(state).record(-comment.owner_id, "wall_reply_new",
                             {**comment_json(comment, 0), "post_owner_id": comment.owner_id})


def topic_comment_created(state: Any, topic: Any, comment: Any) -> None:
    from monitor.sandbox.vk_objects import board_comment_json

    hub_of(state).record(topic.group_id, "board_post_new",
                         {**board_comment_json(comment, len(topic.comments) - 1), "topic_id": topic.id,
                          "topic_owner_id": -topic.group_id})


def photo_comment(state: Any, group_id: int, photo_id: int, from_id: int, text: str, date: int) -> int:
    """A comment under a community photo (the sandbox keeps no photo albums: the event only)."""
    wall = state.wall(-group_id)
    comment_id = wall.next_id()
    hub_of(state).record(group_id, "photo_comment_new", {
        "id": comment_id, "from_id": from_id, "date": date, "text": text, "photo_id": photo_id,
        "photo_owner_id": -group_id})
    return comment_id


# -- the API ---------------------------------------------------------------------------------------

def get_long_poll_server(ctx: CallContext, p: Params) -> dict[str, Any]:
    group_id = p.required_integer("group_id")
    if ctx.token.kind == "group" and ctx.token.group_id != group_id:
        raise VkError(15, "this community's token only")
    if -group_id not in ctx.state.walls and group_id not in ctx.state.communities:
        raise VkError(100, "group_id is invalid")
    hub = hub_of(ctx.state)
    return {"key": hub.key(group_id), "server": f"{ctx.base_url}/vk/longpoll/{group_id}", "ts": str(hub.ts(group_id))}


def a_check(state: Any, group_id: int, params: dict[str, str], base_url: str) -> tuple[int, dict[str, Any]]:
    """One long-poll request; the caller must not hold the network's lock (this waits on it)."""
    with state.lock:
        state.stats.http["vk_longpoll"] += 1
        hub = hub_of(state)
        if params.get("act") != "a_check":
            return 200, {"failed": 4, "error": "act must be a_check"}
        try:
            state.faults.check("a_check", base_url)
        except VkError as planned:
            if planned.code in (2, 3):
                hub.keys.pop(group_id, None)
            answer: dict[str, Any] = {"failed": planned.code}
            if planned.code == 1:
                answer["ts"] = str(hub.ts(group_id))
            return 200, answer
        except HttpFault as fault:
            return fault.status, {"error": f"HTTP {fault.status}"}
        if params.get("key") != hub.keys.get(group_id):
            return 200, {"failed": 2}
        try:
            ts = int(params.get("ts") or "")
        except ValueError:
            return 200, {"failed": 1, "ts": str(hub.ts(group_id))}
        if ts > hub.ts(group_id):
            return 200, {"failed": 1, "ts": str(hub.ts(group_id))}
        try:
            wait = min(max(float(params.get("wait") or 0), 0.0), MAX_WAIT_S)
        except ValueError:
            wait = 0.0
        hub.changed.wait_for(lambda: hub_of(state).ts(group_id) > ts, timeout=wait)
        hub = hub_of(state)  # a reset may have replaced it meanwhile
        updates = [event for number, event in hub.events.get(group_id, []) if number > ts]
        return 200, {"ts": str(hub.ts(group_id)), "updates": updates}
