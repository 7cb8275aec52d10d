"""Russian texts of the notifications, each with a link to the card.

A notification row stores its kind and a JSON context; the text is rendered when it is sent,
so the sender knows the card's address and the organization's time zone. Instants in the
context are ISO 8601 strings (``datetime.isoformat()``) and are shown in local time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

# Stage codes of the workflow (deadline policy) and how a person calls them.
STAGE_TITLES: dict[str, str] = {
    "route": "направление исполнителю",
    "return": "возврат как не относящегося к компетенции",
    "reply": "размещение ответа",
    "draft": "направление проекта ответа куратору",
    "review": "согласование проекта ответа",
    "rework": "доработка проекта ответа",
    "publish": "размещение согласованного ответа",
    "contribution": "направление информации для общего ответа",
    "final": "окончательный ответ после промежуточного",
}

EXCERPT_LENGTH = 200


@dataclass(frozen=True, slots=True)
class MailAttachment:
    """A file sent with an email (the monthly report's documents); other channels leave it out."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class RenderedNotification:
    subject: str
    text: str  # plain text; ends with the link to the card
    attachments: tuple[MailAttachment, ...] = ()

    def as_message(self) -> str:
        """One text for channels without a subject line (Telegram)."""
        return f"{self.subject}\n\n{self.text}"


class TemplateError(ValueError):
    """The context lacks what the kind's text needs (a programming error, never retried)."""


def stage_title(stage: str) -> str:
    return STAGE_TITLES.get(stage, stage)


def card_url(base_url: str, incident_id: int) -> str:
    return f"{base_url.rstrip('/')}/cards/{incident_id}"


class _Context:
    """Typed access to the JSON context with messages that name the missing field."""

    def __init__(self, kind: str, data: Mapping[str, Any], tz: ZoneInfo) -> None:
        self.kind, self.data, self.tz = kind, data, tz

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if default is None:
                raise TemplateError(f"notification {self.kind!r} needs {key!r} in its context")
            return default
        return str(value)

    def when(self, key: str) -> str:
        raw = self.text(key)
        try:
            instant = datetime.fromisoformat(raw)
        except ValueError:
            raise TemplateError(f"notification {self.kind!r}: {key!r} is not an ISO instant") from None
        if instant.tzinfo is None:
            raise TemplateError(f"notification {self.kind!r}: {key!r} has no UTC offset")
        return instant.astimezone(self.tz).strftime("%d.%m.%Y %H:%M")

    def excerpt(self) -> str:
        text = " ".join(self.text("excerpt", "").split())
        if len(text) > EXCERPT_LENGTH:
            text = text[: EXCERPT_LENGTH - 1].rstrip() + "…"
        return f"«{text}»" if text else ""


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _new_card(c: _Context, n: str) -> tuple[str, str]:
    return (f"Новое обращение №{n}",
            _lines(f"Выявлено новое обращение №{n}.", c.excerpt(),
                   f"Направить исполнителю до {c.when('due_at')}."))


def _critical_card(c: _Context, n: str) -> tuple[str, str]:
    if c.text("raised_by", ""):  # the curator's decision, not the classifier's
        reason = c.text("reason", "")
        found = f"Куратор отнёс обращение №{n} к критической важности" + (f": {reason}" if reason else ".")
    else:
        found = f"Выявлено обращение №{n} с признаками угрозы жизни, здоровью или чрезвычайной ситуации."
    return (f"Срочно: социально значимое обращение №{n}",
            _lines(found, c.excerpt(), "Незамедлительный доклад Главе (п. 25 Положения)."))


def _contributed(c: _Context, n: str) -> tuple[str, str]:
    composer, waiting = c.text("composer", ""), c.text("waiting", "")
    if composer:
        due = c.text("due_at", "")
        todo = f"Общий проект ответа готовит: {composer}" + (f", срок — {c.when('due_at')}." if due else ".")
    else:
        todo = f"Ещё ожидается информация от: {waiting}." if waiting else ""
    part = " ".join(c.text("text", "").split())
    return (f"Информация для общего ответа по обращению №{n}",
            _lines(f"Исполнитель ({c.text('unit')}) направил свою часть общего ответа по обращению №{n} "
                   "(п. 17 Положения).",
                   f"«{part}»" if part else "", todo))


def _new_cards(c: _Context, n: str) -> tuple[str, str]:
    count = c.text("count")
    return (f"Новых обращений: {count} (№{n}–№{c.text('last_id')})",
            _lines(f"Выявлено сразу {count} новых обращений.",
                   f"Первое направить исполнителю до {c.when('due_at')}.",
                   "Очередь обращений — в карточках; начните с самых важных."))


def _assigned(c: _Context, n: str) -> tuple[str, str]:
    unit, note = c.text("unit", ""), c.text("note", "")
    return (f"Вам направлено обращение №{n}",
            _lines(f"Обращение №{n} направлено для подготовки ответа" + (f" ({unit})." if unit else "."),
                   c.excerpt(), f"Комментарий куратора: {note}" if note else "", f"Срок: {c.when('due_at')}."))


def _rework(c: _Context, n: str) -> tuple[str, str]:
    reason = c.text("reason", "")
    return (f"Проект ответа по обращению №{n} возвращён на доработку",
            _lines("Куратор вернул проект ответа на доработку.",
                   f"Замечания: {reason}" if reason else "",
                   f"Доработать и направить на согласование до {c.when('due_at')}."))


def _reminder(c: _Context, n: str) -> tuple[str, str]:
    title = stage_title(c.text("stage"))
    percent = c.text("percent", "")
    elapsed = f"Прошло {percent}% отведённого времени. " if percent else ""
    return (f"Напоминание о сроке по обращению №{n}",
            _lines(f"Этап «{title}» по обращению №{n} нужно завершить до {c.when('due_at')}.",
                   f"{elapsed}Пожалуйста, не допустите нарушения срока."))


def _listed(c: _Context, what: str) -> str:
    """The digest's cards, one line each («№12 — направление исполнителю, до 08.12.2026 14:55»)."""
    cards = c.data.get("cards")
    if not isinstance(cards, list) or not cards:
        raise TemplateError(f"notification {c.kind!r} needs 'cards' in its context")
    lines = [f"№{card['id']} — {stage_title(str(card['stage']))}, {what} "
             f"{_Context(c.kind, card, c.tz).when('due_at')}" for card in cards]
    more = int(c.text("count")) - len(cards)
    return _lines(*lines, f"и ещё {more}" if more > 0 else "")


def _reminders(c: _Context, _n: str) -> tuple[str, str]:
    return (f"Напоминание о сроках (обращений: {c.text('count')})",
            _lines("Сроки этапов по этим обращениям скоро истекут:", _listed(c, "до"),
                   "Пожалуйста, не допустите нарушения сроков."))


def _breaches(c: _Context, _n: str) -> tuple[str, str]:
    return (f"Нарушены сроки (обращений: {c.text('count')})",
            _lines("Сроки этапов по этим обращениям истекли:", _listed(c, "срок истёк")))


def _draft_review(c: _Context, n: str) -> tuple[str, str]:
    unit = c.text("unit", "")
    return (f"Проект ответа по обращению №{n} на согласовании",
            _lines(f"Исполнитель{f' ({unit})' if unit else ''} направил проект ответа по обращению №{n}.",
                   f"Согласовать или вернуть на доработку до {c.when('due_at')}."))


def _returned(c: _Context, n: str) -> tuple[str, str]:
    unit = c.text("unit", "")
    return (f"Обращение №{n} возвращено исполнителем",
            _lines(f"Исполнитель{f' ({unit})' if unit else ''} вернул обращение №{n} "
                   "как не относящееся к компетенции.",
                   f"Причина: {c.text('reason')}", "Направьте обращение надлежащему исполнителю."))


def _breach(c: _Context, n: str) -> tuple[str, str]:
    title = stage_title(c.text("stage"))
    return (f"Нарушен срок по обращению №{n}",
            _lines(f"Срок этапа «{title}» по обращению №{n} истёк {c.when('due_at')}.",
                   f"Подразделение: {c.text('unit', 'не назначено')}.",
                   f"Исполнитель: {c.text('executor', 'не назначен')}."))


def _reply_breach(c: _Context, n: str) -> tuple[str, str]:
    return (f"Нарушен срок ответа по обращению №{n}",
            _lines(f"Ответ на обращение №{n} не размещён в установленный срок ({c.when('due_at')}).",
                   c.excerpt(),
                   f"Подразделение: {c.text('unit', 'не назначено')}.",
                   f"Исполнитель: {c.text('executor', 'не назначен')}."))


def _manual_publication(c: _Context, n: str) -> tuple[str, str]:
    return (f"Ответ по обращению №{n} нужно разместить вручную",
            _lines(f"Согласованный ответ по обращению №{n} не удалось разместить автоматически.",
                   f"Причина: {c.text('reason')}",
                   "Разместите ответ вручную и укажите ссылку на него в карточке (в течение часа, п. 14 Положения)."))


def _unit_unstaffed(c: _Context, _n: str) -> tuple[str, str]:
    stand = c.text("stand_in", "")
    return (f"Подразделение без исполнителя: {c.text('unit')}",
            _lines(f"В подразделении «{c.text('unit')}» не осталось исполнителя "
                   f"(отключён пользователь {c.text('left', '—')}).",
                   f"Глава назначает другое ответственное лицо до {c.when('due_at')} "
                   "(три календарных дня, п. 7 Положения).",
                   f"До назначения обращения подразделения ведёт: {stand}." if stand else
                   "До назначения обращения подразделения никто не ведёт: направляйте их другим исполнителям."))


def _vacancy_reminder(c: _Context, _n: str) -> tuple[str, str]:
    percent = c.text("percent", "")
    return (f"Напоминание: назначить исполнителя ({c.text('unit')})",
            _lines(f"В подразделении «{c.text('unit')}» нет исполнителя.",
                   f"Другое ответственное лицо нужно назначить до {c.when('due_at')} (п. 7 Положения)."
                   + (f" Прошло {percent}% срока." if percent else "")))


def _vacancy_overdue(c: _Context, _n: str) -> tuple[str, str]:
    return (f"Нарушен срок назначения исполнителя ({c.text('unit')})",
            _lines(f"Срок назначения исполнителя в подразделение «{c.text('unit')}» истёк {c.when('due_at')} "
                   "(п. 7 Положения).", "Назначьте ответственное лицо: администратор добавляет исполнителя "
                   "подразделения в разделе «Администрирование»."))


def _spike(c: _Context, _n: str) -> tuple[str, str]:
    case = c.text("case_id", "")
    return (f"Повышенная активность: {c.text('text').removeprefix('Всплеск: ')}",
            _lines(c.text("text") + ".",
                   f"Открыт случай №{case} «Повышенная социальная активность»." if case else "",
                   f"Карточки: {c.text('cards')}." if c.text("cards", "") else "",
                   "Вопрос требует оперативного решения (п. 25 Положения: незамедлительный доклад Главе).",
                   "Глава подтверждает получение кнопкой «Ознакомлен» в разделе «Обзор»." if case else ""))


def _reported_to_head(c: _Context, n: str) -> tuple[str, str]:
    note = c.text("note", "")
    return (f"Доклад Главе: социально значимое обращение №{n}",
            _lines(f"Куратор докладывает обращение №{n} (п. 25 Положения)" + (f": {note}" if note else "."),
                   c.excerpt(), f"Случай №{c.text('case_id')}. Глава подтверждает получение кнопкой "
                                "«Ознакомлен» в разделе «Обзор»."))


def _monthly_report(c: _Context, _n: str) -> tuple[str, str]:
    files = c.data.get("file_names") or []
    return (f"Сводная информация о работе в социальных сетях {c.text('period')}",
            _lines(f"Сводная информация о своевременности, качестве и динамике {c.text('period')} и аналитическая "
                   "справка по топовым сообщениям (пп. 23, 24 Положения).",
                   c.text("summary", ""),
                   "Документы во вложении к письму: " + ", ".join(str(f) for f in files) + "." if files else ""))


_KINDS: dict[str, Callable[[_Context, str], tuple[str, str]]] = {
    "new_card": _new_card,  # curator: a card awaits routing
    "new_cards": _new_cards,  # curator: many cards opened by one ingest batch (a digest)
    "critical_card": _critical_card,  # head: a critical (socially significant) message (p. 25)
    "spike": _spike,  # head and curators: a surge on one topic in one place (p. 25)
    "reported_to_head": _reported_to_head,  # head and curators: the curator reports a card (p. 25)
    "assigned": _assigned,  # executor: a new assignment
    "rework": _rework,  # executor: the draft came back
    "reminder": _reminder,  # executor or curator: a deadline is near
    "reminders": _reminders,  # the same for many cards at once (one watch run): a digest
    "draft_review": _draft_review,  # curator: a draft to approve
    "returned": _returned,  # curator: returned as not competent
    "contributed": _contributed,  # curator and the joint draft's writer: a unit's part (p. 17)
    "breach": _breach,  # curator: an executor stage's deadline passed
    "reply_breach": _reply_breach,  # head: the reply deadline itself passed
    "breaches": _breaches,  # curator or head: many deadlines passed at once (one watch run): a digest
    "manual_publication": _manual_publication,  # executor and curator: posting failed for good
    "unit_unstaffed": _unit_unstaffed,  # head and curators: a unit's last executor left (p. 7)
    "vacancy_reminder": _vacancy_reminder,  # head: the replacement is due soon (p. 7)
    "vacancy_overdue": _vacancy_overdue,  # head and curators: nobody appointed in time (p. 7)
    "monthly_report": _monthly_report,  # head and curator: the month's report, its files attached (pp. 23-24)
}
NOTIFICATION_KINDS: frozenset[str] = frozenset(_KINDS)
NO_CARD: frozenset[str] = frozenset({"spike", "unit_unstaffed", "vacancy_reminder", "vacancy_overdue",
                                     "monthly_report", "reminders", "breaches"})
# Where a notification about no one card sends its reader (the home page takes each role to its own:
# the head to the overview, a curator to the queue).
NO_CARD_PAGES = {"spike": ("Обзор", "/dashboard"), "monthly_report": ("Отчёты", "/reports/monthly"),
                 "reminders": ("Очередь", "/queue"), "breaches": ("Очередь", "/queue")}


def render(kind: str, context: Mapping[str, Any], *, base_url: str, tz: ZoneInfo) -> RenderedNotification:
    """The subject and text of one notification; raises TemplateError for a bad context."""
    build = _KINDS.get(kind)
    if build is None:
        raise TemplateError(f"unknown notification kind {kind!r}; known: {', '.join(sorted(NOTIFICATION_KINDS))}")
    c = _Context(kind, context, tz)
    if kind in NO_CARD:  # about many messages or a unit, not one card: the overview, or the desk's home
        subject, body = build(c, "")
        page = NO_CARD_PAGES.get(kind, ("Отклик", "/"))
        return RenderedNotification(subject=subject, text=f"{body}\n\n{page[0]}: {base_url.rstrip('/')}{page[1]}")
    incident = c.text("incident_id")
    subject, body = build(c, incident)
    link = card_url(base_url, int(incident))
    return RenderedNotification(subject=subject, text=f"{body}\n\nКарточка обращения: {link}")
