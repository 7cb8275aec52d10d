"""Odnoklassniki (OK): watched groups' topics and comments in; replies published by hand.

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.ok.connector import OkConfig, OkConnector
from connectors.ok.settings import OkSource
from connectors.platform import Platform

__all__ = ["PLATFORM", "OkConfig", "OkConnector", "OkSource"]


def build(config: OkConfig, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return OkConnector(config, session=session, clock=clock)


PLATFORM = Platform(name="ok", settings=OkSource, build=build, title="Одноклассники")
