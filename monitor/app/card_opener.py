"""The one path from stored relevant messages to cards, used by every poll: repeats linked
(p. 18), even to a message of the same batch, and the rest opened in one batch, all through
the run's one workflow service (``AppContext.workflow``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Incident, Message
from monitor.app.context import AppContext
from monitor.ingest.pipeline import CardOpener, StoredMessage
from monitor.ingest.repeat_links import RepeatFinder


def card_opener(ctx: AppContext) -> CardOpener:
    """Open cards through the workflow (deadlines at once), with this deployment's listeners."""
    service = ctx.workflow
    finder = RepeatFinder(lambda text: ctx.classifier.normalize(text).lemmas)

    def opener(session: Session, messages: list[StoredMessage], now: datetime, official: bool) -> list[Incident]:
        fresh, repeats = finder.split(session, messages, now)
        cards = service.open_cards(session, fresh, official=official) if fresh else []
        card_of = {message.id: card.id for message, card in zip(fresh, cards, strict=True)}
        for repeat in repeats:  # in the order written: an earlier message's card is open by now
            row = session.get(Message, repeat.message.id)
            assert row is not None
            earlier = repeat.card_id if repeat.earlier is None else card_of[repeat.earlier.id]
            card = service.open_card(session, row, official=official, repeat_of=earlier)
            card_of[repeat.message.id] = card.id
            cards.append(card)
        return cards

    return opener
