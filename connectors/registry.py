"""Which connector serves which platform: one factory per platform name.

``build_connector`` takes a connector config (``VkConfig``, ``RssConfig``) or any object with the
same attributes and a ``platform`` attribute (e.g. a settings model whose secrets were already
resolved). A platform registered twice is a programming error and fails at import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import requests

from connectors.base import Connector
from connectors.rss import RssConfig, RssConnector
from connectors.vk import VkConfig, VkConnector

__all__ = ["ConnectorFactory", "build_connector", "platforms", "register_platform"]

ConnectorFactory = Callable[..., Connector]
_FACTORIES: dict[str, ConnectorFactory] = {}


def register_platform(platform: str, factory: ConnectorFactory) -> None:
    """Add a platform; registering the same name twice raises (and so fails the import)."""
    if platform in _FACTORIES:
        raise RuntimeError(f"connector platform {platform!r} is registered twice")
    _FACTORIES[platform] = factory


def platforms() -> tuple[str, ...]:
    return tuple(sorted(_FACTORIES))


def _config_from(source: Any, config_type: type) -> Any:
    """``source`` itself if it is already the config type, else its matching attributes copied."""
    if isinstance(source, config_type):
        return source
    values = {f.name: getattr(source, f.name) for f in fields(config_type) if hasattr(source, f.name)}
    for key in ("walls", "search"):
        if key in values and values[key] is not None:
            values[key] = tuple(values[key])
    return config_type(**{k: v for k, v in values.items() if v is not None})


def _build_vk(source: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return VkConnector(_config_from(source, VkConfig), session=session, clock=clock)


def _build_rss(source: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return RssConnector(_config_from(source, RssConfig), session=session, clock=clock)


register_platform("vk", _build_vk)
register_platform("rss", _build_rss)


def build_connector(source_settings: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    """The connector for ``source_settings.platform``, built with an optional session and clock."""
    platform = getattr(source_settings, "platform", None)
    factory = _FACTORIES.get(str(platform))
    if factory is None:
        raise ValueError(f"platform: no connector for {platform!r} (known: {', '.join(platforms())})")
    return factory(source_settings, session=session, clock=clock)
