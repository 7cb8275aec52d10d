"""Sign-in for the web desk: argon2 password hashes, server-side sessions, CSRF, lockout, audit.

The cookie carries a random token; only its SHA-256 is stored, so a database dump signs nobody
in. A session ends when revoked (sign-out), after ``web.session_idle_minutes`` without a request,
or ``web.session_absolute_hours`` after sign-in. Failed sign-ins are counted per login and per
address: each failure past the second doubles a wait, and ``web.failures_before_lock`` of them
lock the key for ``web.lock_minutes``. Nothing here logs a password, token or session id.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, LoginFailure, User, WebSession
from db.statuses import Role
from monitor.core.settings import WebSettings

_hasher = PasswordHasher()
# One argon2 computation at a time: each takes 64 MiB for a moment (argon2-cffi's default), so
# sign-ins arriving together would add 64 MiB each to the process's peak memory (issue 12: 300 MB).
# A check takes well under a second; a queue of them is also a brake on password guessing.
_ONE_HASH_AT_A_TIME = threading.Lock()
_DUMMY = _hasher.hash("otklik-no-such-user")  # same work for an unknown login: no timing oracle
MIN_PASSWORD = 8
# who may act on cards on the web, by page or by API (the head and the admin read only)
ACTING_ROLES = (Role.CURATOR, Role.EXECUTOR)


def hash_password(password: str) -> str:
    with _ONE_HASH_AT_A_TIME:
        return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        with _ONE_HASH_AT_A_TIME:
            return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def audit(session: Session, now: datetime, action: str, actor: str | None, address: str | None,
          **detail: Any) -> None:
    session.add(AuditEntry(at=now, actor=actor, action=action, address=address, detail=detail or None))


def set_password(session: Session, user: User, password: str, now: datetime, *, actor: str,
                 address: str | None = None) -> None:
    """A new password; the user's other sessions end (a stolen session dies with the old password)."""
    if len(password) < MIN_PASSWORD:
        from monitor.workflow.errors import InputError

        raise InputError(f"Пароль должен содержать не менее {MIN_PASSWORD} символов")
    user.password_hash = hash_password(password)
    for row in session.scalars(select(WebSession).where(WebSession.user_id == user.id,
                                                        WebSession.revoked_at.is_(None))):
        row.revoked_at = now
    audit(session, now, "password.changed", actor, address, login=user.login)


class SignInRefused(Exception):
    """Wrong login or password, or too many failures; the message is what the person reads."""


@dataclass(frozen=True)
class SignedIn:
    token: str  # goes into the cookie, never stored
    session_id: int


def _blocked(session: Session, keys: list[str], now: datetime) -> datetime | None:
    until = None
    for row in session.scalars(select(LoginFailure).where(LoginFailure.key.in_(keys))):
        if row.blocked_until and row.blocked_until > now:
            until = max(until or row.blocked_until, row.blocked_until)
    return until


def _fail(session: Session, keys: list[str], now: datetime, policy: WebSettings) -> None:
    for key in keys:
        row = session.get(LoginFailure, key)
        if row is None:
            row = LoginFailure(key=key, count=0, last_at=now)
            session.add(row)
        row.count += 1
        row.last_at = now
        if row.count >= policy.failures_before_lock:
            row.blocked_until = now + timedelta(minutes=policy.lock_minutes)
        elif row.count > 2:  # a growing delay: 2, 4, 8 … seconds before the next try is heard
            row.blocked_until = now + timedelta(seconds=2 ** (row.count - 2))


def sign_in(session: Session, login: str, password: str, address: str, now: datetime,
            policy: WebSettings) -> SignedIn:
    keys = [f"login:{login.strip().lower()}"[:200], f"addr:{address}"[:200]]
    until = _blocked(session, keys, now)
    if until is not None:
        audit(session, now, "signin.blocked", login[:100], address)
        raise SignInRefused("Слишком много неудачных попыток входа. Повторите позже.")
    user = session.scalar(select(User).where(User.login == login.strip()))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        _fail(session, keys, now, policy)
        audit(session, now, "signin.failed", login[:100], address)
        raise SignInRefused("Неверный логин или пароль")
    for key in keys[:1]:
        row = session.get(LoginFailure, key)
        if row is not None:
            session.delete(row)
    token = secrets.token_urlsafe(32)
    signed = WebSession(token_hash=_digest(token), user_id=user.id, csrf=secrets.token_urlsafe(24),
                        created_at=now, last_seen_at=now, address=address[:100])
    session.add(signed)
    session.flush()
    audit(session, now, "signin", user.login, address)
    return SignedIn(token, signed.id)


def current(session: Session, token: str | None, now: datetime, policy: WebSettings
            ) -> tuple[WebSession, User] | None:
    """The live session and its user for a cookie token, touching its idle clock; None if ended."""
    if not token:
        return None
    row = session.scalar(select(WebSession).where(WebSession.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    if (now - row.last_seen_at > timedelta(minutes=policy.session_idle_minutes)
            or now - row.created_at > timedelta(hours=policy.session_absolute_hours)):
        row.revoked_at = now
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_seen_at = now
    return row, user


def sign_out(session: Session, row: WebSession, user: User, now: datetime, address: str | None) -> None:
    row.revoked_at = now
    audit(session, now, "signout", user.login, address)


def csrf_ok(row: WebSession, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(row.csrf, sent or "")


def demo_passwords(session: Session, now: datetime) -> dict[str, str]:
    """Sandbox only: a generated password for each active user who has none yet (printed once)."""
    out = {}
    for user in session.scalars(select(User).where(User.active.is_(True), User.password_hash.is_(None))
                                .order_by(User.id)):
        password = secrets.token_urlsafe(9)
        user.password_hash = hash_password(password)
        audit(session, now, "password.generated", "system", None, login=user.login)
        out[user.login] = password
    return out
