"""The sandbox's Odnoklassniki: groups with topics and comments behind a signed REST API.

``/ok/fb.do`` (and ``/ok/api/<group>/<method>``) check the application key (else error 101),
the token (102) and the signature (104), recomputed as OK does with the sandbox's secret;
``mediatopic.getTopics`` pages newest first with ``anchor``/``has_more``, and
``discussions.getComments`` reads forward from an ``anchor``. Errors planned through
``POST /_sandbox/errors`` (``{"method": "mediatopic.getTopics", "error_code": 8}``) apply here
too. Ids are numbered from the clock in milliseconds, so a restarted sandbox never hands out an
id again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from connectors.ok.client import sign
from connectors.ok.reactions import BY_IDS_LIMIT
from connectors.ok.settings import SANDBOX_OK
from monitor.sandbox.vk_common import HttpFault, VkError

Answer = tuple[int, Any]
DEMO_GROUP = "70000000000001"
OK_ERRORS = {100: "PARAM", 101: "PARAM_API_KEY : application key is unknown",
             102: "PARAM_SESSION_EXPIRED : session expired", 104: "PARAM_SIGNATURE : invalid signature",
             160: "PARAM_GROUP_ID : invalid group id", 300: "NOT_FOUND", 3: "METHOD : unknown method"}
_MOSCOW = timezone(timedelta(hours=3))


class OkFault(Exception):
    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(message or OK_ERRORS.get(code, "UNKNOWN"))
        self.code = code


@dataclass
class OkComment:
    id: int
    author_id: str
    author_name: str
    text: str
    date_ms: int
    author_type: str = "USER"

    def as_json(self) -> dict[str, Any]:
        date = datetime.fromtimestamp(self.date_ms / 1000, UTC).astimezone(_MOSCOW).strftime("%Y-%m-%d %H:%M:%S")
        return {"id": str(self.id), "author_id": self.author_id, "author_name": self.author_name,
                "author_type": self.author_type, "text": self.text, "date": date, "date_ms": self.date_ms,
                "type": "GROUP_TOPIC"}


@dataclass
class OkTopic:
    id: int
    gid: str
    author_ref: str
    text: str
    created_ms: int
    comments: list[OkComment] = field(default_factory=list)
    likes: int = 0  # «Класс!» marks
    reshares: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "created_ms": self.created_ms, "author_ref": self.author_ref,
                "owner_ref": f"group:{self.gid}", "media": [{"type": "text", "text": self.text}],
                "discussion_summary": {"comments_count": len(self.comments)},
                "like_summary": {"count": self.likes}, "reshare_summary": {"count": self.reshares}}


@dataclass
class OkGroup:
    gid: str
    name: str
    topics: list[OkTopic] = field(default_factory=list)  # ascending created_ms


class OkWorld:
    """The groups, their topics and comments; the caller holds the network's lock."""

    def __init__(self, now_ms: int) -> None:
        self.groups: dict[str, OkGroup] = {DEMO_GROUP: OkGroup(DEMO_GROUP, "Администрация района в ОК")}
        self.last_id = now_ms * 10  # ids grow with the clock: a restart never repeats one
        self.users: dict[str, str] = {}

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def topic(self, topic_id: str) -> OkTopic | None:
        for group in self.groups.values():
            for topic in group.topics:
                if str(topic.id) == topic_id:
                    return topic
        return None

    def user_id(self, name: str) -> str:
        for uid, known in self.users.items():
            if known == name:
                return uid
        uid = str(570000000000 + len(self.users) + 1)
        self.users[uid] = name
        return uid


def _check_signature(params: dict[str, str]) -> None:
    if params.get("application_key") != SANDBOX_OK["application_key"]:
        raise OkFault(101)
    if params.get("access_token") != SANDBOX_OK["access_token"]:
        raise OkFault(102)
    expected = sign(params, application_secret_key=SANDBOX_OK["application_secret_key"],
                    access_token=params.get("access_token"))
    if params.get("sig") != expected:
        raise OkFault(104)


def _count(params: dict[str, str], default: int, most: int) -> int:
    try:
        return max(1, min(int(params.get("count") or default), most))
    except ValueError:
        raise OkFault(100, "PARAM : count must be a number") from None


def _get_topics(world: OkWorld, params: dict[str, str]) -> Any:
    group = world.groups.get(params.get("gid", ""))
    if group is None:
        raise OkFault(160)
    newest_first = sorted(group.topics, key=lambda t: (t.created_ms, t.id), reverse=True)
    anchor = params.get("anchor") or ""
    if anchor.startswith("t"):
        marker = tuple(int(x) for x in anchor[1:].split("_"))
        newest_first = [t for t in newest_first if (t.created_ms, t.id) < marker]
    page = newest_first[: _count(params, 20, 100)]
    users = [{"uid": uid, "name": name} for uid, name in world.users.items()]
    answer: dict[str, Any] = {"media_topics": [t.as_json() for t in page], "has_more": len(newest_first) > len(page),
                              "entities": {"users": users, "groups": [{"uid": group.gid, "name": group.name}]}}
    if page:
        answer["anchor"] = f"t{page[-1].created_ms}_{page[-1].id}"
    return answer


def _get_comments(world: OkWorld, params: dict[str, str]) -> Any:
    topic = world.topic(params.get("discussionId", ""))
    if topic is None or params.get("discussionType") != "GROUP_TOPIC":
        raise OkFault(300)
    anchor = params.get("anchor") or ""
    after = int(anchor[1:]) if anchor.startswith("c") and anchor[1:].isdigit() else 0
    newer = [c for c in topic.comments if c.id > after]
    page = newer[: _count(params, 20, 100)]
    return {"comments": [c.as_json() for c in page], "has_more": len(newer) > len(page),
            "anchor": f"c{page[-1].id}" if page else (anchor or "c0")}


def _get_by_ids(world: OkWorld, params: dict[str, str]) -> Any:
    """``mediatopic.getByIds``: the topics asked for that exist, in the order asked."""
    wanted = [t for t in (params.get("topic_ids") or "").split(",") if t.strip()]
    if not wanted or len(wanted) > BY_IDS_LIMIT:
        raise OkFault(100, f"PARAM : topic_ids must list 1 to {BY_IDS_LIMIT} ids")
    found = (world.topic(t.strip()) for t in wanted)
    return {"media_topics": [t.as_json() for t in found if t is not None]}


METHODS = {"mediatopic.getTopics": _get_topics, "discussions.getComments": _get_comments,
           "mediatopic.getByIds": _get_by_ids}


def call(state: Any, params: dict[str, str], path_method: str | None, base_url: str) -> Answer:
    """One API request: (HTTP status, JSON body)."""
    method = path_method or params.get("method", "")
    if path_method:
        params = {**params, "method": path_method}
    with state.lock:
        state.stats.http["ok"] += 1
        state.stats.methods[f"ok:{method}"] += 1
        try:
            _check_signature(params)
            handler = METHODS.get(method)
            if handler is None:
                raise OkFault(3)
            state.faults.check(method, base_url)
            return 200, handler(state.ok, params)
        except OkFault as exc:
            return 200, {"error_code": exc.code, "error_msg": str(exc), "error_data": None}
        except VkError as exc:  # a planned error: OK's envelope with the planned code
            return 200, {"error_code": exc.code, "error_msg": OK_ERRORS.get(exc.code, "UNKNOWN"), "error_data": None}
        except HttpFault as exc:
            return exc.status, {"error": f"HTTP {exc.status}"}


def inject(state: Any, body: dict[str, Any], text: str, created_ms: int | None, author: Any) -> Answer:
    """A new topic in a group (default: the demo group), or a comment under ``topic_id``."""
    world: OkWorld = state.ok
    gid = str(body.get("group_id") or DEMO_GROUP)
    group = world.groups.get(gid)
    if group is None:
        from monitor.sandbox.control import BadRequest

        raise BadRequest(f"group_id: unknown OK group {gid} (known: {', '.join(world.groups)})")
    when = created_ms if created_ms is not None else int(state.now_exact() * 1000)
    if author == "group":
        author_id, author_name, author_type = gid, group.name, "GROUP"
    else:
        author_name = author if isinstance(author, str) and author.strip() else "Житель района"
        author_id, author_type = world.user_id(author_name), "USER"
    topic_id = body.get("topic_id") or body.get("post_id")
    if topic_id is None:
        ref = f"group:{gid}" if author_type == "GROUP" else f"user:{author_id}"
        topic = OkTopic(world.next_id(), gid, ref, text, when)
        group.topics.append(topic)
        return 201, {"network": "ok", "owner_id": gid, "post_id": str(topic.id),
                     "url": f"https://ok.ru/group/{gid}/topic/{topic.id}"}
    found = world.topic(str(topic_id))
    if found is None:
        from monitor.sandbox.control import BadRequest

        raise BadRequest(f"topic_id: unknown OK topic {topic_id}")
    comment = OkComment(world.next_id(), author_id, author_name, text, when, author_type)
    found.comments.append(comment)
    return 201, {"network": "ok", "owner_id": found.gid, "post_id": str(found.id), "comment_id": str(comment.id),
                 "url": f"https://ok.ru/group/{found.gid}/topic/{found.id}"}
