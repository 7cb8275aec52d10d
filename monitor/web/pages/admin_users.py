"""The administrator's users pages (issue 12 item 9): list, create, role and unit, notification
channels, absences with a deputy (p. 7), password reset, deactivation.

Every change is one call of the function ``otklik user`` calls (monitor.app.staff,
monitor.workflow.user_changes); a refusal is shown on the page in its Russian words (400).
A reset password is generated here, shown once on the answer to that POST and never stored
in clear or logged.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Absence, Unit, User, Vacancy
from db.statuses import PERSON_ROLES, Role
from monitor.app.staff import create_user, deactivate, declare_absence
from monitor.web import auth
from monitor.web.app import Refused, Viewer, WebDeps, address, db
from monitor.web.pages.admin import admin_form, admin_only, render
from monitor.workflow.errors import NotFoundError, WorkflowError
from monitor.workflow.user_changes import change_role, from_settings, set_channels

router = APIRouter()


def _units(session: Session) -> list[Unit]:
    return list(session.scalars(select(Unit).order_by(Unit.name)))


def _list_page(request: Request, session: Session, who: Viewer, *, error: str | None = None,
               done: list[str] | None = None, form: dict[str, str] | None = None, status: int = 200,
               commit: bool = False) -> Response:
    deps: WebDeps = request.app.state.deps
    units = _units(session)
    codes = {u.id: u for u in units}
    users = list(session.scalars(select(User).order_by(User.active.desc(), User.role, User.login)))
    vacancies = list(session.scalars(select(Vacancy).where(Vacancy.filled_at.is_(None)).order_by(Vacancy.due_at)))
    return render(request, session, "admin_users.html", {
        "me": who, "users": users, "units": units, "unit_of": codes, "roles": PERSON_ROLES, "error": error,
        "done": done or [], "form": form or {}, "vacancies": vacancies,
        "listed": {u.login for u in deps.settings.users}}, status, commit)


def _user(session: Session, login: str) -> User:
    user = session.scalars(select(User).where(User.login == login)).one_or_none()
    if user is None:
        raise Refused(404, f"Пользователь «{login}» не найден")
    return user


def _user_page(request: Request, session: Session, who: Viewer, login: str, *, error: str | None = None,
               done: list[str] | None = None, password: str | None = None, status: int = 200,
               commit: bool = False) -> Response:
    deps: WebDeps = request.app.state.deps
    user = _user(session, login)
    absences = list(session.scalars(select(Absence).where(Absence.user_id == user.id).order_by(Absence.starts_at)))
    people = {u.id: u for u in session.scalars(select(User))}
    deputies = [u for u in people.values() if u.active and u.id != user.id
                and (user.role != Role.EXECUTOR or u.role == Role.EXECUTOR)]
    return render(request, session, "admin_user.html", {
        "me": who, "user": user, "units": _units(session), "roles": PERSON_ROLES, "absences": absences,
        "people": people, "deputies": sorted(deputies, key=lambda u: u.login), "error": error, "done": done or [],
        "password": password, "listed": from_settings(deps.settings, user.login)}, status, commit)


@router.get("/admin/users")
def users_page(request: Request, who: Viewer = Depends(admin_only), session: Session = Depends(db)) -> Response:
    return _list_page(request, session, who)


@router.post("/admin/users")
async def create(request: Request, who: Viewer = Depends(admin_form), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    form = {k: str(v).strip() for k, v in (await request.form()).items() if k != "csrf"}
    try:
        with session.begin_nested():
            lines = create_user(session, actor=who.login, now=deps.now(), login=form.get("login", ""),
                                name=form.get("name", ""), role=form.get("role", ""),
                                unit=form.get("unit") if form.get("role") == Role.EXECUTOR else None,
                                email=form.get("email") or None, telegram=form.get("telegram") or None)
            auth.audit(session, deps.now(), "user.created", who.login, address(request), login=form["login"],
                       role=form.get("role"))
    except WorkflowError as exc:
        return _list_page(request, session, who, error=str(exc), form=form, status=400)
    return _list_page(request, session, who, done=lines, commit=True)


@router.get("/admin/users/{login}")
def user_page(request: Request, login: str, who: Viewer = Depends(admin_only),
              session: Session = Depends(db)) -> Response:
    return _user_page(request, session, who, login)


def _reset_password(session: Session, user: User, who: Viewer, deps: WebDeps, where: str) -> str:
    """A one-time password for the user to sign in with and then change (their sessions end)."""
    password = secrets.token_urlsafe(9)
    auth.set_password(session, user, password, deps.now(), actor=who.login, address=where)
    auth.audit(session, deps.now(), "password.reset", who.login, where, login=user.login)
    return password


@router.post("/admin/users/{login}/{op}")
async def change(request: Request, login: str, op: str, who: Viewer = Depends(admin_form),
                 session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    user = _user(session, login)
    form = await request.form()
    where = address(request)

    def text(name: str) -> str:
        return str(form.get(name) or "").strip()

    password: list[str] = []

    def role() -> list[str]:
        change_role(session, deps.settings, login=login, role=text("role"), unit=text("unit") or None,
                    actor=who.login, now=deps.now(), address=where)
        return [f"Роль и подразделение пользователя {login} изменены"]

    def channels() -> list[str]:
        set_channels(session, deps.settings, login=login, email=text("email"), telegram=text("telegram"),
                     notify_via=[str(c) for c in form.getlist("notify_via")])
        return [f"Каналы уведомлений пользователя {login} сохранены"]

    def absence() -> list[str]:
        return [declare_absence(session, login=login, starts=text("starts"), ends=text("ends"),
                                deputy=text("deputy"), reason=text("reason"), actor=who.login, now=deps.now(),
                                tz=deps.tz)]

    def reset() -> list[str]:
        password.append(_reset_password(session, user, who, deps, where))
        return [f"Пароль пользователя {login} сброшен; его прежние сеансы завершены"]

    def leave() -> list[str]:
        lines = deactivate(session, actor=who.login, login=login, deputy=text("deputy") or None, now=deps.now(),
                           due=deps.service().due, tz=deps.tz)
        auth.audit(session, deps.now(), "user.deactivated", who.login, where, login=login)
        return lines

    ops: dict[str, Callable[[], list[str]]] = {"role": role, "channels": channels, "absence": absence,
                                               "password": reset, "deactivate": leave}
    call = ops.get(op)
    if call is None:
        raise Refused(404, "Нет такого действия")
    try:
        with session.begin_nested():
            lines = call()
    except NotFoundError as exc:
        return _user_page(request, session, who, login, error=str(exc), status=404)
    except WorkflowError as exc:
        return _user_page(request, session, who, login, error=str(exc), status=400)
    return _user_page(request, session, who, login, done=lines, password=password[0] if password else None,
                      commit=True)
