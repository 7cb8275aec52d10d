"""RSS/Atom feeds: read-only sources fetched with conditional GETs.

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.platform import Platform
from connectors.rss.connector import RssConfig, RssConnector, entry_key
from connectors.rss.settings import RssSource

__all__ = ["PLATFORM", "RssConfig", "RssConnector", "RssSource", "entry_key"]


def build(source: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    config = source if isinstance(source, RssConfig) else RssConfig(name=source.name, url=source.url)
    return RssConnector(config, session=session, clock=clock)


PLATFORM = Platform(name="rss", settings=RssSource, build=build, title="Новостная лента")
