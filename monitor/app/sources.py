"""From settings to working pollers: one connector and one poller per enabled source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.base import Connector
from connectors.registry import build_connector
from connectors.settings import SourceSettings
from monitor.app.context import AppContext
from monitor.core.settings import Settings
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import WatchTerms


def connector_config(source: SourceSettings, sandbox_base: str | None) -> Any:
    """The connector's own config for a source: credentials resolved, endpoints chosen."""
    return source.connector_config(sandbox_base)


def watch_terms(settings: Settings, source: SourceSettings) -> WatchTerms:
    """Global watch terms plus the source's own; the source's query, else the global one."""
    from monitor.core.places import location_codes
    from monitor.ingest.labeling import compile_watch_query

    index = settings.sources.index(source)
    locations = location_codes(settings) if source.watch.query or settings.watch.query else ()
    query = (compile_watch_query(source.watch.query, f"sources[{index}].watch.query", locations)
             or compile_watch_query(settings.watch.query, "watch.query", locations))
    return WatchTerms.of(
        [*settings.watch.keywords, *source.watch.keywords],
        [*settings.watch.locations, *source.watch.locations],
        query,
    )


def own_authors(settings: Settings, source: SourceSettings) -> frozenset[str]:
    """The organization's own author ids on a source: the account replies are posted as (our
    replies come back in later polls) and the accounts named in ``organization.own_accounts``."""
    return source.own_author_ids() | settings.organization.own_accounts.of(source.platform)


def build_connectors(settings: Settings, sandbox_base: str | None = None) -> dict[str, Connector]:
    return {
        s.name: build_connector(connector_config(s, sandbox_base))
        for s in settings.sources
        if s.enabled
    }


def source_problems(settings: Settings) -> list[str]:
    """What each source lacks (a missing token, a token of the wrong type), as sentences.

    Also compiles every watch query, so a syntax error stops check-config like any bad setting.
    """
    problems = []
    for index, source in enumerate(settings.sources):
        watch_terms(settings, source)
        if not source.enabled:
            continue
        connector = build_connector(connector_config(source, None))
        problems += [f"sources[{index}] ({source.name}): {p}" for p in connector.check()]
    return problems


def build_pollers(ctx: AppContext, pipeline: IngestPipeline, sandbox_base: str | None = None,
                  connectors: Mapping[str, Connector] | None = None) -> list[SourcePoller]:
    """One poller per enabled source, reusing ``connectors`` (by source name) when given; a source
    missing from them gets its own."""
    from datetime import timedelta

    from monitor.ingest.reactions import ReactionsPolicy, ReactionsRefresher
    from monitor.reports.config import report_settings

    connectors = connectors if connectors is not None else build_connectors(ctx.settings, sandbox_base)
    wanted = report_settings(ctx.settings).reactions
    policy = ReactionsPolicy(days=wanted.days, every=timedelta(minutes=wanted.every_minutes),
                             max_requests=wanted.max_requests)
    pollers = []
    for source in ctx.settings.sources:
        if not source.enabled:
            continue
        connector = connectors.get(source.name) or build_connector(connector_config(source, sandbox_base))
        interval, jitter = source.interval, source.jitter
        if sandbox_base is not None:  # no rate limits to respect: the sandbox's own pace
            interval = min(interval, ctx.settings.sandbox.poll_seconds)
            jitter = min(jitter, interval // 5)
        pollers.append(SourcePoller(
            source.name, source.platform, connector, pipeline, ctx.sessions, ctx.clock,
            interval=interval, jitter=jitter, watch=watch_terms(ctx.settings, source), official=source.official,
            own_authors=own_authors(ctx.settings, source), own=source.own_source(),
            reactions=ReactionsRefresher(ctx.sessions, policy) if policy.days else None,
        ))
    return pollers
