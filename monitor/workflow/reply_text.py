"""The reply as it will be posted (p. 19): fitted to the card's network when the draft is written.

Whatever the network needs (markup removed, the author addressed by name, the length limit;
``connectors.registry.fit_reply``) is applied here, before the curator's review, and stored on
the draft. The curator approves that text, the publisher posts it byte for byte, and nothing is
added on the way.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from connectors.registry import fit_reply
from db.models import Incident, Message


def text_to_publish(session: Session, card: Incident, text: str) -> str:
    """``text`` fitted to the network of the message the reply answers (the card's first)."""
    message = session.get(Message, card.first_message_id) if card.first_message_id else None
    if message is None:
        return fit_reply(card.platform, text, None)
    return fit_reply(message.platform, text, message.author_name)
