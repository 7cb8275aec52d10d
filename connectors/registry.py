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
from connectors.vk_text import fit_reply_text

__all__ = ["ConnectorFactory", "ReplyFitter", "build_connector", "fit_reply", "platforms", "register_platform"]

ConnectorFactory = Callable[..., Connector]
ReplyFitter = Callable[[str, str | None], str]  # (draft text, author's name) -> the text to post
_FACTORIES: dict[str, ConnectorFactory] = {}
_FITTERS: dict[str, ReplyFitter] = {}


def register_platform(platform: str, factory: ConnectorFactory, fit: ReplyFitter | None = None) -> None:
    """Add a platform (and how a reply is fitted to it); registering the same name twice raises."""
    if platform in _FACTORIES:
        raise RuntimeError(f"connector platform {platform!r} is registered twice")
    _FACTORIES[platform] = factory
    if fit is not None:
        _FITTERS[platform] = fit


def fit_reply(platform: str, text: str, author_name: str | None) -> str:
    """The reply exactly as it will be posted on ``platform`` (markup, address, length); a
    connector posts it byte for byte, so this is computed when the draft is written and shown
    to the curator before approval. A platform without a fitter gets the text as written."""
    fit = _FITTERS.get(platform)
    return fit(text, author_name) if fit is not None else text


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


register_platform("vk", _build_vk, fit=fit_reply_text)
register_platform("rss", _build_rss)


def build_connector(source_settings: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    """The connector for ``source_settings.platform``, built with an optional session and clock."""
    platform = getattr(source_settings, "platform", None)
    factory = _FACTORIES.get(str(platform))
    if factory is None:
        raise ValueError(f"platform: no connector for {platform!r} (known: {', '.join(platforms())})")
    return factory(source_settings, session=session, clock=clock)
