"""Russian notification texts: what each person reads, in local time, with a link to the card."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from monitor.notify.templates import NO_CARD, NOTIFICATION_KINDS, TemplateError, render

KAMCHATKA = ZoneInfo("Asia/Kamchatka")
BASE = "http://127.0.0.1:8080"
DUE = datetime(2026, 12, 1, 3, 30, tzinfo=UTC).isoformat()  # 15:30 in Kamchatka

CONTEXTS = {
    "new_card": {"excerpt": "Нет света", "due_at": DUE},
    "assigned": {"excerpt": "Нет света", "due_at": DUE, "unit": "Отдел ЖКХ"},
    "rework": {"reason": "Уточните сроки", "due_at": DUE},
    "reminder": {"stage": "draft", "due_at": DUE, "percent": 50},
    "draft_review": {"due_at": DUE, "unit": "Отдел ЖКХ"},
    "returned": {"reason": "Вопрос краевого уровня", "unit": "Отдел ЖКХ"},
    "breach": {"stage": "draft", "due_at": DUE, "unit": "Отдел ЖКХ", "executor": "Иванов"},
    "reply_breach": {"due_at": DUE, "unit": "Отдел ЖКХ", "executor": "Иванов"},
    "manual_publication": {"reason": "комментарии под записью закрыты"},
    "new_cards": {"count": 40, "last_id": 60, "due_at": DUE},
    "critical_card": {"excerpt": "Медведь у школы в Соболево!"},
    "contributed": {"unit": "Управление образования", "text": "Автобус пустим в объезд.",
                    "composer": "Отдел ЖКХ", "due_at": DUE},
    "reported_to_head": {"case_id": 3, "note": "Угроза детям", "excerpt": "Обрушилась крыша школы"},
}


@pytest.mark.parametrize("kind", sorted(NOTIFICATION_KINDS - NO_CARD))
def test_every_kind_names_the_card_and_links_to_it(kind: str) -> None:
    """Each notification says which card it is about and ends with the card's address."""
    note = render(kind, {**CONTEXTS[kind], "incident_id": 42}, base_url=BASE, tz=KAMCHATKA)
    assert "№42" in note.subject
    assert note.text.endswith("Карточка обращения: http://127.0.0.1:8080/cards/42")
    assert "№42" in note.as_message()


def test_deadline_is_shown_in_local_time() -> None:
    """The executor reads the deadline as a Kamchatka wall clock time, not UTC."""
    note = render("reminder", {**CONTEXTS["reminder"], "incident_id": 7}, base_url=BASE, tz=KAMCHATKA)
    assert "01.12.2026 15:30" in note.text
    assert "«направление проекта ответа куратору»" in note.text
    assert "Прошло 50%" in note.text


def test_breach_names_unit_and_executor() -> None:
    """The curator learns which stage, unit and executor missed the deadline."""
    note = render("breach", {**CONTEXTS["breach"], "incident_id": 7}, base_url=BASE, tz=KAMCHATKA)
    assert note.subject == "Нарушен срок по обращению №7"
    assert "Подразделение: Отдел ЖКХ." in note.text and "Исполнитель: Иванов." in note.text


def test_long_message_is_shortened() -> None:
    """A long citizen's message is cut to a short excerpt in the notification."""
    note = render("new_card", {"excerpt": "слово " * 200, "due_at": DUE, "incident_id": 1},
                  base_url=BASE, tz=KAMCHATKA)
    excerpt = next(line for line in note.text.splitlines() if line.startswith("«"))
    assert len(excerpt) <= 202 and excerpt.endswith("…»")


def test_missing_context_is_a_clear_error() -> None:
    """A notification without its deadline fails with the missing field's name."""
    with pytest.raises(TemplateError, match="'due_at'"):
        render("assigned", {"incident_id": 1}, base_url=BASE, tz=KAMCHATKA)
    with pytest.raises(TemplateError, match="unknown notification kind"):
        render("birthday", {"incident_id": 1}, base_url=BASE, tz=KAMCHATKA)


def test_spike_alert_names_the_figures_and_the_queue() -> None:
    """The head reads what surged, where, against what baseline, and where to look."""
    note = render("spike", {"text": "Всплеск: отопление, Соболево — 12 сообщений за час при обычных 0,4/ч"},
                  base_url=BASE, tz=KAMCHATKA)
    assert note.subject == "Повышенная активность: отопление, Соболево — 12 сообщений за час при обычных 0,4/ч"
    assert "п. 25" in note.text and note.text.endswith("Обзор: http://127.0.0.1:8080/dashboard")


def test_a_units_part_says_who_writes_the_joint_draft_and_by_when() -> None:
    """p. 17: the part itself, and the joint draft's writer with its deadline (or who still owes a part)."""
    note = render("contributed", {**CONTEXTS["contributed"], "incident_id": 7}, base_url=BASE, tz=KAMCHATKA)
    assert note.subject == "Информация для общего ответа по обращению №7"
    assert "Исполнитель (Управление образования) направил свою часть общего ответа" in note.text
    assert "«Автобус пустим в объезд.»" in note.text
    assert "Общий проект ответа готовит: Отдел ЖКХ, срок — 01.12.2026 15:30." in note.text
    waiting = render("contributed", {"unit": "Отдел ЖКХ", "text": "x", "waiting": "Управление образования",
                                     "incident_id": 7}, base_url=BASE, tz=KAMCHATKA)
    assert "Ещё ожидается информация от: Управление образования." in waiting.text


def test_a_card_raised_to_critical_by_the_curator_says_so() -> None:
    """p. 25: the head reads that the curator, not the classifier, judged the card critical, and why."""
    note = render("critical_card", {"excerpt": "Лёд тонкий", "raised_by": "curator", "reason": "дети на льду",
                                    "incident_id": 7}, base_url=BASE, tz=KAMCHATKA)
    assert "Куратор отнёс обращение №7 к критической важности: дети на льду" in note.text
    assert "Незамедлительный доклад Главе (п. 25 Положения)." in note.text


def test_a_unit_without_executor_names_the_deadline_and_who_stands_in() -> None:
    """p. 7: the head and the curator read which unit, by when to appoint (local time), who holds its cards."""
    context = {"unit": "Отдел ЖКХ", "left": "Иванов", "due_at": DUE, "stand_in": "Петров"}
    note = render("unit_unstaffed", context, base_url=BASE, tz=KAMCHATKA)
    assert note.subject == "Подразделение без исполнителя: Отдел ЖКХ"
    assert "В подразделении «Отдел ЖКХ» не осталось исполнителя (отключён пользователь Иванов)." in note.text
    assert "назначает другое ответственное лицо до 01.12.2026 15:30" in note.text
    assert "ведёт: Петров." in note.text and note.text.endswith("Отклик: http://127.0.0.1:8080/")
    alone = render("unit_unstaffed", {**context, "stand_in": None}, base_url=BASE, tz=KAMCHATKA)
    assert "никто не ведёт: направляйте их другим исполнителям" in alone.text
    late = render("vacancy_overdue", context, base_url=BASE, tz=KAMCHATKA)
    assert "истёк 01.12.2026 15:30" in late.text
    soon = render("vacancy_reminder", {**context, "percent": 50}, base_url=BASE, tz=KAMCHATKA)
    assert "до 01.12.2026 15:30 (п. 7 Положения). Прошло 50% срока." in soon.text
