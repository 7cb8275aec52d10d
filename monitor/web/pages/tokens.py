"""«Токены доступа»: a person makes, sees and revokes their own API tokens (monitor/web/tokens.py).

A new token is shown in the answer to the form post, once (the page is never cached); the list
shows names and times only. Every signed-in person may have tokens: a token has its owner's rights.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from db.models import User
from monitor.core.logs import get_logger
from monitor.web import tokens
from monitor.web.app import Refused, Viewer, WebDeps, address, csrf, db, viewer
from monitor.workflow.errors import InputError, NotFoundError

router = APIRouter()


def _page(request: Request, session: Session, who: Viewer, *, created: tokens.NewToken | None = None,
          error: str | None = None, status: int = 200) -> Response:
    user = session.get(User, who.user_id)
    assert user is not None
    return request.app.state.templates.TemplateResponse(request, "tokens.html", {
        "me": who, "items": tokens.live(session, user), "created": created, "error": error}, status_code=status)


@router.get("/tokens")
def tokens_page(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    return _page(request, session, who)


@router.post("/tokens")
def create_token(request: Request, name: str = Form(""), who: Viewer = Depends(csrf),
                 session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    try:
        made = tokens.create(session, user, name, deps.now(), actor=who.login, address=address(request))
    except InputError as exc:
        return _page(request, session, who, error=str(exc), status=400)
    page = _page(request, session, who, created=made)  # rendered now: the transaction ends below
    session.commit()
    get_logger().info("web.token_created", login=who.login, token_id=made.id)
    return page


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int = Path(ge=1, le=2**53), who: Viewer = Depends(csrf),
                 session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    try:
        tokens.revoke(session, user, token_id, deps.now(), actor=who.login, address=address(request))
    except NotFoundError as exc:
        raise Refused(404, str(exc)) from None
    session.commit()
    get_logger().info("web.token_revoked", login=who.login, token_id=token_id)
    return RedirectResponse("/tokens", status_code=303)
