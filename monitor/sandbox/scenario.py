"""Build the network from a scenario YAML: communities, people, posts and comments, feeds.

Times in a scenario are relative (``ago: 2d3h15m``) to the moment it is loaded, so the built-in
district always looks fresh. Ids on each wall are handed out in time order, posts and comments
alike, starting from the community's ``first_post_id``. A bad scenario fails with one line that
names the place: ``posts[3].ago: expected a duration like 2d3h15m``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from monitor.core.clock import Clock
from monitor.sandbox.state import (
    BoardTopic,
    Comment,
    Community,
    FeedItem,
    NetworkState,
    NetworkUser,
    Options,
    Post,
    item_guid,
)

BUILT_IN = Path(__file__).with_name("scenario.yaml")
DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 6x faster
MIN_GAP_S = 30  # a comment is never older than what it answers


class ScenarioError(ValueError):
    """The scenario is malformed; the message names the key and the problem."""


def _duration(value: Any, where: str) -> int:
    if isinstance(value, int) and value >= 0:
        return value
    match = DURATION.match(str(value).strip()) if value is not None else None
    if not match or not any(match.groups()):
        raise ScenarioError(f"{where}: expected a duration like 2d3h15m")
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def _need(node: Any, key: str, where: str) -> Any:
    if not isinstance(node, dict):
        raise ScenarioError(f"{where}: expected a mapping")
    if key not in node or node[key] in (None, ""):
        raise ScenarioError(f"{where}.{key}: required")
    return node[key]


def _author(value: Any, owner_id: int, where: str, state: NetworkState) -> int:
    if value in (None, "group"):
        if owner_id > 0:
            raise ScenarioError(f"{where}.from: 'group' only on a community wall")
        return owner_id
    if isinstance(value, int) and value in state.users:
        return value
    if isinstance(value, int) and value < 0 and -value in state.communities:
        return value
    raise ScenarioError(f"{where}.from: unknown author {value!r}")


def _options(node: dict[str, Any]) -> Options:
    options = Options()
    rps = node.get("requests_per_second", options.requests_per_second)
    if isinstance(rps, dict):
        options.requests_per_second_by_kind = {str(k): int(v) for k, v in rps.items()}
        options.requests_per_second = int(rps.get("default", options.requests_per_second))
    else:
        options.requests_per_second = int(rps)
    options.execute_service_token = bool(node.get("execute_service_token", options.execute_service_token))
    options.preview_length_default = int(node.get("preview_length_default", options.preview_length_default))
    options.flood_identical_comments = bool(node.get("flood_identical_comments", False))
    return options


class _WallEvents:
    """Posts and comments of the scenario, created in time order so ids grow with time."""

    def __init__(self, state: NetworkState, anchor: int) -> None:
        self.state = state
        self.anchor = anchor
        self.events: list[tuple[int, int, Any]] = []  # (date, sequence, creator)

    def add(self, date: int, create: Any) -> None:
        self.events.append((date, len(self.events), create))

    def run(self) -> None:
        for _, _, create in sorted(self.events, key=lambda e: (e[0], e[1])):
            create()


def _comments(state: NetworkState, events: _WallEvents, post_ref: list[Post], nodes: list[Any],
              after: int, where: str, reply_ref: list[Comment] | None = None) -> None:
    for i, node in enumerate(nodes or []):
        here = f"{where}[{i}]"
        date = max(events.anchor - _duration(_need(node, "ago", here), f"{here}.ago"), after + MIN_GAP_S)
        text = str(_need(node, "text", here))
        box: list[Comment] = []

        def create(node: dict[str, Any] = node, date: int = date, text: str = text,
                   box: list[Comment] = box, here: str = here) -> None:
            post = post_ref[0]
            author = _author(node.get("from"), post.owner_id, here, state)
            reply_to = reply_ref[0] if reply_ref else None
            box.append(state.new_comment(post, author, text, date=date, reply_to=reply_to,
                                         likes=int(node.get("likes", 0))))

        events.add(date, create)
        _comments(state, events, post_ref, node.get("replies") or [], date, f"{here}.replies", box)


def _posts(state: NetworkState, nodes: list[Any], anchor: int) -> None:
    events = _WallEvents(state, anchor)
    for i, node in enumerate(nodes):
        here = f"posts[{i}]"
        owner_id = int(_need(node, "owner", here))
        if not state.owner_exists(owner_id):
            raise ScenarioError(f"{here}.owner: unknown wall {owner_id}")
        date = anchor - _duration(_need(node, "ago", here), f"{here}.ago")
        _need(node, "text", here)
        author = _author(node.get("from"), owner_id, here, state)
        geo = node.get("geo")
        if geo is not None and (not isinstance(geo, list) or len(geo) != 2):
            raise ScenarioError(f"{here}.geo: expected [latitude, longitude]")
        box: list[Post] = []

        def create(node: dict[str, Any] = node, owner_id: int = owner_id, author: int = author,
                   date: int = date, geo: Any = geo, box: list[Post] = box) -> None:
            box.append(state.new_post(
                owner_id, author, str(node["text"]).strip(), date=date,
                signer_id=int(node.get("signer", 0)), likes=int(node.get("likes", 0)),
                reposts=int(node.get("reposts", 0)), views=int(node.get("views", 0)),
                pinned=bool(node.get("pinned", False)),
                can_post=0 if node.get("comments_closed") else 1,
                geo=(float(geo[0]), float(geo[1])) if geo else None,
            ))

        events.add(date, create)
        _comments(state, events, box, node.get("comments") or [], date, f"{here}.comments")
    events.run()


def _topics(state: NetworkState, nodes: list[Any], anchor: int) -> None:
    for i, node in enumerate(nodes):
        here = f"topics[{i}]"
        group_id = int(_need(node, "group", here))
        if group_id not in state.communities:
            raise ScenarioError(f"{here}.group: unknown community {group_id}")
        topic_id = int(node.get("id", i + 1))
        created = anchor - _duration(_need(node, "ago", here), f"{here}.ago")
        topic = BoardTopic(topic_id, group_id, str(_need(node, "title", here)), created,
                           _author(node.get("by"), -group_id, here, state),
                           is_closed=int(bool(node.get("closed"))), is_fixed=int(bool(node.get("fixed"))))
        state.topics[(group_id, topic_id)] = topic
        for j, comment in enumerate(node.get("comments") or []):
            where = f"{here}.comments[{j}]"
            date = max(anchor - _duration(_need(comment, "ago", where), f"{where}.ago"), created)
            state.new_topic_comment(topic, _author(comment.get("from"), -group_id, where, state),
                                    str(_need(comment, "text", where)).strip(), date=date)


def _feeds(state: NetworkState, nodes: list[Any], anchor: int) -> None:
    for i, node in enumerate(nodes):
        here = f"feeds[{i}]"
        feed = state.feed(str(_need(node, "name", here)))
        feed.title = str(node.get("title", feed.name))
        feed.link = str(node.get("link", feed.link))
        feed.description = str(node.get("description", feed.description))
        for j, item in enumerate(node.get("items") or []):
            where = f"{here}.items[{j}]"
            number = j + 1
            feed.items.append(FeedItem(
                number=number,
                guid=str(item.get("guid") or item_guid(feed.name, number)),
                title=str(_need(item, "title", where)),
                link=str(item.get("link") or f"{feed.link.rstrip('/')}/news/{number}"),
                description=str(_need(item, "text", where)).strip(),
                pub_date=anchor - _duration(_need(item, "ago", where), f"{where}.ago"),
                author=item.get("author"),
            ))
        feed.items.sort(key=lambda it: (it.pub_date, it.number))
        feed.changed, feed.version = anchor, 1


def build_state(data: dict[str, Any], clock: Clock | None = None,
                default_owner_id: int | None = None) -> NetworkState:
    """A fresh network from parsed scenario data, anchored at the clock's now."""
    try:
        return _build(data, clock, default_owner_id)
    except ScenarioError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ScenarioError(f"scenario: malformed value ({exc.__class__.__name__}: {exc})") from None


def _build(data: dict[str, Any], clock: Clock | None, default_owner_id: int | None) -> NetworkState:
    state = NetworkState(clock, default_owner_id)
    anchor = state.now()
    state.options = _options(data.get("options") or {})
    operator = data.get("operator") or {"id": 500001, "name": "Оператор Администрации"}
    for i, node in enumerate([operator, *(data.get("users") or [])]):
        here = "operator" if i == 0 else f"users[{i - 1}]"
        name = str(node.get("name") or f"{node.get('first_name', '')} {node.get('last_name', '')}").split()
        if not name:
            raise ScenarioError(f"{here}.name: required")
        state.add_user(NetworkUser(int(_need(node, "id", here)), name[0], " ".join(name[1:])))
    state.options.operator_user_id = int(operator["id"])
    for i, node in enumerate(data.get("communities") or []):
        here = f"communities[{i}]"
        community = Community(int(_need(node, "id", here)), str(_need(node, "name", here)),
                              str(node.get("screen_name") or f"club{node['id']}"),
                              type=str(node.get("type", "group")), is_closed=int(node.get("closed", 0)),
                              members_count=int(node.get("members", 0)))
        state.add_community(community).last_id = int(node.get("first_post_id", 1)) - 1
    _posts(state, data.get("posts") or [], anchor)
    _topics(state, data.get("topics") or [], anchor)
    _feeds(state, data.get("feeds") or [], anchor)
    author = data.get("default_author")
    if author is not None and author not in state.users:
        raise ScenarioError(f"default_author: unknown user {author!r}")
    state.default_author_id = author
    if state.default_owner_id is None:
        first = next(iter(state.communities), None)
        state.default_owner_id = int(data.get("default_owner_id") or (-first if first else 0)) or None
    return state


def read_scenario(path: str | Path | None = None) -> dict[str, Any]:
    """The parsed scenario file (the built-in one by default)."""
    source = Path(path) if path else BUILT_IN
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as exc:
        raise ScenarioError(f"scenario: cannot read {source}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"scenario: {source} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"scenario: {source} must hold a mapping")
    return data
