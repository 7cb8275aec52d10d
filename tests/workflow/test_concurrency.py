"""Two officials acting on one card at once on PostgreSQL: the row lock lets only one transition win."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from monitor.workflow.errors import TransitionError

from .helpers import Desk, route_and_draft


def test_second_concurrent_approval_is_refused(desk: Desk, db_url: str) -> None:
    """While one approval holds the card, a second waits and is then refused; one history event."""
    if not db_url.startswith("postgresql"):
        pytest.skip("row locks need PostgreSQL (OTKLIK_DATABASE_URL)")
    card = route_and_draft(desk)
    outcome: list[BaseException | None] = []
    first = desk.sessions()
    first.begin()
    desk.service.approve(first, card, actor="curator")

    def second() -> None:
        try:
            desk.do("approve", card, actor="curator")
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=second)
    worker.start()
    with desk.sessions() as probe:
        for _ in range(200):  # until the second transaction is blocked on the card's row lock
            waiting = probe.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                        "AND datname = current_database()"))
            probe.rollback()
            if waiting:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second approval never waited for the lock")
    first.commit()
    first.close()
    worker.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], TransitionError)
    assert desk.actions(card).count("approved") == 1
