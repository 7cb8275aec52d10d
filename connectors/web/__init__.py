"""Public pages without a feed: a list page read with CSS selectors, each article's text
extracted; read-only (replies are published by hand).

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.platform import Platform
from connectors.web.connector import WebConfig, WebConnector
from connectors.web.settings import WebSource

__all__ = ["PLATFORM", "WebConfig", "WebConnector", "WebSource"]


def build(config: WebConfig, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return WebConnector(config, session=session, clock=clock)


PLATFORM = Platform(name="web", settings=WebSource, build=build, title="Сайт")
