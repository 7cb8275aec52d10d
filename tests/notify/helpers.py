"""Helpers for the notification tests: users, a card, an SMTP handler that records."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from db.models import Incident, User

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 12:00 in Kamchatka, a Tuesday


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RecordingHandler:
    """An SMTP server's handler: keeps what it accepts, refuses or delays chosen recipients."""

    messages: list[Any] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user here"
        if address.startswith("busy@"):
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler
    logins: list[tuple[str, str]]


def add_user(session: Session, login: str, *, role: str = "executor", notify_via: list[str] | None = None,
             email: str | None = None, chat: str | None = None, active: bool = True) -> User:
    user = User(login=login, name=login.capitalize(), role=role, email=email, telegram_chat_id=chat,
                notify_via=notify_via if notify_via is not None else ["email"], active=active)
    session.add(user)
    session.flush()
    return user


def add_incident(session: Session, text: str = "Нет света на ул. Комсомольской") -> Incident:
    incident = Incident(platform="vk", url="https://vk.com/wall-100001_1", detected_at=NOW)
    session.add(incident)
    session.flush()
    return incident


def read_letter(content: bytes) -> tuple[str, str]:
    """The decoded subject and body of a message an SMTP server received."""
    from email import message_from_bytes
    from email.header import decode_header, make_header

    message = message_from_bytes(content)
    subject = str(make_header(decode_header(message["Subject"])))
    payload = message.get_payload(decode=True)
    return subject, payload.decode(message.get_content_charset() or "utf-8")
