"""The card as Russian text for the CLI: state, labels, units, deadlines, drafts, history."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from db.statuses import CardState, DraftDecision, ReplyKind
from monitor.workflow.history import EventName
from monitor.workflow.reply_steps import DRAFT_KINDS
from monitor.workflow.states import STATE_LABELS
from monitor.workflow.steps_base import OUTCOMES
from monitor.workflow.views import CardView, StageView
from monitor.workflow.words import word

LABEL_NAMES = {"topic": "Тема", "location": "Локация", "importance": "Важность", "kind": "Вид"}

ACTIONS: dict[str, str] = {
    EventName.OPENED: "карточка открыта",
    EventName.ROUTED: "направлена в подразделение",
    EventName.RETURNED: "возвращена куратору",
    EventName.CONTRIBUTED: "направлена информация для общего ответа",
    EventName.DRAFT_SUBMITTED: "проект ответа направлен куратору",
    EventName.APPROVED: "проект согласован",
    EventName.REWORK_REQUESTED: "проект возвращён на доработку",
    EventName.PUBLISHED: "ответ размещён",
    EventName.INTERIM_PUBLISHED: "промежуточный ответ размещён",
    EventName.CLOSED: "карточка закрыта",
    EventName.DISMISSED: "отклонена",
    EventName.EXCLUDED: "исключена (п. 20)",
    EventName.RESTORED: "возвращена в работу: исключение отменено",
    EventName.LABELS_CORRECTED: "куратор исправил метки",
    EventName.DEADLINE_SHORTENED: "куратор сократил срок ответа",
    EventName.ATTACHMENT_ADDED: "к ответу приложено вложение",
    EventName.ATTACHMENT_REMOVED: "вложение убрано из ответа",
    EventName.PUBLICATION_QUEUED: "ответ поставлен в очередь на размещение",
    EventName.REPLY_PUBLISHED: "ответ размещён в соцсети",
    EventName.REPORTED_TO_HEAD: "доложено главе (п. 25)",
    EventName.HEAD_ACKNOWLEDGED: "глава ознакомлен с докладом",
    EventName.PUBLICATION_RETRY: "размещение не удалось, повтор позже",
    EventName.PUBLICATION_FAILED: "нужно разместить ответ вручную",
    EventName.DEADLINE_BREACHED: "нарушен срок",
    EventName.PUBLICATION_CANCELLED: "размещение в соцсети отменено",
    EventName.EXECUTOR_REPLACED: "обращение передано другому исполнителю (п. 7)",
}
DECISIONS: dict[str, str] = {DraftDecision.APPROVED: "согласован", DraftDecision.REWORK: "на доработку"}


def _t(at: datetime | None, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if at else "—"


def _stage_line(stage: StageView, tz: tzinfo, now: datetime) -> str:
    who = f" [{stage.unit}]" if stage.unit else ""
    cycle = f" (цикл {stage.cycle})" if stage.cycle > 1 else ""
    if stage.done_at:
        status = f"выполнено {_t(stage.done_at, tz)}" + (" — с опозданием" if stage.late(now) else "")
    else:
        status = "ПРОСРОЧЕНО" if stage.late(now) else "в работе"
    return f"  {stage.label}{who}{cycle}: срок {_t(stage.due_at, tz)}, {status}"


KEYS = {
    "units": "подразделения", "unit": "подразделение", "version": "версия", "kind": "вид", "url": "адрес",
    "cycle": "цикл", "composer": "общий ответ готовит", "measures_reported": "о мерах сообщено",
    "route_due_at": "срок направления", "reply_due_at": "срок ответа", "message_id": "сообщение",
    "official": "официальный аккаунт", "repeat_of": "повтор карточки", "suggested_units": "предложено",
    "late": "с опозданием", "outcome": "итог", "topic": "тема", "location": "локация", "importance": "важность",
    "reply": "срок", "external_id": "id ответа", "publication_id": "публикация", "platform": "сеть",
    "attempt": "попытка", "next_attempt_at": "следующая попытка", "needs_manual_publication": "вручную",
    "stage": "этап", "due_at": "срок", "text": "текст",
}


def _value(key: str, value: Any, tz: tzinfo) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key.endswith("_at") and isinstance(value, str):
        try:
            return _t(datetime.fromisoformat(value), tz)
        except ValueError:
            return value
    if key == "outcome":
        return OUTCOMES.get(value, value)
    if key == "kind":
        return DRAFT_KINDS.get(value, value)
    if key in ("topic", "location", "importance", "excluded"):
        return word(key, str(value))
    return str(value)


def _state(value: str) -> str:
    try:
        return STATE_LABELS[CardState(value)]
    except ValueError:
        return value


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None, tz: tzinfo) -> str:
    """Russian summary of an event's before/after, e.g. «новая → направлена исполнителю; подразделения: gkh»."""
    if not after:
        return ""
    parts = []
    for key, value in after.items():
        if key == "state":
            if before and "state" in before and before["state"] != value:
                parts.append(f"{_state(before['state'])} → {_state(value)}")
        elif value in (None, [], "", False):
            continue
        elif before and key in before and before[key] not in (None, "", []):
            parts.append(f"{KEYS.get(key, key)}: {_value(key, before[key], tz)} → {_value(key, value, tz)}")
        else:
            parts.append(f"{KEYS.get(key, key)}: {_value(key, value, tz)}")
    return f" ({'; '.join(parts)})" if parts else ""


def render_card(view: CardView, tz: tzinfo, *, now: datetime) -> str:
    """A human-readable card in Russian; times in ``tz`` (the organization's zone)."""
    out = [f"Карточка №{view.id} — {view.state_label}"]
    source = f"Источник: {word('platform', view.platform)} {view.url}"
    if view.official:
        source += " (официальный аккаунт Правительства края: ответ в сокращённый срок)"
    out += [source, f"Выявлено: {_t(view.detected_at, tz)} ({tz})"]
    if view.author:
        out.append(f"Автор: {view.author}")
    out.append(f"Текст: {' '.join(view.text.split())}")
    if view.repeat_of_id:
        out.append(f"Повторное обращение по карточке №{view.repeat_of_id}: "
                   "ответ должен сообщать о принятых мерах (п. 18)")
    for label in view.labels:
        line = f"{LABEL_NAMES[label.name]}: {word(label.name, label.effective)}"
        if label.corrected and label.corrected != label.classified:
            line += f" (исправлено куратором; классификатор: {word(label.name, label.classified)})"
        out.append(line)
    reply = f"Срок ответа: {_t(view.reply_due_at, tz)}"
    if view.reply_minutes_set:
        reply += f" (сокращён куратором до {view.reply_minutes_set // 60} ч {view.reply_minutes_set % 60} мин)"
    out.append(reply)
    if view.reason:
        out.append(f"Причина: {word('excluded', view.reason)}")
    if view.outcome:
        out.append(f"Итог: {OUTCOMES.get(view.outcome, view.outcome)}")
    if view.reply_url or view.published_at:
        out.append(f"Ответ размещён: {_t(view.published_at, tz)} {view.reply_url or ''}".rstrip())
    if view.units:
        out.append("Подразделения:")
        for unit in view.units:
            line = f"  {unit.code} — {unit.name}, направлено {_t(unit.assigned_at, tz)}"
            if unit.returned_at:
                line += f"; возвращено {_t(unit.returned_at, tz)}: {unit.return_reason}"
            elif not unit.active:
                line += "; снято"
            if unit.contributed_at:
                line += f"; информация направлена {_t(unit.contributed_at, tz)}"
            out.append(line)
            if unit.contribution:
                out.append(f"    информация: {unit.contribution}")
    if view.suggestions:
        out.append("Предлагается направить:")
        out += [f"  {s.code} — {s.name} ({s.reason})" for s in view.suggestions]
    if view.stages:
        out.append("Сроки этапов:")
        out += [_stage_line(s, tz, now) for s in view.stages]
    if view.drafts:
        out.append("Проекты ответа:")
        for d in view.drafts:
            kind = DRAFT_KINDS.get(d.kind, d.kind)
            line = f"  v{d.version} {kind}, {d.unit or '—'}, {d.author}, {_t(d.submitted_at, tz)}"
            if d.decision:
                note = f": {d.decision_note}" if d.decision_note else ""
                line += f" — {DECISIONS.get(d.decision, d.decision)}{note}"
            if d.published_at:
                line += f"; размещён {_t(d.published_at, tz)}"
            if view.requires_measures_report and d.kind != ReplyKind.CLARIFICATION:
                line += "; о мерах сообщено ✓" if d.measures_reported else "; о мерах НЕ сообщено"
            out.append(line)
            out.append(f"    {d.text}")
            if d.publish_text != d.text:
                out.append(f"    Текст к публикации: {d.publish_text}")
            else:
                out.append("    Текст к публикации: без изменений")
    out.append("История:")
    for e in view.history:
        note = f": {e.note}" if e.note else ""
        what = ACTIONS.get(e.action, e.action) + _changes(e.before, e.after, tz)
        out.append(f"  {_t(e.at, tz)} {e.actor} — {what}{note}")
    if view.allowed:
        out.append(f"Доступно: {', '.join(view.allowed)}")
    return "\n".join(out)
