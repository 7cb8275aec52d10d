"""X (API v2): posts matching a search in, replies as the administration's account out.
Off by default (README: which networks a Russian administration can use).

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.platform import Platform
from connectors.x.connector import XConfig, XConnector
from connectors.x.settings import XSource

__all__ = ["PLATFORM", "XConfig", "XConnector", "XSource"]


def build(config: XConfig, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return XConnector(config, session=session, clock=clock)


PLATFORM = Platform(name="x", settings=XSource, build=build, title="X (Twitter)")
