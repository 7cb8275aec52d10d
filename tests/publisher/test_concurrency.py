"""Several publisher workers on PostgreSQL share the outbox without posting anything twice."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select

from connectors.base import Capabilities, PostedReply, Reply, ReplyTarget
from db.models import Incident, Publication
from db.session import make_engine, make_session_factory
from monitor.core.clock import FrozenClock
from publisher.outbox import enqueue
from publisher.posting import Publisher

from .test_outbox import T0, TARGET


class CountingVk:
    platform = "vk"
    capabilities = Capabilities()

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: Counter[str] = Counter()

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        with self.lock:
            self.keys[reply.guid] += 1
            n = sum(self.keys.values())
        return PostedReply(external_id=f"c{n}", url=f"https://vk.com/wall-1_1?reply={n}")

    def fetch(self, cursor):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def check(self) -> list[str]:
        return []


def test_two_workers_post_each_reply_once(db_url: str) -> None:
    """300 due replies, two workers with their own connections: 300 posts, none twice."""
    if not db_url.startswith("postgresql"):
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) are a PostgreSQL feature; SQLite runs one worker")
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    with sessions() as s, s.begin():
        for i in range(300):
            card = Incident(state="approved", platform="vk", url=f"https://vk.com/wall-1_{i}", detected_at=T0)
            s.add(card)
            s.flush()
            enqueue(s, incident_id=card.id, target=TARGET, text=f"Ответ {i}", kind="final", now=T0,
                    source_name="vk-walls")
    vk = CountingVk()

    def work() -> None:
        eng = make_engine(db_url)
        Publisher(make_session_factory(eng), {"vk-walls": vk}, FrozenClock(T0), batch=10).run_until_idle()
        eng.dispose()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(vk.keys) == 300 and max(vk.keys.values()) == 1
    with sessions() as s:
        assert set(s.scalars(select(Publication.status))) == {"sent"}
    engine.dispose()
