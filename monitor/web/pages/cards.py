"""The card page and its actions, each one call of the WorkflowService (the rules live there).

Who may see a card is ``can_view``'s rule: an executor asking for a card of another unit gets
404, as if it did not exist. The head reads and the admin administers: neither acts on cards
here (403) unless the workflow gives their role the action. Refusals of the workflow are shown
on the card, in its Russian words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Incident, Unit, User
from db.statuses import ReplyKind, Role
from monitor.activity.cases import report_to_head
from monitor.web import auth
from monitor.web.app import Refused, Viewer, WebDeps, csrf, db, viewer
from monitor.web.card_parts import (
    RETURN_REASONS,
    attachment_note,
    card_capabilities,
    manual_reason,
    reply_note,
    templates_for,
    version_diffs,
)
from monitor.workflow.attachment_steps import with_links
from monitor.workflow.errors import AccessError, InputError, NotFoundError, WorkflowError
from monitor.workflow.history import EventName
from monitor.workflow.reply_text import text_to_publish
from monitor.workflow.service import OUTCOMES, WorkflowService
from monitor.workflow.states import BY_ACTION, CardState, allowed_actions
from monitor.workflow.steps_base import owed_actions
from monitor.workflow.views import can_view, card_view
from monitor.workflow.words import IMPORTANCE_WORDS, KIND_WORDS, TOPIC_WORDS, word

router = APIRouter()
EXTRA = {Role.CURATOR: ("set_labels",)}


def _card(session: Session, deps: WebDeps, who: Viewer, card_id: int) -> Incident:
    card = session.get(Incident, card_id)
    if card is None or not can_view(session, who.login, card, deps.now()):
        raise Refused(404, f"Карточка №{card_id} не найдена")
    return card


def _page(request: Request, session: Session, who: Viewer, card_id: int, error: str | None = None,
          status: int = 200) -> Response:
    deps: WebDeps = request.app.state.deps
    card = _card(session, deps, who, card_id)
    view = card_view(session, deps.service(), card_id, viewer=who.login)
    service = deps.service()
    actions = [t.action for t in allowed_actions(card.state) if who.role in t.roles and t.listed]
    turn = service.unit_turn(session, card, who.login, deps.now()) if who.role == Role.EXECUTOR else None
    actions = owed_actions(actions, turn)  # a unit's reply or its part of a joint one, not both forms (p. 17)
    latest = view.drafts[-1] if view.drafts else None
    units = [(u.code, u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]
    options = {"topic": TOPIC_WORDS, "importance": IMPORTANCE_WORDS, "kind": KIND_WORDS,
               "location": {code: word("location", code) for code in service.locations}}
    current = [a for a in view.attachments if not a.removed]
    by_id = {a.id: a for a in view.attachments}
    latest_photos = [by_id[i] for i in (latest.attachment_ids if latest else ()) if i in by_id
                     and by_id[i].kind == "photo"]
    capabilities = card_capabilities(session, card, deps.connectors)
    # who did what, by the name officials know each other by; the service itself as «система»
    actors = {e.actor for e in view.history} | {d.author for d in view.drafts}
    actor_names = {"system": "система"} | {
        login: name for login, name in session.execute(select(User.login, User.name).where(User.login.in_(actors)))}
    return request.app.state.templates.TemplateResponse(request, "card.html", {
        "me": who, "card": view, "actions": actions, "latest": latest, "units": units, "outcomes": OUTCOMES,
        "error": error, "options": options, "actor_names": actor_names, "unit_names": dict(units),
        "return_reasons": RETURN_REASONS, "waiting_for_composer": turn == "wait",
        "diffs": version_diffs(view.drafts), "current_attachments": current,
        "latest_photos": latest_photos, "latest_note": attachment_note(capabilities, latest_photos),
        "reply_templates": templates_for(session, card.topic_set or card.topic),
        "can_attach": _may(who, "attach", card.state), "can_relabel": _may(who, "set_labels", card.state),
        "can_shorten": _may(who, "shorten", card.state),
        "can_report": who.role == Role.CURATOR and card.state != CardState.CLOSED.value
        and not any(e.action == EventName.REPORTED_TO_HEAD for e in view.history),
        "attachment_note": attachment_note(capabilities, current), "reply_note": reply_note(capabilities),
        "manual_reason": manual_reason(session, card.id) if card.state == "approved" else None},
        status_code=status)


def _may(who: Viewer, action: str, state: str) -> bool:
    """The table lets this role take ``action`` in ``state`` (the form is shown; the service decides)."""
    transition = BY_ACTION[action]
    return who.role in transition.roles and state in {s.value for s in transition.sources}


@router.get("/cards/{card_id}")
def card_page(request: Request, card_id: int, who: Viewer = Depends(viewer),
              session: Session = Depends(db)) -> Response:
    return _page(request, session, who, card_id)


@router.post("/cards/{card_id}/preview")
async def preview(request: Request, card_id: int, who: Viewer = Depends(csrf),
                  session: Session = Depends(db)) -> Response:
    """The reply as it will be posted in the card's network, with its length (the editor's preview)."""
    deps: WebDeps = request.app.state.deps
    card = _card(session, deps, who, card_id)
    text = str((await request.form()).get("text") or "")
    current = [a for a in card_view(session, deps.service(), card_id, viewer=who.login).attachments if not a.removed]
    links = [a.url for a in current if a.kind == "video" and a.url]
    fitted = text_to_publish(session, card, with_links(text, links)) if text.strip() else ""
    return request.app.state.templates.TemplateResponse(request, "_preview.html", {
        "fitted": fitted, "card_id": card_id, "photos": [a for a in current if a.kind == "photo"]})


def _act(service: WorkflowService, session: Session, card_id: int, actor: str, action: str,
         form: Any) -> None:
    def text(name: str) -> str:
        return str(form.get(name) or "").strip()

    calls: dict[str, Callable[[], Any]] = {
        "route": lambda: service.route(session, card_id, [str(u) for u in form.getlist("unit")], actor=actor,
                                       note=text("note") or None),
        "return": lambda: service.return_card(session, card_id, actor=actor, reason=_return_reason(form)),
        "draft": lambda: service.submit_draft(session, card_id, actor=actor, text=text("text"),
                                              kind=text("kind") or ReplyKind.FINAL,
                                              measures_reported=form.get("measures_reported") == "1"),
        "contribute": lambda: service.contribute(session, card_id, actor=actor, text=text("text")),
        "approve": lambda: service.approve(session, card_id, actor=actor),
        "rework": lambda: service.request_rework(session, card_id, actor=actor, reason=text("reason")),
        "publish": lambda: service.publish_manually(session, card_id, actor=actor, url=text("url")),
        "close": lambda: service.close(session, card_id, actor=actor, outcome=text("outcome")),
        "dismiss": lambda: service.dismiss(session, card_id, actor=actor, reason=text("reason")),
        "exclude": lambda: service.exclude(session, card_id, actor=actor, reason=text("reason")),
        "restore": lambda: service.restore(session, card_id, actor=actor, reason=text("reason")),
        # p. 25: the head is told at once, once (a case on the overview that the head acknowledges)
        "report_to_head": lambda: report_to_head(session, card_id, actor=actor, now=service.clock.now(),
                                                 note=text("note") or None),
        "shorten": lambda: service.shorten_deadline(session, card_id, actor=actor, minutes=_minutes(text("hours")),
                                                    reason=text("reason")),
        "set_labels": lambda: service.correct_labels(
            session, card_id, actor=actor, topic=text("topic") or None, location=text("location") or None,
            importance=text("importance") or None, kind=text("kind") or None, reason=text("reason") or None),
    }
    call = calls.get(action)
    if call is None:
        raise Refused(404, "Нет такого действия")
    call()


def _minutes(hours: str) -> int:
    """«2», «1,5» or «1.5» hours as whole minutes (pp. 8, 16: a reply in a shortened time)."""
    try:
        value = float(hours.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # a word, NaN or infinity; a zero or negative figure the service refuses
        raise InputError("Срок ответа — число часов, например 2 или 1,5", field="hours")
    return round(value * 60)


def _return_reason(form: Any) -> str:
    """p. 9: a reason picked from the list, and the official's own words after it."""
    code, note = str(form.get("reason_code") or ""), str(form.get("reason") or "").strip()
    if code not in RETURN_REASONS:
        raise InputError("Выберите причину возврата из списка")
    return f"{RETURN_REASONS[code]}: {note}" if note else RETURN_REASONS[code]


@router.post("/cards/{card_id}/{action}")
async def act(request: Request, card_id: int, action: str, who: Viewer = Depends(csrf),
              session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    _card(session, deps, who, card_id)
    if who.role not in auth.ACTING_ROLES:
        raise Refused(403, "Ваша роль позволяет только просматривать карточки")
    form = await request.form()
    service = deps.service()
    try:
        with session.begin_nested():
            _act(service, session, card_id, who.login, action, form)
    except (NotFoundError, AccessError) as exc:
        return _page(request, session, who, card_id, str(exc), status=403)
    except WorkflowError as exc:
        return _page(request, session, who, card_id, str(exc), status=409)
    session.commit()  # before the redirect: the page it leads to must show the change
    return RedirectResponse(f"/cards/{card_id}", status_code=303)
