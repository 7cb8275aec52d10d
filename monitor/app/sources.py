"""From settings to working pollers: one connector and one poller per enabled source."""

from __future__ import annotations

from collections.abc import Mapping

from connectors.base import Connector
from connectors.registry import build_connector
from connectors.rss import RssConfig
from connectors.vk import VkConfig
from monitor.app.context import AppContext
from monitor.app.sandbox_mode import endpoint_for
from monitor.core.settings import RssSource, Settings, VkSource
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import WatchTerms


def connector_config(source: VkSource | RssSource, sandbox_base: str | None) -> VkConfig | RssConfig:
    """The connector's own config for a source: credentials resolved, endpoints chosen."""
    ep = endpoint_for(source, sandbox_base)
    if isinstance(source, VkSource):
        return VkConfig(
            name=source.name, token=ep.token, token_type="service" if sandbox_base else source.token_type,
            reply_token=ep.reply_token, group_id=source.group_id, walls=tuple(source.walls),
            search=tuple(source.search), comments_posts=source.comments_posts, api_base=ep.api_base,
        )
    return RssConfig(name=source.name, url=ep.url or source.url)


def watch_terms(settings: Settings, source: VkSource | RssSource) -> WatchTerms:
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


def own_authors(settings: Settings, source: VkSource | RssSource) -> frozenset[str]:
    """The organization's own author ids on a source: the community replies are posted as (our
    replies come back in later polls) and the accounts named in ``organization.own_accounts``."""
    if not isinstance(source, VkSource):
        return frozenset()
    ids = {str(i) for i in settings.organization.own_accounts.vk}
    if source.group_id:
        ids.add(f"-{source.group_id}")
    return frozenset(ids)


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
    """One poller per enabled source, reusing ``connectors`` (by source name) when given."""
    connectors = connectors if connectors is not None else build_connectors(ctx.settings, sandbox_base)
    pollers = []
    for source in ctx.settings.sources:
        if not source.enabled:
            continue
        connector = connectors[source.name]
        pollers.append(SourcePoller(
            source.name, source.platform, connector, pipeline, ctx.sessions, ctx.clock,
            interval=source.interval, watch=watch_terms(ctx.settings, source), official=source.official,
            own_authors=own_authors(ctx.settings, source), own=isinstance(source, RssSource) and source.own,
        ))
    return pollers
