"""Instagram professional account (Graph API): comments on the own media in, replies out.
Off by default (README: which networks a Russian administration can use).

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.instagram.connector import InstagramConfig, InstagramConnector
from connectors.instagram.settings import InstagramSource
from connectors.platform import Platform

__all__ = ["PLATFORM", "InstagramConfig", "InstagramConnector", "InstagramSource"]


def build(config: InstagramConfig, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return InstagramConnector(config, session=session, clock=clock)


PLATFORM = Platform(name="instagram", settings=InstagramSource, build=build, title="Instagram")
