"""How relevant messages become cards: repeats linked (p. 18), even to a message of the same
batch, and the rest opened in one batch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Incident, Message
from monitor.app.context import AppContext
from monitor.ingest.pipeline import CardOpener, StoredMessage


def card_opener(ctx: AppContext) -> CardOpener:
    """Open cards through the workflow (deadlines at once), with this deployment's listeners."""
    from monitor.app.wiring import workflow_listeners
    from monitor.ingest.repeat_links import RepeatFinder
    from monitor.workflow.config import workflow_settings
    from monitor.workflow.opening import make_card_opener, open_card
    from monitor.workflow.policy import DeadlinePolicy

    listeners = workflow_listeners()
    batch = make_card_opener(ctx.settings, ctx.calendar, listeners=listeners)
    cfg = workflow_settings(ctx.settings)
    policy = DeadlinePolicy.from_config(cfg.deadlines)
    finder = RepeatFinder(lambda text: ctx.classifier.normalize(text).lemmas)

    def opener(session: Session, messages: list[StoredMessage], now: datetime, official: bool) -> list[Incident]:
        fresh, repeats = finder.split(session, messages, now)
        cards = batch(session, fresh, now, official) if fresh else []
        card_of = {message.id: card.id for message, card in zip(fresh, cards, strict=True)}
        for repeat in repeats:  # in the order written: an earlier message's card is open by now
            row = session.get(Message, repeat.message.id)
            assert row is not None
            earlier = repeat.card_id if repeat.earlier is None else card_of[repeat.earlier.id]
            card = open_card(session, row, now=now, calendar=ctx.calendar, policy=policy, official=official,
                             repeat_of=earlier, auto_route=cfg.workflow.auto_route,
                             repeat_same_unit=cfg.workflow.repeat_same_unit, listeners=listeners)
            card_of[repeat.message.id] = card.id
            cards.append(card)
        return cards

    return opener
