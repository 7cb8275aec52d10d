"""Users (for the admin) and sources with where their polling stands (admin and curator)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Source, Unit, User
from monitor.web.api.access import Caller, role_in
from monitor.web.api.errors import error_responses
from monitor.web.api.schemas import SourceOut, UserOut
from monitor.web.app import db

router = APIRouter()
GUARDED = error_responses(401, 403)
ADMIN = role_in("admin")
ADMIN_OR_CURATOR = role_in("admin", "curator")


@router.get("/api/v1/users", response_model=list[UserOut], responses=GUARDED, tags=["users"],
            summary="Пользователи (администратор)")
def list_users(who: Caller = Depends(ADMIN), session: Session = Depends(db)) -> list[UserOut]:
    units = {u.id: u.code for u in session.scalars(select(Unit))}
    return [UserOut(login=u.login, name=u.name, role=u.role, unit=units.get(u.unit_id) if u.unit_id else None,
                    active=u.active, email=u.email, notify_via=[str(v) for v in (u.notify_via or [])])
            for u in session.scalars(select(User).order_by(User.role, User.login))]


@router.get("/api/v1/sources", response_model=list[SourceOut], responses=GUARDED, tags=["sources"],
            summary="Источники и состояние опроса (администратор, куратор)")
def list_sources(who: Caller = Depends(ADMIN_OR_CURATOR),
                 session: Session = Depends(db)) -> list[SourceOut]:
    return [SourceOut(name=s.name, platform=s.platform, status=s.status, last_polled_at=s.last_polled_at,
                      last_error=s.last_error, failures=s.failures or 0, retry_at=s.retry_at, sandbox=bool(s.sandbox))
            for s in session.scalars(select(Source).order_by(Source.name))]
