"""Telegram: public channels through their web preview (read-only), the administration's
discussion group through a bot (``getUpdates``), replies as ``sendMessage`` to the comment.

``PLATFORM`` is this network's registration (``connectors/registry.py`` lists it).
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import Connector
from connectors.platform import Platform
from connectors.telegram.connector import TelegramConfig, TelegramConnector
from connectors.telegram.settings import TelegramSource
from connectors.vk.text import fit_reply_text

__all__ = ["PLATFORM", "TELEGRAM_TEXT_LIMIT", "TelegramConfig", "TelegramConnector", "TelegramSource"]

TELEGRAM_TEXT_LIMIT = 4096


def build(config: TelegramConfig, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    return TelegramConnector(config, session=session, clock=clock)


def fit(text: str, author_name: str | None) -> str:
    """Plain text addressed to the author, cut to Telegram's 4096 characters (as VK's rules)."""
    return fit_reply_text(text, author_name, limit=TELEGRAM_TEXT_LIMIT)


PLATFORM = Platform(name="telegram", settings=TelegramSource, build=build, fit=fit, title="Telegram")
