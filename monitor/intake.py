"""How a relevant message becomes a card: the workflow's intake, bound to this deployment."""

from __future__ import annotations

from monitor.context import AppContext
from monitor.ingest import CardOpener, open_card_simple


def card_opener(ctx: AppContext) -> CardOpener:
    return open_card_simple
