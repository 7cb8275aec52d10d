"""How relevant messages become cards: repeats linked (p. 18), the rest opened in one batch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Incident, Message
from monitor.context import AppContext
from monitor.ingest import CardOpener, StoredMessage


def card_opener(ctx: AppContext) -> CardOpener:
    """Open cards through the workflow (deadlines at once), with this deployment's listeners."""
    from monitor.repeats import RepeatFinder
    from monitor.wiring import workflow_listeners
    from monitor.workflow.config import workflow_settings
    from monitor.workflow.intake import make_card_opener, open_card
    from monitor.workflow.policy import DeadlinePolicy

    listeners = workflow_listeners()
    batch = make_card_opener(ctx.settings, ctx.calendar, listeners=listeners)
    cfg = workflow_settings(ctx.settings)
    policy = DeadlinePolicy.from_config(cfg.deadlines)
    finder = RepeatFinder(lambda text: ctx.classifier.normalize(text).lemmas)

    def opener(session: Session, messages: list[StoredMessage], now: datetime, official: bool) -> list[Incident]:
        fresh, repeats = finder.split(session, messages, now)
        cards = batch(session, fresh, now, official) if fresh else []
        for message, earlier in repeats:
            row = session.get(Message, message.id)
            assert row is not None
            cards.append(open_card(session, row, now=now, calendar=ctx.calendar, policy=policy, official=official,
                                   repeat_of=earlier, auto_route=cfg.workflow.auto_route,
                                   repeat_same_unit=cfg.workflow.repeat_same_unit, listeners=listeners))
        return cards

    return opener
