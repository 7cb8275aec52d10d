"""The API's bodies and answers as pydantic models: they validate requests and make the OpenAPI.

Strings are bounded and refuse the NUL character (PostgreSQL cannot store it); unknown fields
in a body are refused, so a misspelt field is an error rather than silently ignored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from db.statuses import CardState
from monitor.workflow.reply_steps import DRAFT_KINDS
from monitor.workflow.steps_base import OUTCOMES

NO_NUL = r"^[^\x00]*$"
Short = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
Text = Annotated[str, StringConstraints(max_length=20000, pattern=NO_NUL)]
Url = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
StateCode = Literal[tuple(s.value for s in CardState)]  # type: ignore[valid-type]
DraftKind = Literal[tuple(DRAFT_KINDS)]  # type: ignore[valid-type]
Outcome = Literal[tuple(OUTCOMES)]  # type: ignore[valid-type]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- answers ------------------------------------------------------------------------------------


class CardListItem(BaseModel):
    id: int
    state: str
    state_label: str
    platform: str
    text: str
    topic: str | None
    location: str | None
    importance: str | None
    units: list[str] = Field(description="подразделения, которым направлена карточка")
    detected_at: datetime
    reply_due_at: datetime | None
    repeat_of_id: int | None
    needs_action: bool = Field(description="ждёт действия этого пользователя")


class CardPage(BaseModel):
    items: list[CardListItem]
    next_cursor: str | None = Field(description="передайте в cursor, чтобы получить следующую страницу")


class LabelOut(BaseModel):
    name: str
    classified: str | None
    corrected: str | None
    effective: str | None


class UnitOut(BaseModel):
    code: str
    name: str
    cycle: int
    active: bool
    assigned_at: datetime
    returned_at: datetime | None
    return_reason: str | None
    contribution: str | None
    contributed_at: datetime | None


class StageOut(BaseModel):
    stage: str
    label: str
    unit: str | None
    cycle: int
    started_at: datetime
    due_at: datetime
    done_at: datetime | None
    breached_at: datetime | None
    late: bool


class DraftOut(BaseModel):
    version: int
    kind: str
    unit: str | None
    author: str
    text: str
    publish_text: str
    submitted_at: datetime
    measures_reported: bool
    decision: str | None
    decision_note: str | None
    published_at: datetime | None


class EventOut(BaseModel):
    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


class CardDetail(BaseModel):
    id: int
    state: str
    state_label: str
    platform: str
    url: str
    text: str
    author: str | None
    detected_at: datetime
    official: bool
    repeat_of_id: int | None
    requires_measures_report: bool
    reply_due_at: datetime | None
    outcome: str | None
    reason: str | None
    reply_url: str | None
    published_at: datetime | None
    labels: list[LabelOut]
    units: list[UnitOut]
    stages: list[StageOut]
    drafts: list[DraftOut]
    history: list[EventOut]
    actions: list[str] = Field(description="действия, доступные этому пользователю сейчас")


class UserOut(BaseModel):
    login: str
    name: str
    role: str
    unit: str | None
    active: bool
    email: str | None
    notify_via: list[str]


class SourceOut(BaseModel):
    name: str
    platform: str
    status: str = Field(description="ok | backoff | stopped")
    last_polled_at: datetime | None
    last_error: str | None
    failures: int
    retry_at: datetime | None
    sandbox: bool


# --- action bodies ------------------------------------------------------------------------------


class RouteBody(Body):
    units: list[Short] = Field(min_length=1, max_length=20, description="коды подразделений")
    note: Text | None = None


class ReasonBody(Body):
    reason: Text


class DraftBody(Body):
    text: Text
    kind: DraftKind = "final"  # type: ignore[valid-type]
    measures_reported: bool = False


class TextBody(Body):
    text: Text


class PublishBody(Body):
    url: Url = Field(description="адрес размещённого вручную ответа (http:// или https://)")


class CloseBody(Body):
    outcome: Outcome  # type: ignore[valid-type]
    note: Text | None = None


class LabelsBody(Body):
    topic: Short | None = None
    location: Short | None = None
    importance: Short | None = None
    reason: Text


class ShortenBody(Body):
    minutes: int = Field(ge=1, le=100000, description="новый срок ответа в минутах с момента выявления")
    reason: Text
