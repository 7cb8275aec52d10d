"""The address a notification about no one card ends with opens a page of the desk for the head
and the curators who receive it (a link to a page that does not exist is a dead end in an email)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from monitor.notify.templates import NO_CARD, render

BASE = "http://desk.test"
DUE = datetime(2026, 12, 1, 3, 30, tzinfo=UTC)
VACANCY = {"unit": "Отдел ЖКХ", "left": "Иванов", "due_at": DUE, "stand_in": None, "percent": 50}
CONTEXTS = {"spike": {"text": "Всплеск: отопление, Соболево — 12 сообщений за час при обычных 0,4/ч", "case_id": 3},
            "unit_unstaffed": VACANCY, "vacancy_reminder": VACANCY, "vacancy_overdue": VACANCY,
            "monthly_report": {"period": "за ноябрь 2026 года", "file_names": ["report-2026-11.docx"]},
            "reminders": {"count": 5, "cards": [{"id": 1, "stage": "route", "due_at": DUE.isoformat()}]},
            "breaches": {"count": 5, "cards": [{"id": 1, "stage": "reply", "due_at": DUE.isoformat()}]}}


def test_every_kind_without_a_card_has_a_context_here() -> None:
    assert set(CONTEXTS) == NO_CARD


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
@pytest.mark.parametrize("login", ["head", "curator"])
def test_the_link_opens_a_page(client_for, kind: str, login: str) -> None:  # type: ignore[no-untyped-def]
    note = render(kind, CONTEXTS[kind], base_url=BASE, tz=ZoneInfo("Asia/Kamchatka"))
    address = note.text.splitlines()[-1].split(": ", 1)[1]
    assert address.startswith(BASE), note.text
    page = client_for(login).get(address.removeprefix(BASE))
    assert page.status_code == 200, (kind, address, page.status_code)
    assert "Отклик" in page.text
