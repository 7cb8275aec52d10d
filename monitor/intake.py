"""How a relevant message becomes a card: the workflow's intake, bound to this deployment."""

from __future__ import annotations

from monitor.context import AppContext
from monitor.ingest import CardOpener


def card_opener(ctx: AppContext) -> CardOpener:
    """Open cards through the workflow (deadlines at once), with this deployment's listeners."""
    from monitor.wiring import workflow_listeners
    from monitor.workflow.intake import make_card_opener

    return make_card_opener(ctx.settings, ctx.calendar, listeners=workflow_listeners())
