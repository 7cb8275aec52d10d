"""VK: community walls, comments and search in; replies as the community out.

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import requests

from connectors.base import Connector
from connectors.platform import Platform
from connectors.vk.connector import VkConfig, VkConnector
from connectors.vk.settings import VkSource
from connectors.vk.text import fit_reply_text

__all__ = ["PLATFORM", "VkConfig", "VkConnector", "VkSource"]


def config_from(source: Any) -> VkConfig:
    """``source`` itself if it is a ``VkConfig``, else its matching attributes copied (an object
    shaped like the settings, secrets already resolved)."""
    if isinstance(source, VkConfig):
        return source
    values = {f.name: getattr(source, f.name) for f in fields(VkConfig) if hasattr(source, f.name)}
    for key in ("walls", "search"):
        if values.get(key) is not None:
            values[key] = tuple(values[key])
    return VkConfig(**{k: v for k, v in values.items() if v is not None})


def build(source: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return VkConnector(config_from(source), session=session, clock=clock)


PLATFORM = Platform(name="vk", settings=VkSource, build=build, fit=fit_reply_text, title="ВКонтакте")
