"""Personal access tokens for the JSON API: made by their owner (web page or CLI), shown once.

A token is 32 random bytes (``otk_`` + URL-safe base64); the database keeps only its SHA-256,
so a dump signs nobody in, and a plain hash is enough because the token is not guessable.
The token acts as its owner: the same role and the same cards. Creation and revocation are
audited; nothing here logs a token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ApiToken, User
from monitor.web.auth import audit
from monitor.workflow.errors import InputError, NotFoundError

PREFIX = "otk_"
MAX_NAME = 100
MAX_LIVE = 20  # live tokens per person: a leak of many forgotten tokens is a risk, not a feature
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often (one UPDATE a minute)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    id: int
    name: str
    token: str  # shown to its owner once, never stored


def create(session: Session, user: User, name: str, now: datetime, *, actor: str,
           address: str | None = None) -> NewToken:
    """A new token for ``user`` named ``name`` (what it is for: «скрипт отчётов»)."""
    name = " ".join((name or "").split())
    if not name:
        raise InputError("Укажите название токена: для чего он нужен")
    if len(name) > MAX_NAME:
        raise InputError(f"Название токена длиннее {MAX_NAME} символов")
    if len(live(session, user)) >= MAX_LIVE:
        raise InputError(f"У вас уже {MAX_LIVE} действующих токенов: отзовите ненужные")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=_digest(token), user_id=user.id, name=name, created_at=now)
    session.add(row)
    session.flush()
    audit(session, now, "token.created", actor, address, login=user.login, token_id=row.id, name=name)
    return NewToken(row.id, name, token)


def live(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(session: Session, user: User, token_id: int, now: datetime, *, actor: str,
           address: str | None = None) -> ApiToken:
    """The owner's token ends now; another person's token answers as missing."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        raise NotFoundError("Токен не найден")
    row.revoked_at = now
    audit(session, now, "token.revoked", actor, address, login=user.login, token_id=row.id, name=row.name)
    return row


def authenticate(session: Session, token: str, now: datetime) -> User | None:
    """The active owner of a live token, noting when it was used; None otherwise."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
    return user
