"""p. 16 (and p. 8): by importance, the curator may require a reply in a shortened time; the reason is
kept in the history. A default shortening per importance may be set in settings (off by default)."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import InputError

from .helpers import Desk, local, settings_with


def test_curator_shortens_the_reply_deadline_with_a_reason(desk: Desk) -> None:
    """Shortened to 2 hours at 10:15, a card detected at 10:00 is due at 12:00, the draft at 11:00."""
    card = desk.open(importance="critical")
    desk.do("route", card, ["gkh"], actor="curator")
    desk.now("2026-03-02", "10:15")
    desk.do("shorten_deadline", card, actor="curator", minutes=120, reason="Нет отопления в мороз")
    assert local(desk.card(card).reply_due_at) == "2026-03-02 12:00"
    assert local(desk.stage(card, "reply").due_at) == "2026-03-02 12:00"
    assert local(desk.stage(card, "draft", "gkh").due_at) == "2026-03-02 11:00"
    event = desk.events(card)[-1]
    assert (event.action, event.note) == ("deadline_shortened", "Нет отопления в мороз")
    assert event.before["reply_due_at"].startswith("2026-03-02T22:00")  # 10:00 next day, in UTC
    assert event.after["reply"] == "2 ч рабочего времени"


def test_deadline_can_only_be_shortened(desk: Desk) -> None:
    """Ten hours on an eight-hour card, or no reason, is refused; the deadline stays."""
    card = desk.open()
    with pytest.raises(InputError, match="Срок можно только сократить: сейчас 8 ч рабочего времени"):
        desk.do("shorten_deadline", card, actor="curator", minutes=600, reason="x")
    with pytest.raises(InputError):
        desk.do("shorten_deadline", card, actor="curator", minutes=60, reason=" ")
    assert local(desk.card(card).reply_due_at) == "2026-03-03 10:00"


def test_default_shortening_by_importance(make_desk) -> None:  # type: ignore[no-untyped-def]
    """With shorten_by_importance {critical: 2h}, critical cards are due in 2 hours, others in 8."""
    desk = make_desk(settings=settings_with(deadlines={"shorten_by_importance": {"critical": "2h"}}))
    critical = desk.open(importance="critical")
    normal = desk.open(importance="normal")
    assert local(desk.card(critical).reply_due_at) == "2026-03-02 12:00"
    assert local(desk.card(normal).reply_due_at) == "2026-03-03 10:00"


def test_raising_importance_applies_the_default_shortening(make_desk) -> None:  # type: ignore[no-untyped-def]
    """The curator marks a card critical: the classified value stays beside it and the deadline shortens."""
    desk = make_desk(settings=settings_with(deadlines={"shorten_by_importance": {"critical": "2h"}}))
    card = desk.open(importance="normal")
    desk.do("correct_labels", card, actor="curator", importance="critical", reason="Ребёнок в опасности")
    stored = desk.card(card)
    assert (stored.importance, stored.importance_set) == ("normal", "critical")
    assert local(stored.reply_due_at) == "2026-03-02 12:00"
    event = desk.events(card)[-1]
    assert event.before["importance"] == "normal" and event.after["importance"] == "critical"


def test_no_shortening_by_default(desk: Desk) -> None:
    """Out of the box a critical card keeps the regulation's 8 working hours until the curator decides."""
    card = desk.open(importance="critical")
    assert local(desk.card(card).reply_due_at) == "2026-03-03 10:00"
