"""Fixtures for connector tests: the fake VK API, a frozen clock, recorded sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import responses
from connector_fakes import FakeVk

from monitor.core.clock import FrozenClock


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def fake_vk(rsps: responses.RequestsMock) -> FakeVk:
    return FakeVk(rsps)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2024, 6, 12, 3, 0, tzinfo=UTC))


@pytest.fixture
def no_sleep() -> list[float]:
    """Pass ``no_sleep.append`` as the connector's sleep: records pauses instead of waiting."""
    return []
