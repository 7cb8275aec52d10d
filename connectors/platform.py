"""What a network package registers: its name, its settings model, how its connector is built.

Each ``connectors/<platform>/__init__.py`` defines one ``PLATFORM``; ``connectors/registry.py``
lists them, one line each. Nothing outside the package needs to know the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from connectors.base import Connector
from connectors.settings import SourceSettings

__all__ = ["ConnectorFactory", "Platform", "ReplyFitter"]

# factory(config_or_settings_like, *, session=None, clock=None) -> Connector
ConnectorFactory = Callable[..., Connector]
ReplyFitter = Callable[[str, str | None], str]  # (draft text, author's name) -> the text to post


def _as_written(text: str, author_name: str | None) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    settings: type[SourceSettings]
    build: ConnectorFactory
    fit: ReplyFitter = _as_written  # the reply exactly as it will be posted (markup, length)
    title: str = ""  # how officials call the network on screens and in reports («ВКонтакте»); else ``name``
