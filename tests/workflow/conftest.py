"""Fixtures for the workflow tests: a frozen clock and a desk on a fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.core.clock import FrozenClock
from monitor.core.settings import Settings, load_settings
from monitor.workflow.service import WorkflowListeners

from .helpers import Desk, at


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(at("2026-03-02", "10:00"))  # Monday, an ordinary working day


@pytest.fixture
def desk(session_factory: sessionmaker[Session], clock: FrozenClock) -> Iterator[Desk]:
    yield Desk(session_factory, load_settings(), clock)


@pytest.fixture
def make_desk(session_factory: sessionmaker[Session], clock: FrozenClock):  # type: ignore[no-untyped-def]
    """A desk with other settings or listeners: make_desk(settings=..., listeners=...)."""

    def build(settings: Settings | None = None, listeners: WorkflowListeners | None = None, **options: Any) -> Desk:
        return Desk(session_factory, settings or load_settings(), clock, listeners, **options)

    return build


