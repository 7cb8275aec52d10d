"""The sandbox's footprint in the database: which sources it owns, and where its numbering stands.

The sandbox invents posts; a real network brings citizens' messages. They never share a
database: `otklik run` in sandbox mode marks the sources it polls (``sources.sandbox``) and
refuses a database that already holds data from a real source, and a run on real networks
refuses a database the sandbox filled (its demo cards are not work, and their replies must
never go to the real network). A source row with neither a cursor nor a message holds no data
and is simply taken over.

The sandbox lives in memory, so after a restart it would number new posts from where its
scenario ends, reusing ids that the database already stores (a new post would be dropped as a
duplicate of an old one). ``sandbox_numbering`` reads back the highest ids stored from it, so
the restarted sandbox numbers above them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import BigInteger, cast, exists, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db.models import Message, Source
from monitor.ingest.pipeline import source_row
from monitor.sandbox.rss_feeds import etag_version
from monitor.sandbox.state import Numbering, item_number


class DatabaseInUse(Exception):
    """The database holds the other kind of network's data; the message is one line for a person."""


def _has_data(session: Session, row: Source) -> bool:
    if row.cursor is not None:
        return True
    return bool(session.scalar(select(exists().where(Message.source_id == row.id))))


def _where(url: str) -> str:
    """The database as a person recognises it: the SQLite file, or the URL without a password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or url
    return parsed.render_as_string(hide_password=True)


def claim_for_sandbox(sessions: sessionmaker[Session], url: str, sources: Mapping[str, str]) -> None:
    """Mark ``sources`` (name -> platform) as the sandbox's, or raise DatabaseInUse when the
    database holds data from a real source."""
    with sessions() as session, session.begin():
        rows = session.scalars(select(Source).order_by(Source.name).with_for_update()).all()
        real = [row.name for row in rows if not row.sandbox and _has_data(session, row)]
        if real:
            raise DatabaseInUse(
                f"песочница не запущена: в базе {_where(url)} данные реальных источников "
                f"({', '.join(real)}); для песочницы укажите отдельную базу (database.url или OTKLIK_DATABASE_URL)")
        for name, platform in sources.items():
            source_row(session, name, platform).sandbox = True


def refuse_sandbox_data(sessions: sessionmaker[Session], url: str) -> None:
    """Raise DatabaseInUse when the sandbox filled this database; empty sandbox rows become real."""
    with sessions() as session, session.begin():
        rows = session.scalars(select(Source).where(Source.sandbox).order_by(Source.name).with_for_update()).all()
        filled = [row.name for row in rows if _has_data(session, row)]
        if filled:
            raise DatabaseInUse(
                f"в базе {_where(url)} данные песочницы (источники {', '.join(filled)}): реальные источники "
                f"в неё не пишут; укажите другую базу (database.url или OTKLIK_DATABASE_URL) "
                f"или запустите песочницу: otklik run --sandbox")
        for row in rows:
            row.sandbox = False


def _raise(walls: dict[int, int], owner: Any, value: Any) -> None:
    try:
        owner_id, last = int(owner), int(value)
    except (TypeError, ValueError):
        return
    walls[owner_id] = max(walls.get(owner_id, 0), last)


def _vk_cursor_ids(walls: dict[int, int], cursor: Any) -> None:
    """Ids a VK cursor remembers (connectors.vk.fetch): each wall's newest post, recent comments."""
    for owner, wall in ((cursor or {}).get("walls") or {}).items():
        if not isinstance(wall, dict):
            continue
        _raise(walls, owner, wall.get("max_post_id"))
        for post_id, entry in (wall.get("posts") or {}).items():
            _raise(walls, owner, post_id)
            if isinstance(entry, dict):
                _raise(walls, owner, entry.get("last"))
                _raise(walls, owner, entry.get("last_top"))


def _feed_state(feed: str, cursor: Any, keys: Iterable[str]) -> tuple[int, int]:
    """The highest item number and feed version an RSS source saw of sandbox feed ``feed``."""
    cursor = cursor if isinstance(cursor, dict) else {}
    numbers = [item_number(feed, str(key)) for key in [*(cursor.get("seen") or []), *keys]]
    tag = cursor.get("etag")
    version = etag_version(feed, tag) if isinstance(tag, str) else None
    return max([n for n in numbers if n is not None], default=0), version or 0


def sandbox_numbering(sessions: sessionmaker[Session]) -> Numbering:
    """Where the sandbox's ids stand in this database: the highest stored or remembered per wall,
    per feed (an RSS source named S reads the sandbox feed S) the highest item and version."""
    walls: dict[int, int] = {}
    feeds: dict[str, tuple[int, int]] = {}
    with sessions() as session:
        rows = session.scalars(select(Source).where(Source.sandbox)).all()
        vk_ids = [row.id for row in rows if row.platform == "vk"]
        if vk_ids:
            stored = session.execute(
                select(Message.owner_id, func.max(cast(Message.post_id, BigInteger)),
                       func.max(cast(Message.comment_id, BigInteger)))
                .where(Message.source_id.in_(vk_ids), Message.platform == "vk",
                       Message.kind.in_(("post", "comment")))
                .group_by(Message.owner_id))
            for owner, post_id, comment_id in stored:
                _raise(walls, owner, post_id)
                _raise(walls, owner, comment_id)
        for row in rows:
            if row.platform == "vk":
                _vk_cursor_ids(walls, row.cursor)
            elif row.platform == "rss":
                keys = session.scalars(select(Message.external_id).where(Message.source_id == row.id))
                feeds[row.name] = _feed_state(row.name, row.cursor, keys)
    return Numbering(walls, feeds)


def prepare(sessions: sessionmaker[Session], url: str, sandbox: bool,
            sources: Mapping[str, str]) -> Numbering | None:
    """Before `otklik run` starts: the sandbox's claim and numbering, or the real run's check."""
    if not sandbox:
        refuse_sandbox_data(sessions, url)
        return None
    claim_for_sandbox(sessions, url, sources)
    return sandbox_numbering(sessions)
