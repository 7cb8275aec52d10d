"""Decide whether `otklik run` uses the sandbox network, and what the sources look like then.

With no platform credentials configured, the service starts the sandbox on loopback and points
every source at it (VK API base, feed URLs, sandbox tokens), so a fresh clone works end to end.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.settings import RssSource, Settings, VkSource, resolve_secret

SANDBOX_SERVICE_TOKEN = "svc.sandbox"


def sandbox_group_token(group_id: int | None) -> str:
    return f"grp.{group_id or 0}.sandbox"


def has_credentials(settings: Settings) -> bool:
    """True when at least one VK source has a reading token in its environment."""
    return any(
        resolve_secret(s.token) for s in settings.sources if isinstance(s, VkSource) and s.enabled
    )


@dataclass(frozen=True)
class SourceEndpoint:
    """Where one source talks to, and with which (already resolved) credentials."""

    api_base: str | None = None
    token: str | None = None
    reply_token: str | None = None
    url: str | None = None  # feeds


def endpoint_for(source: VkSource | RssSource, sandbox_base: str | None) -> SourceEndpoint:
    if isinstance(source, VkSource):
        if sandbox_base:
            return SourceEndpoint(api_base=f"{sandbox_base}/vk", token=SANDBOX_SERVICE_TOKEN,
                                  reply_token=sandbox_group_token(source.group_id))
        return SourceEndpoint(api_base=source.api_base, token=resolve_secret(source.token),
                              reply_token=resolve_secret(source.reply_token))
    if sandbox_base:
        return SourceEndpoint(url=f"{sandbox_base}/rss/{source.name}.xml")
    return SourceEndpoint(url=source.url)


def default_owner_id(settings: Settings) -> int | None:
    """The first community the settings watch: the sandbox's default wall for injected posts."""
    for s in settings.sources:
        if isinstance(s, VkSource) and s.walls:
            return s.walls[0]
    return None
