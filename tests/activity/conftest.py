"""Fixtures for the immediate-report tests: the workflow desk on a frozen Kamchatka clock."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings

from ..workflow.helpers import Desk, at


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(at("2026-11-10", "10:00"))


@pytest.fixture
def desk(session_factory: sessionmaker[Session], clock: FrozenClock) -> Desk:
    return Desk(session_factory, load_settings(), clock)
