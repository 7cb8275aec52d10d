"""In the sandbox every source is read at the sandbox's pace (it has no rate limits, so a post
injected in a demo is a card within seconds); on real networks each source keeps its interval."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.app.sources import build_pollers
from tests.publisher.test_e2e_sandbox import app_context


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    context = app_context(db_url)
    yield context
    context.close()


def test_the_sandbox_is_read_at_its_own_pace_and_real_networks_at_theirs(ctx: AppContext) -> None:
    configured = {s.name: (s.interval, s.jitter) for s in ctx.settings.sources if s.enabled}
    pace = ctx.settings.sandbox.poll_seconds
    assert min(interval for interval, _ in configured.values()) > pace  # the shipped settings

    real = {p.name: (p.interval, p.jitter) for p in build_pollers(ctx, make_pipeline(ctx), None)}
    sandboxed = {p.name: (p.interval, p.jitter)
                 for p in build_pollers(ctx, make_pipeline(ctx), "http://127.0.0.1:8700")}

    assert real == configured
    assert sandboxed == {name: (pace, min(jitter, pace // 5)) for name, (_, jitter) in configured.items()}
