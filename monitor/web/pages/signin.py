"""Sign-in, sign-out and the change of one's own password."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from db.models import User, WebSession
from monitor.core.logs import get_logger
from monitor.web import auth
from monitor.web.app import COOKIE, PRE_COOKIE, Refused, Viewer, WebDeps, address, csrf, db, viewer
from monitor.workflow.errors import InputError

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or scheme-relative address (open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _form(request: Request, next_: str, error: str | None = None, status: int = 200) -> Response:
    token = secrets.token_urlsafe(16)
    templates = request.app.state.templates
    response = templates.TemplateResponse(request, "login.html", {"me": None, "next": next_, "error": error,
                                                                  "pre": token}, status_code=status)
    deps: WebDeps = request.app.state.deps
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="lax", secure=deps.settings.web.secure_cookies,
                        path="/login")
    return response


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return _form(request, _safe_next(next))


@router.post("/login")
def login(request: Request, login: str = Form(""), password: str = Form(""), pre: str = Form(""),
          next: str = Form("/"), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    cookie = request.cookies.get(PRE_COOKIE, "")
    if not pre or not cookie or not secrets.compare_digest(pre, cookie):
        raise Refused(403, "Запрос отклонён: устаревшая форма входа. Обновите страницу и повторите.")
    try:
        signed = auth.sign_in(session, login, password, address(request), deps.now(), deps.settings.web)
    except auth.SignInRefused as exc:
        session.commit()  # the failure is counted and audited
        get_logger().info("web.signin_failed", address=address(request))
        return _form(request, _safe_next(next), str(exc), status=401)
    session.commit()  # before the answer: the browser's next request must find the session
    get_logger().info("web.signin", login=login.strip(), address=address(request))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, signed.token, httponly=True, samesite="lax", secure=deps.settings.web.secure_cookies,
                        max_age=deps.settings.web.session_absolute_hours * 3600, path="/")
    response.delete_cookie(PRE_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    row = session.get(WebSession, who.session_id)
    user = session.get(User, who.user_id)
    if row is not None and user is not None:
        auth.sign_out(session, row, user, deps.now(), address(request))
    session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/password")
def password_page(request: Request, who: Viewer = Depends(viewer)) -> Response:
    return request.app.state.templates.TemplateResponse(request, "password.html", {"me": who, "error": None})


@router.post("/password")
def change_password(request: Request, current: str = Form(""), new: str = Form(""), repeat: str = Form(""),
                    who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    error = None
    if not auth.verify_password(user.password_hash, current):
        error = "Текущий пароль указан неверно"
        auth.audit(session, deps.now(), "password.change_failed", user.login, address(request))
    elif new != repeat:
        error = "Новый пароль и повтор не совпадают"
    else:
        try:
            auth.set_password(session, user, new, deps.now(), actor=user.login, address=address(request))
        except InputError as exc:
            error = str(exc)
    if error:
        return request.app.state.templates.TemplateResponse(request, "password.html", {"me": who, "error": error},
                                                            status_code=400)
    session.commit()
    response = RedirectResponse("/login", status_code=303)  # every session ended: sign in with the new one
    response.delete_cookie(COOKIE, path="/")
    return response
