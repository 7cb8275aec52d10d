"""The one path from stored relevant messages to cards, used by every poll: repeats linked
(p. 18), even to a message of the same batch, and the rest opened in one batch, all through
the run's one workflow service (``AppContext.workflow``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Incident
from monitor.app.context import AppContext
from monitor.ingest.pipeline import CardOpener, FetchCards, StoredMessage
from monitor.ingest.repeat_links import RepeatFinder, RepeatMemory


def card_opener(ctx: AppContext) -> CardOpener:
    """Open cards through the workflow (deadlines at once), with this deployment's listeners."""
    service = ctx.workflow
    finder = RepeatFinder(lambda text: ctx.classifier.read(text).lemmas)  # as the labeler read the batch

    def opener(session: Session, messages: list[StoredMessage], now: datetime, official: bool,
               fetch: FetchCards | None = None) -> list[Incident]:
        if fetch is not None and fetch.repeats is None:
            fetch.repeats = RepeatMemory()
        fresh, repeats = finder.split(session, messages, now, fetch.repeats if fetch is not None else None)
        # Fresh cards first, then the repeats in the order written, all in one batch.
        cards: list[Incident] = service.open_cards(
            session, fresh + [r.message for r in repeats], official=official,
            repeat_of={r.message.id: r.card_id for r in repeats if r.card_id is not None},
            repeat_of_message={r.message.id: r.earlier.id for r in repeats if r.earlier is not None},
            card_ids={m.id: m.card_id for m in messages if m.card_id is not None},
            hold=fetch.held if fetch is not None else None)
        if fetch is not None:  # a paged fetch: its later batches' repeats link to these cards
            fetch.repeats.opened(cards)
            if fetch.final:
                held, fetch.held = fetch.held, []
                service.listeners.on_opened(session, held)
        return cards

    return opener
