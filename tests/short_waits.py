"""The project's settings for tests that poll the sandbox in-process: a long poll with nothing
new waits its whole ``longpoll_wait`` (10 s as shipped), so these tests make it wait 1 s."""

from __future__ import annotations

from monitor.core.settings import Settings


def short_long_polls(settings: Settings, wait: int = 1) -> Settings:
    """``settings`` with every VK long poll waiting at most ``wait`` seconds."""
    sources = [s.model_copy(update={"longpoll_wait": wait}) if getattr(s, "longpoll", False) else s
               for s in settings.sources]
    return settings.model_copy(update={"sources": sources})
