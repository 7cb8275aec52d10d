"""Cards on the API: the queue (the pages' query, monitor/web/queue.py), a card, its actions.

Each action is one route with its own body model and one call of the WorkflowService, where the
rules live (state, role, unit, reasons); its refusals keep their Russian words. The answer to an
action is the card as it now stands.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from db.models import Incident
from db.statuses import Role
from monitor.web.api.access import MAX_CARD_ID, Caller, actionable_card, caller, visible_card
from monitor.web.api.errors import ApiError, error_responses, from_workflow
from monitor.web.api.schemas import (
    NO_NUL,
    CardDetail,
    CardListItem,
    CardPage,
    CloseBody,
    DraftBody,
    DraftOut,
    EventOut,
    LabelOut,
    LabelsBody,
    PublishBody,
    ReasonBody,
    RouteBody,
    ShortenBody,
    StageOut,
    StateCode,
    TextBody,
    UnitOut,
)
from monitor.web.app import WebDeps, db
from monitor.web.queue import Filters, queue
from monitor.workflow.errors import WorkflowError
from monitor.workflow.service import WorkflowService
from monitor.workflow.states import STATE_LABELS, TRANSITIONS, CardState
from monitor.workflow.steps_base import owed_actions
from monitor.workflow.views import card_view

router = APIRouter(tags=["cards"])
READ = error_responses(401, 404, 422)
ACT = error_responses(400, 401, 403, 404, 409, 422)  # 400: a body that is not JSON at all


def _opaque(after: str | None) -> str | None:
    """The queue's keyset cursor as a URL-safe token (it holds a '+' of a time zone)."""
    return base64.urlsafe_b64encode(after.encode()).decode().rstrip("=") if after else None


def _cursor(text: str | None) -> str | None:
    """The queue's keyset cursor back, checked: a forged one is a 422, never a database error."""
    if text is None:
        return None
    try:
        p, due, last = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode().split("|")
        at = datetime.fromisoformat(due)
        if at.tzinfo is None or not (0 <= int(p) <= 1 and 0 <= int(last) <= MAX_CARD_ID):
            raise ValueError(text)
        return f"{int(p)}|{at.astimezone(UTC).isoformat()}|{int(last)}"
    except (ValueError, OverflowError, binascii.Error):
        raise ApiError(422, "invalid_input", "Неверный курсор страницы: используйте next_cursor из ответа") from None


@router.get("/api/v1/cards", response_model=CardPage, responses=READ, summary="Очередь карточек")
def list_cards(request: Request, state: StateCode | None = None,  # type: ignore[valid-type]
               topic: str | None = Query(None, max_length=200, pattern=NO_NUL),
               location: str | None = Query(None, max_length=200, pattern=NO_NUL),
               importance: str | None = Query(None, max_length=200, pattern=NO_NUL),
               unit: str | None = Query(None, max_length=200, pattern=NO_NUL, description="код подразделения"),
               overdue: bool = False,
               q: str | None = Query(None, max_length=200, pattern=NO_NUL, description="поиск по тексту"),
               cursor: str | None = Query(None, max_length=200, pattern=NO_NUL),
               limit: int = Query(50, ge=1, le=200),
               who: Caller = Depends(caller), session: Session = Depends(db)) -> CardPage:
    """The caller's queue, in the pages' order (what needs this person's action first, then the
    nearest deadline); an executor sees the cards of the units they act for."""
    deps: WebDeps = request.app.state.deps
    filters = Filters(state=state, topic=topic or None, location=location or None, importance=importance or None,
                      unit=unit or None, overdue=overdue, q=(q or "").strip() or None, after=_cursor(cursor))
    rows, after = queue(session, who.user, filters, deps.now(), page=limit)
    items = [CardListItem(id=r.id, state=r.state, state_label=STATE_LABELS[CardState(r.state)], platform=r.platform,
                     text=r.text, topic=r.topic, location=r.location, importance=r.importance, units=list(r.units),
                     detected_at=r.detected_at, reply_due_at=r.reply_due_at, repeat_of_id=r.repeat_of_id,
                     needs_action=r.needs_action) for r in rows]
    return CardPage(items=items, next_cursor=_opaque(after))


def detail(session: Session, service: WorkflowService, card: Incident, who: Caller, now: datetime) -> CardDetail:
    view = card_view(session, service, card.id, viewer=who.login)
    actions = [t.action for t in TRANSITIONS if CardState(view.state) in t.sources and who.role in t.roles]
    if who.role == Role.EXECUTOR:  # the reply or the part of a joint one their unit owes (p. 17)
        actions = owed_actions(actions, service.unit_turn(session, card, who.login, now))
    return CardDetail(
        id=view.id, state=view.state, state_label=view.state_label, platform=view.platform, url=view.url,
        text=view.text, author=view.author, detected_at=view.detected_at, official=view.official,
        repeat_of_id=view.repeat_of_id, requires_measures_report=view.requires_measures_report,
        reply_due_at=view.reply_due_at, outcome=view.outcome, reason=view.reason, reply_url=view.reply_url,
        published_at=view.published_at,
        labels=[LabelOut(name=x.name, classified=x.classified, corrected=x.corrected, effective=x.effective)
                for x in view.labels],
        units=[UnitOut(**vars(u)) for u in view.units],
        stages=[StageOut(**vars(s), late=s.late(now)) for s in view.stages],
        drafts=[DraftOut(version=d.version, kind=d.kind, unit=d.unit, author=d.author, text=d.text,
                         publish_text=d.publish_text, submitted_at=d.submitted_at,
                         measures_reported=d.measures_reported, decision=d.decision, decision_note=d.decision_note,
                         published_at=d.published_at) for d in view.drafts],
        history=[EventOut(**vars(e)) for e in view.history],
        actions=actions)


@router.get("/api/v1/cards/{card_id}", response_model=CardDetail, responses=READ, summary="Карточка")
def get_card(request: Request, card: Incident = Depends(visible_card), who: Caller = Depends(caller),
             session: Session = Depends(db)) -> CardDetail:
    """The card with its labels, units, stages and deadlines, drafts and history."""
    deps: WebDeps = request.app.state.deps
    return detail(session, deps.service(), card, who, deps.now())


def _run(request: Request, session: Session, card: Incident, who: Caller,
         call: Callable[[WorkflowService], Any]) -> CardDetail:
    deps: WebDeps = request.app.state.deps
    service = deps.service()
    try:
        with session.begin_nested():
            call(service)
    except WorkflowError as exc:
        raise from_workflow(exc) from None
    answer = detail(session, service, card, who, deps.now())
    session.commit()  # before the answer: the client's next request must find the change
    return answer


def _action(action: str, summary: str):
    return router.post(f"/api/v1/cards/{{card_id}}/actions/{action}", response_model=CardDetail, responses=ACT,
                       summary=summary, operation_id=f"card_{action}")


@_action("route", "Направить в подразделения (п. 8)")
def route(request: Request, body: RouteBody, card: Incident = Depends(actionable_card),
          who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.route(session, card.id, body.units, actor=who.login, note=body.note))


@_action("return", "Вернуть куратору как не относящуюся к компетенции (п. 9)")
def return_card(request: Request, body: ReasonBody, card: Incident = Depends(actionable_card),
                who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.return_card(session, card.id, actor=who.login, reason=body.reason))


@_action("contribute", "Направить информацию для общего ответа (п. 17)")
def contribute(request: Request, body: TextBody, card: Incident = Depends(actionable_card),
               who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who, lambda s: s.contribute(session, card.id, actor=who.login, text=body.text))


@_action("draft", "Направить проект ответа (п. 11)")
def draft(request: Request, body: DraftBody, card: Incident = Depends(actionable_card),
          who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.submit_draft(session, card.id, actor=who.login, text=body.text, kind=body.kind,
                                         measures_reported=body.measures_reported))


@_action("approve", "Согласовать проект ответа (п. 12)")
def approve(request: Request, card: Incident = Depends(actionable_card), who: Caller = Depends(caller),
            session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who, lambda s: s.approve(session, card.id, actor=who.login))


@_action("rework", "Вернуть проект на доработку (п. 12)")
def rework(request: Request, body: ReasonBody, card: Incident = Depends(actionable_card),
           who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.request_rework(session, card.id, actor=who.login, reason=body.reason))


@_action("publish", "Отметить размещение ответа вручную (п. 14)")
def publish(request: Request, body: PublishBody, card: Incident = Depends(actionable_card),
            who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.publish_manually(session, card.id, actor=who.login, url=body.url))


@_action("close", "Закрыть карточку с итогом")
def close(request: Request, body: CloseBody, card: Incident = Depends(actionable_card),
          who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.close(session, card.id, actor=who.login, outcome=body.outcome, note=body.note))


@_action("dismiss", "Отклонить (п. 6)")
def dismiss(request: Request, body: ReasonBody, card: Incident = Depends(actionable_card),
            who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.dismiss(session, card.id, actor=who.login, reason=body.reason))


@_action("exclude", "Исключить (п. 20)")
def exclude(request: Request, body: ReasonBody, card: Incident = Depends(actionable_card),
            who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.exclude(session, card.id, actor=who.login, reason=body.reason))


@_action("restore", "Вернуть в работу ошибочно исключённую (п. 20)")
def restore(request: Request, body: ReasonBody, card: Incident = Depends(actionable_card),
            who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.restore(session, card.id, actor=who.login, reason=body.reason))


@_action("set_labels", "Изменить тему, локацию, важность (п. 8)")
def set_labels(request: Request, body: LabelsBody, card: Incident = Depends(actionable_card),
               who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.correct_labels(session, card.id, actor=who.login, topic=body.topic,
                                           location=body.location, importance=body.importance,
                                           reason=body.reason))


@_action("shorten", "Сократить срок ответа (пп. 8, 16)")
def shorten(request: Request, body: ShortenBody, card: Incident = Depends(actionable_card),
            who: Caller = Depends(caller), session: Session = Depends(db)) -> CardDetail:
    return _run(request, session, card, who,
                lambda s: s.shorten_deadline(session, card.id, actor=who.login, minutes=body.minutes,
                                             reason=body.reason))
