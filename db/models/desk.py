"""The card page's own tables: reply templates per topic and reply attachments (p. 19).

Schema changes happen only through Alembic migrations (db/migrations; these: 0016).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id


class ReplyTemplate(Base):
    """A reply text kept by the admin for a topic (None: for any topic), inserted into the editor."""

    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    topic: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(100))


class Attachment(Base):
    """A photo (a file on disk under the data dir, random name) or a video link of a card's reply (p. 19).

    ``removed_at`` keeps a removed one in the record (a draft version may name it).
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # photo | video
    name: Mapped[str] = mapped_column(String(200))  # as the person named it (shown, never a path)
    content_type: Mapped[str | None] = mapped_column(String(100), nullable=True)  # from the bytes
    size: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)  # photo: the stored file
    url: Mapped[str | None] = mapped_column(Text, nullable=True)  # video: the link
    added_at: Mapped[datetime]
    added_by: Mapped[str] = mapped_column(String(100))
    removed_at: Mapped[datetime | None]
