"""Fixtures for the report tests: a frozen clock, the workflow desk, and a seeded November 2026."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings

from ..workflow.helpers import Desk, at
from .seed import Month, seed_november


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(at("2026-11-02", "10:00"))


@pytest.fixture
def desk(session_factory: sessionmaker[Session], clock: FrozenClock) -> Desk:
    return Desk(session_factory, load_settings(), clock)


@pytest.fixture
def november(desk: Desk) -> Month:
    return seed_november(desk)


from ..notify.conftest import smtp_server  # noqa: E402, F401  (a real SMTP server on loopback)
