"""What every admin page shares: only the administrator gets in (others 403), and a page is
rendered before the transaction commits (the template reads the rows as changed)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from monitor.web.app import Refused, Viewer, csrf, viewer

NOT_ADMIN = "Этот раздел доступен только администратору"


def admin_only(who: Viewer = Depends(viewer)) -> Viewer:
    if who.role != "admin":
        raise Refused(403, NOT_ADMIN)
    return who


def admin_form(who: Viewer = Depends(csrf)) -> Viewer:
    """A state-changing admin request: the CSRF token first (403 without it), then the role."""
    if who.role != "admin":
        raise Refused(403, NOT_ADMIN)
    return who


def render(request: Request, session: Session, template: str, context: dict[str, Any], status: int = 200,
           commit: bool = False) -> Response:
    """The page, then (``commit``) the transaction: what the admin reads is what was stored."""
    response: Response = request.app.state.templates.TemplateResponse(request, template, context,
                                                                      status_code=status)
    if commit:
        session.commit()
    return response
