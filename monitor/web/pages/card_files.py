"""The reply's attachments on the card (p. 19) and a reply template put into the editor.

A photo is checked by its first bytes (JPEG or PNG, whatever the name says) and its size
(``web.upload_max_mb``), stored under the data dir with a random name, and served back only as
that image type with ``Content-Disposition`` (never as HTML; ``nosniff`` is on every answer).
Who may attach and when is the workflow's ``attach`` (a rule in one place).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from db.models import Attachment, ReplyTemplate
from monitor.core.logs import get_logger
from monitor.web.app import Refused, Viewer, WebDeps, csrf, db, viewer
from monitor.web.card_parts import sniff_image
from monitor.web.pages.cards import _card, _page
from monitor.workflow.errors import AccessError, NotFoundError, WorkflowError

router = APIRouter()
READ_CHUNK = 64 * 1024
FORM_SLACK = 64 * 1024  # the CSRF token, the boundaries, the file's name


async def _read_limited(upload: UploadFile, limit: int) -> bytes | None:
    """The file's bytes, or None when it is larger than ``limit`` (read no further than that)."""
    data = bytearray()
    while chunk := await upload.read(READ_CHUNK):
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def _store(folder: Path, data: bytes, ext: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}.{ext}"
    with path.open("xb") as out:  # a random name, never the person's
        out.write(data)
    return path


def size_guard(request: Request) -> None:
    """Refuse a body far over the photo limit before it is read (runs before the CSRF check,
    which would parse the form): the declared length, with room for the form's other fields."""
    deps: WebDeps = request.app.state.deps
    declared = request.headers.get("content-length") or ""
    limit = int(deps.settings.web.upload_max_mb * 1024 * 1024) + FORM_SLACK
    if declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"Фотография больше {deps.settings.web.upload_max_mb:g} МБ")


@router.post("/cards/{card_id}/attachments")
async def add_attachment(request: Request, card_id: int, _size: None = Depends(size_guard),
                         who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    """A photo file (``photo``) or a video link (``video``) for the card's reply."""
    deps: WebDeps = request.app.state.deps
    _card(session, deps, who, card_id)
    if who.role not in ("curator", "executor"):
        raise Refused(403, "Ваша роль позволяет только просматривать карточки")
    form = await request.form()
    photo, video = form.get("photo"), str(form.get("video") or "").strip()
    stored: Path | None = None
    try:
        with session.begin_nested():
            if isinstance(photo, UploadFile) and photo.filename:
                limit = int(deps.settings.web.upload_max_mb * 1024 * 1024)
                data = await _read_limited(photo, limit)
                if data is None:
                    raise _Bad(f"Фотография больше {deps.settings.web.upload_max_mb:g} МБ")
                kind = sniff_image(data[:16])
                if kind is None:
                    raise _Bad("Принимаются только фотографии JPEG и PNG")
                stored = _store(deps.uploads_dir, data, kind[1])
                deps.service().add_attachment(session, card_id, actor=who.login, kind="photo",
                                              name=Path(photo.filename).name, size=len(data),
                                              content_type=kind[0], path=str(stored))
            elif video:
                deps.service().add_attachment(session, card_id, actor=who.login, kind="video",
                                              name=video, url=video)
            else:
                raise _Bad("Выберите фотографию или укажите ссылку на видео")
    except _Bad as exc:
        return _page(request, session, who, card_id, str(exc), status=400)
    except (NotFoundError, AccessError) as exc:
        _discard(stored)
        return _page(request, session, who, card_id, str(exc), status=403)
    except WorkflowError as exc:
        _discard(stored)
        return _page(request, session, who, card_id, str(exc), status=409)
    session.commit()
    get_logger().info("web.attachment_added", case_id=card_id, actor=who.login)
    return RedirectResponse(f"/cards/{card_id}#attachments", status_code=303)


class _Bad(Exception):
    pass


def _discard(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


@router.post("/cards/{card_id}/attachments/{attachment_id}/remove")
def remove_attachment(request: Request, card_id: int, attachment_id: int, who: Viewer = Depends(csrf),
                      session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    _card(session, deps, who, card_id)
    if who.role not in ("curator", "executor"):
        raise Refused(403, "Ваша роль позволяет только просматривать карточки")
    try:
        with session.begin_nested():
            deps.service().remove_attachment(session, card_id, attachment_id, actor=who.login)
    except (NotFoundError, AccessError) as exc:
        return _page(request, session, who, card_id, str(exc), status=403)
    except WorkflowError as exc:
        return _page(request, session, who, card_id, str(exc), status=409)
    session.commit()
    return RedirectResponse(f"/cards/{card_id}#attachments", status_code=303)


@router.get("/cards/{card_id}/attachments/{attachment_id}")
def attachment_file(request: Request, card_id: int, attachment_id: int, who: Viewer = Depends(viewer),
                    session: Session = Depends(db)) -> Response:
    """A stored photo, as the image type its bytes showed, to whoever may see the card."""
    deps: WebDeps = request.app.state.deps
    _card(session, deps, who, card_id)
    row = session.get(Attachment, attachment_id)
    if row is None or row.incident_id != card_id or row.kind != "photo" or not row.path:
        raise Refused(404, "Вложение не найдено")
    path = Path(row.path)
    if row.content_type not in ("image/jpeg", "image/png") or not path.is_file():
        raise Refused(404, "Вложение не найдено")
    ext = "png" if row.content_type == "image/png" else "jpg"
    return FileResponse(path, media_type=row.content_type,
                        headers={"Content-Disposition": f'inline; filename="photo-{row.id}.{ext}"'})


@router.get("/cards/{card_id}/template")
def insert_template(request: Request, card_id: int, who: Viewer = Depends(viewer),
                    session: Session = Depends(db)) -> Response:
    """The reply editor filled with a template of the card's topic (htmx swaps the textarea)."""
    deps: WebDeps = request.app.state.deps
    card = _card(session, deps, who, card_id)
    raw = request.query_params.get("template") or ""
    template = session.get(ReplyTemplate, int(raw)) if raw.isdigit() else None
    topic = card.topic_set or card.topic
    if template is not None and template.topic not in (None, topic):
        template = None
    return request.app.state.templates.TemplateResponse(request, "_editor.html", {
        "card_id": card_id, "text": template.text if template else "", "refresh": True})

