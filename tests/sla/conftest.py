"""Fixtures for the SLA watch tests: a frozen clock on a Monday morning and the office."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.core.clock import FrozenClock

from .helpers import Office, at


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(at("2026-03-02", "10:00"))  # Monday, an ordinary working day


@pytest.fixture
def office(session_factory: sessionmaker[Session], clock: FrozenClock) -> Office:
    return Office(session_factory, clock)
