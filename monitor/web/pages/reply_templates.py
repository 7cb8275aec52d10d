"""Reply templates per topic, kept by the admin (issue 12 item 5): list, add, edit, delete.

The executor inserts one into the reply editor on the card (card_files.insert_template); a
template without a topic is offered on every card.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ReplyTemplate
from monitor.core.logs import get_logger
from monitor.web.app import Refused, Viewer, WebDeps, csrf, db, viewer
from monitor.workflow.words import TOPIC_WORDS

router = APIRouter()
LIST = "/admin/templates"


def _admin(who: Viewer) -> None:
    if who.role != "admin":
        raise Refused(403, "Шаблоны ответов ведёт администратор")


def _page(request: Request, session: Session, who: Viewer, error: str | None = None, status: int = 200) -> Response:
    rows = session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.topic, ReplyTemplate.title)).all()
    return request.app.state.templates.TemplateResponse(request, "reply_templates.html", {
        "me": who, "rows": rows, "topics": TOPIC_WORDS, "error": error}, status_code=status)


def _fields(form: object) -> tuple[str | None, str, str]:
    get = form.get  # type: ignore[attr-defined]
    topic = str(get("topic") or "").strip() or None
    title, text = str(get("title") or "").strip(), str(get("text") or "").strip()
    if topic is not None and topic not in TOPIC_WORDS:
        raise ValueError(f"Неизвестная тема «{topic}»")
    if not title or not text:
        raise ValueError("Укажите название и текст шаблона")
    return topic, title[:200], text


@router.get(LIST)
def list_templates(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    _admin(who)
    return _page(request, session, who)


@router.post(LIST)
async def add_template(request: Request, who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    _admin(who)
    deps: WebDeps = request.app.state.deps
    try:
        topic, title, text = _fields(await request.form())
    except ValueError as exc:
        return _page(request, session, who, str(exc), 400)
    row = ReplyTemplate(topic=topic, title=title, text=text, updated_at=deps.now(), updated_by=who.login)
    session.add(row)
    session.commit()
    get_logger().info("web.reply_template_added", template=row.id, actor=who.login)
    return RedirectResponse(LIST, status_code=303)


@router.post(LIST + "/{template_id}")
async def edit_template(request: Request, template_id: int, who: Viewer = Depends(csrf),
                        session: Session = Depends(db)) -> Response:
    _admin(who)
    deps: WebDeps = request.app.state.deps
    row = session.get(ReplyTemplate, template_id)
    if row is None:
        raise Refused(404, "Шаблон не найден")
    try:
        row.topic, row.title, row.text = _fields(await request.form())
    except ValueError as exc:
        return _page(request, session, who, str(exc), 400)
    row.updated_at, row.updated_by = deps.now(), who.login
    session.commit()
    get_logger().info("web.reply_template_changed", template=row.id, actor=who.login)
    return RedirectResponse(LIST, status_code=303)


@router.post(LIST + "/{template_id}/delete")
def delete_template(request: Request, template_id: int, who: Viewer = Depends(csrf),
                    session: Session = Depends(db)) -> Response:
    _admin(who)
    row = session.get(ReplyTemplate, template_id)
    if row is None:
        raise Refused(404, "Шаблон не найден")
    session.delete(row)
    session.commit()
    get_logger().info("web.reply_template_deleted", template=template_id, actor=who.login)
    return RedirectResponse(LIST, status_code=303)
