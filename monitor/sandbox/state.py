"""The sandbox network's in-memory world: communities, walls, comments, boards, feeds, replies.

Everything lives in one ``NetworkState`` guarded by one re-entrant lock: the HTTP server is
threaded, and a request (an ``execute`` batch included) runs whole under the lock, so readers
never see half a comment. Ids on a wall share one counter for posts and comments, as on VK, so
a poller can rely on ids growing with time; ``Numbering`` carries the counters over a reset or
a restart, so an id once handed out is never handed out again.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from monitor.core.clock import Clock, SystemClock
from monitor.sandbox.graph import GraphWorld
from monitor.sandbox.limits import FaultPlan, RateLimiter
from monitor.sandbox.ok import OkWorld
from monitor.sandbox.telegram import TelegramWorld
from monitor.sandbox.vk_longpoll import LongPollHub, comment_created, post_created, topic_comment_created
from monitor.sandbox.web import WebWorld
from monitor.sandbox.x import XWorld


@dataclass
class Options:
    """Behaviour switches a scenario (or ``POST /_sandbox/config``) may change."""

    requests_per_second: int = 3  # per token; 0 = no limit
    requests_per_second_by_kind: dict[str, int] = field(default_factory=dict)  # service/user/group
    execute_service_token: bool = True  # real VK refuses execute with a service token
    preview_length_default: int = 90  # wall.getComments truncates unless preview_length=0
    flood_identical_comments: bool = False  # error 9 on the same text twice under one post
    operator_user_id: int = 500001  # whose ``usr.*`` token this is (unless usr.<id>.*)

    def limit_for(self, kind: str) -> int:
        return self.requests_per_second_by_kind.get(kind, self.requests_per_second)


@dataclass
class Community:
    id: int  # positive group id; its wall is owner_id = -id
    name: str
    screen_name: str
    type: str = "group"
    is_closed: int = 0
    members_count: int = 0


@dataclass
class NetworkUser:
    id: int
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Comment:
    id: int
    owner_id: int
    post_id: int
    from_id: int
    date: int
    text: str
    likes: int = 0
    reply_to_comment: int = 0
    reply_to_user: int = 0
    thread_root: int = 0  # the top-level comment this one sits under (0 = top level)
    attachments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def parents_stack(self) -> list[int]:
        return [self.thread_root] if self.thread_root else []


@dataclass
class Post:
    id: int
    owner_id: int
    from_id: int
    date: int
    text: str
    signer_id: int = 0
    likes: int = 0
    reposts: int = 0
    views: int = 0
    pinned: bool = False
    can_post: int = 1
    geo: tuple[float, float] | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    source: str = "vk"
    comments: list[Comment] = field(default_factory=list)  # ascending ids

    def sort_key(self) -> tuple[int, int]:
        return (self.date, self.id)


@dataclass
class Wall:
    """One owner's wall: posts kept in (date, id) order, and its comment index."""

    owner_id: int
    last_id: int = 0
    posts: list[Post] = field(default_factory=list)
    by_id: dict[int, Post] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def add_post(self, post: Post) -> None:
        bisect.insort(self.posts, post, key=Post.sort_key)
        self.by_id[post.id] = post
        self.last_id = max(self.last_id, post.id)

    def add_comment(self, post: Post, comment: Comment) -> None:
        bisect.insort(post.comments, comment, key=lambda c: c.id)
        self.comments[comment.id] = comment
        self.last_id = max(self.last_id, comment.id)

    def newest_first(self) -> list[Post]:
        """The order of wall.get: the pinned post first, then newest first."""
        pinned = next((p for p in reversed(self.posts) if p.pinned), None)
        newest = list(reversed(self.posts))
        return [pinned] + [p for p in newest if p is not pinned] if pinned else newest


@dataclass
class BoardComment:
    id: int
    from_id: int
    date: int
    text: str
    likes: int = 0
    attachments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class BoardTopic:
    id: int
    group_id: int
    title: str
    created: int
    created_by: int
    is_closed: int = 0
    is_fixed: int = 0
    comments: list[BoardComment] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return self.comments[-1].date if self.comments else self.created

    @property
    def updated_by(self) -> int:
        return self.comments[-1].from_id if self.comments else self.created_by


@dataclass
class FeedItem:
    number: int
    guid: str
    title: str
    link: str
    description: str
    pub_date: int
    author: str | None = None


def item_guid(feed: str, number: int) -> str:
    """The guid of a feed's item number ``number`` (what a poller keys the item by)."""
    return f"{feed}-{number}"


def item_number(feed: str, key: str) -> int | None:
    """The item number in a key a poller stored for ``feed`` (the guid, maybe after a ``#``)."""
    match = re.search(rf"(?:^|#){re.escape(feed)}-(\d{{1,18}})$", key)
    return int(match.group(1)) if match else None


@dataclass
class Feed:
    name: str
    title: str
    link: str
    description: str
    items: list[FeedItem] = field(default_factory=list)  # ascending pub_date
    changed: int = 0  # unix time of the last change (Last-Modified)
    version: int = 0  # bumped on every change (ETag)
    last_number: int = 0  # the highest item number handed out (items may be gone after a reset)

    def next_number(self) -> int:
        self.last_number = max([self.last_number, *(item.number for item in self.items)]) + 1
        return self.last_number

    def add(self, item: FeedItem, now: int) -> None:
        bisect.insort(self.items, item, key=lambda i: (i.pub_date, i.number))
        # Strictly later than before, so If-Modified-Since never hides a same-second change.
        self.changed = max(self.changed + 1, now, item.pub_date)
        self.version += 1


@dataclass
class Numbering:
    """Where the counters stand: per wall the highest post or comment id, per feed the highest
    item number and the version (ETag) handed out. New ids start above it."""

    walls: dict[int, int] = field(default_factory=dict)
    feeds: dict[str, tuple[int, int]] = field(default_factory=dict)

    def merged(self, other: Numbering) -> Numbering:
        walls = dict(self.walls)
        for owner, last in other.walls.items():
            walls[owner] = max(walls.get(owner, 0), last)
        feeds = dict(self.feeds)
        for name, (number, version) in other.feeds.items():
            old_number, old_version = feeds.get(name, (0, 0))
            feeds[name] = (max(old_number, number), max(old_version, version))
        return Numbering(walls, feeds)


@dataclass
class Upload:
    server: int
    photo: str  # what the upload endpoint answered, echoed back to photos.saveWallPhoto
    hash: str
    files: int
    used: bool = False


@dataclass
class Stats:
    """Request counters: benchmarks read them to count HTTP requests per cycle."""

    http: Counter[str] = field(default_factory=Counter)  # vk, upload, rss, control
    methods: Counter[str] = field(default_factory=Counter)  # top-level VK methods
    inner_calls: Counter[str] = field(default_factory=Counter)  # calls inside execute
    token_kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # VK error codes answered

    def as_json(self) -> dict[str, Any]:
        return {
            "http_requests": sum(self.http.values()),
            "http": dict(self.http),
            "vk_requests": self.http.get("vk", 0),
            "methods": dict(self.methods),
            "inner_calls": dict(self.inner_calls),
            "token_kinds": dict(self.token_kinds),
            "errors": dict(self.errors),
        }


class NetworkState:
    """The whole simulated network. Hold ``lock`` while reading or changing anything."""

    def __init__(self, clock: Clock | None = None, default_owner_id: int | None = None) -> None:
        self.lock = threading.RLock()
        self.clock: Clock = clock or SystemClock()
        self.default_owner_id = default_owner_id
        self.options = Options()
        self.communities: dict[int, Community] = {}
        self.users: dict[int, NetworkUser] = {}
        self.walls: dict[int, Wall] = {}
        self.topics: dict[tuple[int, int], BoardTopic] = {}
        self.board_last_id: Counter[int] = Counter()
        self.feeds: dict[str, Feed] = {}
        self.replies: list[dict[str, Any]] = []
        self.guids: dict[tuple[int, int, str], int] = {}
        self.uploads: dict[str, Upload] = {}
        self.upload_servers = 0
        self.upload_targets: dict[int, int] = {}  # upload server number -> owner id
        self.photos: dict[tuple[int, int], dict[str, Any]] = {}
        self.photo_last_id = 456239000
        self.next_user_id = 900000001
        self.default_author_id: int | None = None  # injected posts without an author
        self.stats = Stats()
        self.limiter = RateLimiter()
        self.faults = FaultPlan()
        self.floor = Numbering()  # counters never start below this (see ``continue_numbering``)
        # Other networks, each in its own module; their ids grow with the clock (no numbering needed).
        self.ok = OkWorld(int(self.clock.now().timestamp() * 1000))
        self.telegram = TelegramWorld(int(self.clock.now().timestamp() * 1000))
        self.web = WebWorld(int(self.clock.now().timestamp() * 1000))
        self.graph = GraphWorld(int(self.clock.now().timestamp() * 1000))
        self.x = XWorld(int(self.clock.now().timestamp() * 1000))
        self.longpoll = LongPollHub(self.lock, int(self.clock.now().timestamp() * 1000))

    def adopt(self, fresh: NetworkState) -> None:
        """Become ``fresh`` in place (``POST /_sandbox/reset``), keeping this lock and clock."""
        with self.lock:
            for name, value in vars(fresh).items():
                if name not in ("lock", "clock"):
                    setattr(self, name, value)
            self.longpoll.rebind(self.lock)

    # --- numbering ----------------------------------------------------------------------------
    def numbering(self) -> Numbering:
        """The counters as they stand now (what a reset must not hand out again)."""
        return Numbering({owner: wall.last_id for owner, wall in self.walls.items()},
                         {name: (max([feed.last_number, *(i.number for i in feed.items)]), feed.version)
                          for name, feed in self.feeds.items()}).merged(self.floor)

    def continue_numbering(self, floor: Numbering) -> None:
        """Hand out ids above ``floor`` from now on: new posts and comments above each wall's
        id, new feed items above each feed's number, and a feed version (ETag) never seen."""
        self.floor = self.floor.merged(floor)
        for owner, last in self.floor.walls.items():
            if owner in self.walls:
                wall = self.walls[owner]
                wall.last_id = max(wall.last_id, last)
        for name in self.floor.feeds:
            if name in self.feeds:
                self._lift_feed(self.feeds[name])

    def _lift_feed(self, feed: Feed) -> None:
        number, version = self.floor.feeds.get(feed.name, (0, 0))
        feed.last_number = max(feed.last_number, number)
        if version and feed.version <= version:
            feed.version = version + 1

    # --- time -------------------------------------------------------------------------------
    def now(self) -> int:
        return int(self.clock.now().timestamp())

    def now_exact(self) -> float:
        return self.clock.now().timestamp()

    # --- directory ----------------------------------------------------------------------------
    def add_community(self, community: Community) -> Wall:
        self.communities[community.id] = community
        return self.wall(-community.id)

    def add_user(self, user: NetworkUser) -> None:
        self.users[user.id] = user

    def wall(self, owner_id: int) -> Wall:
        """The wall of a known owner, created empty on first use."""
        if owner_id not in self.walls:
            self.walls[owner_id] = Wall(owner_id, last_id=self.floor.walls.get(owner_id, 0))
        return self.walls[owner_id]

    def owner_exists(self, owner_id: int) -> bool:
        if owner_id < 0:
            return -owner_id in self.communities
        return owner_id in self.users

    def find_wall(self, owner_id: int) -> Wall | None:
        return self.wall(owner_id) if self.owner_exists(owner_id) else None

    def resolve_domain(self, domain: str) -> int | None:
        """owner_id for a screen name (``adm_district``, ``club100001``, ``id123``)."""
        for community in self.communities.values():
            if domain in (community.screen_name, f"club{community.id}", f"public{community.id}"):
                return -community.id
        if domain.startswith("id") and domain[2:].isdigit() and int(domain[2:]) in self.users:
            return int(domain[2:])
        return None

    def user_by_name(self, name: str) -> NetworkUser:
        """An existing user with this full name, or a new one (injected authors)."""
        wanted = " ".join(name.split()).casefold()
        for user in self.users.values():
            if user.full_name.casefold() == wanted:
                return user
        first, _, last = " ".join(name.split()).partition(" ")
        user = NetworkUser(self.next_user_id, first or name, last)
        self.next_user_id += 1
        self.add_user(user)
        return user

    def find_post(self, owner_id: int, post_id: int) -> Post | None:
        wall = self.walls.get(owner_id)
        return wall.by_id.get(post_id) if wall else None

    def all_posts(self) -> list[Post]:
        return [p for wall in self.walls.values() for p in wall.posts]

    # --- changes ------------------------------------------------------------------------------
    def new_post(self, owner_id: int, from_id: int, text: str, date: int | None = None,
                 **extra: Any) -> Post:
        wall = self.wall(owner_id)
        post = Post(id=wall.next_id(), owner_id=owner_id, from_id=from_id,
                    date=self.now() if date is None else date, text=text, **extra)
        wall.add_post(post)
        post_created(self, post)
        return post

    def new_comment(self, post: Post, from_id: int, text: str, date: int | None = None,
                    reply_to: Comment | None = None, **extra: Any) -> Comment:
        wall = self.wall(post.owner_id)
        comment = Comment(
            id=wall.next_id(), owner_id=post.owner_id, post_id=post.id, from_id=from_id,
            date=self.now() if date is None else date, text=text,
            reply_to_comment=reply_to.id if reply_to else 0,
            reply_to_user=reply_to.from_id if reply_to else 0,
            thread_root=(reply_to.thread_root or reply_to.id) if reply_to else 0, **extra,
        )
        wall.add_comment(post, comment)
        comment_created(self, comment)
        return comment

    def new_topic_comment(self, topic: BoardTopic, from_id: int, text: str,
                          date: int | None = None, **extra: Any) -> BoardComment:
        self.board_last_id[topic.group_id] += 1
        comment = BoardComment(self.board_last_id[topic.group_id], from_id,
                               self.now() if date is None else date, text, **extra)
        topic.comments.append(comment)
        topic_comment_created(self, topic, comment)
        return comment

    def feed(self, name: str) -> Feed:
        """A feed by name, created empty on first use (the inject endpoint may name new ones)."""
        if name not in self.feeds:
            self.feeds[name] = Feed(name, title=name, link=f"https://example.invalid/{name}/",
                                    description=f"Лента {name}", changed=self.now())
            self._lift_feed(self.feeds[name])
        return self.feeds[name]
