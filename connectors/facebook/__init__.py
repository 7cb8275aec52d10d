"""Facebook Page (Graph API): the own Page's posts and comments in, replies as the Page out.
Off by default (README: which networks a Russian administration can use).

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.facebook.connector import FacebookConfig, FacebookConnector
from connectors.facebook.settings import FacebookSource
from connectors.platform import Platform

__all__ = ["PLATFORM", "FacebookConfig", "FacebookConnector", "FacebookSource"]


def build(config: FacebookConfig, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return FacebookConnector(config, session=session, clock=clock)


PLATFORM = Platform(name="facebook", settings=FacebookSource, build=build, title="Facebook")
