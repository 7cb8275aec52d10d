"""Who calls the API: a personal access token (``Authorization: Bearer``) or the desk's session.

A bearer request needs no CSRF token (a browser never adds that header on its own); a request
signed in by the session cookie is a browser's, so a state-changing one must carry the
session's CSRF token in ``X-CSRF-Token``, as the pages' htmx requests do. Cards are seen by the
pages' rule (``can_view``): an executor of another unit gets 404, as if the card did not exist.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from db.models import Incident, User
from monitor.web import auth, tokens
from monitor.web.api.errors import ApiError
from monitor.web.app import COOKIE, WebDeps, db
from monitor.workflow.views import can_view

SAFE = ("GET", "HEAD", "OPTIONS")
MAX_CARD_ID = 2**53  # ids beyond any database's: refused by validation, not by the driver
bearer = HTTPBearer(auto_error=False, description="Персональный токен доступа (страница «Токены доступа»)")
# the roles that act on cards at all; the workflow's table says which action each may take


@dataclass(frozen=True)
class Caller:
    user: User
    via: str  # token | session

    @property
    def login(self) -> str:
        return self.user.login

    @property
    def role(self) -> str:
        return self.user.role


def caller(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
           session: Session = Depends(db)) -> Caller:
    deps: WebDeps = request.app.state.deps
    now = deps.now()
    if request.headers.get("authorization"):
        user = tokens.authenticate(session, credentials.credentials, now) if credentials else None
        if user is None:
            raise ApiError(401, "unauthorized", "Токен доступа недействителен или отозван")
        return Caller(user, "token")
    found = auth.current(session, request.cookies.get(COOKIE), now, deps.settings.web)
    if found is None:
        session.commit()  # an expired session is marked revoked
        raise ApiError(401, "unauthorized", "Требуется вход или токен доступа (Authorization: Bearer)")
    row, user = found
    if request.method not in SAFE:
        sent = request.headers.get("x-csrf-token") or ""
        if not sent or not hmac.compare_digest(row.csrf, sent):
            raise ApiError(403, "csrf", "Запрос отклонён: нет токена CSRF (заголовок X-CSRF-Token)")
    return Caller(user, "session")


def role_in(*roles: str):
    """A dependency admitting only ``roles`` (403 for the others)."""

    def check(who: Caller = Depends(caller)) -> Caller:
        if who.role not in roles:
            raise ApiError(403, "forbidden", "Недостаточно прав для этого запроса")
        return who

    return check


def visible_card(request: Request, card_id: int = Path(ge=1, le=MAX_CARD_ID), who: Caller = Depends(caller),
                 session: Session = Depends(db)) -> Incident:
    deps: WebDeps = request.app.state.deps
    card = session.get(Incident, card_id)
    if card is None or not can_view(session, who.login, card, deps.now()):
        raise ApiError(404, "not_found", f"Карточка №{card_id} не найдена")
    return card


def actionable_card(card: Incident = Depends(visible_card), who: Caller = Depends(caller)) -> Incident:
    """The card, if the caller's role acts on cards at all (the head reads, the admin administers)."""
    if who.role not in auth.ACTING_ROLES:
        raise ApiError(403, "forbidden", "Ваша роль позволяет только просматривать карточки")
    return card
