"""p. 17: when several units share a card, each sends its part within 2 hours and the last one
composes the joint draft from the others' information."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import InputError

from .helpers import Desk, local


def _shared(desk: Desk) -> int:
    card = desk.open(topic="roads", topics=["roads", "education"])
    desk.do("route", card, ["gkh", "education"], actor="curator")
    return card


def test_each_unit_owes_its_part_within_two_hours(desk: Desk) -> None:
    """Routed at 10:00 to two units, each has a contribution due at 12:00 and no one drafts yet."""
    card = _shared(desk)
    assert local(desk.stage(card, "contribution", "gkh").due_at) == "2026-03-02 12:00"
    assert local(desk.stage(card, "contribution", "education").due_at) == "2026-03-02 12:00"
    assert desk.stages(card, "draft") == []


def test_last_unit_composes_the_joint_draft(desk: Desk) -> None:
    """After gkh sends its part, education is the last executor and writes the joint draft."""
    card = _shared(desk)
    desk.now("2026-03-02", "11:00")
    desk.do("contribute", card, actor="exec_gkh", text="Дорогу к школе отремонтируем до 10 марта.")
    assert local(desk.stage(card, "contribution", "gkh").done_at) == "2026-03-02 11:00"
    draft_stage = desk.stage(card, "draft", "education")
    assert local(draft_stage.due_at) == "2026-03-02 15:00"
    assert desk.events(card)[-1].after["composer"] == "education"
    view = desk.view(card, viewer="exec_education")
    assert view.units[0].contribution == "Дорогу к школе отремонтируем до 10 марта."
    desk.do("submit_draft", card, actor="exec_education", text="Школа и дорога: ремонт до 10 марта.")
    assert desk.card(card).state == "draft"
    assert desk.stage(card, "contribution", "education").done_at is not None


def test_joint_draft_waits_for_the_others(desk: Desk) -> None:
    """A unit cannot draft the joint reply while another has not sent its part."""
    card = _shared(desk)
    with pytest.raises(InputError, match="ещё не поступила информация от: education"):
        desk.do("submit_draft", card, actor="exec_gkh", text="x")


def test_last_executor_drafts_instead_of_contributing(desk: Desk) -> None:
    """The last executor is told to compose the joint draft rather than send a part."""
    card = _shared(desk)
    desk.do("contribute", card, actor="exec_gkh", text="Наша часть")
    with pytest.raises(InputError, match="Вы последний исполнитель"):
        desk.do("contribute", card, actor="exec_education", text="x")
    with pytest.raises(InputError, match="уже направлена"):
        desk.do("contribute", card, actor="exec_gkh", text="ещё раз")


def test_late_contribution_shows_as_late(desk: Desk) -> None:
    """A part sent after 2 working hours is late on the card."""
    card = _shared(desk)
    desk.now("2026-03-02", "15:00")
    desk.do("contribute", card, actor="exec_gkh", text="Поздно, но информация")
    stage = next(s for s in desk.view(card).stages if s.stage == "contribution" and s.unit == "gkh")
    assert stage.late(desk.clock.now())


def test_one_unit_returning_leaves_the_other_to_answer(desk: Desk) -> None:
    """If one of two units returns the card, it stays with the other, who now drafts alone."""
    card = _shared(desk)
    desk.do("return_card", card, actor="exec_education", reason="Школы это не касается")
    assert desk.card(card).state == "assigned"
    assert desk.stage(card, "draft", "gkh").done_at is None
    desk.do("submit_draft", card, actor="exec_gkh", text="Отремонтируем.")
    assert desk.card(card).state == "draft"


def test_last_units_part_closes_with_the_joint_draft(desk: Desk) -> None:
    """Education writes the joint draft: its own part is due with that draft (15:00), not at 12:00,
    and a joint draft at 14:00 closes it on time."""
    card = _shared(desk)
    desk.now("2026-03-02", "11:00")
    desk.do("contribute", card, actor="exec_gkh", text="Дорогу к школе отремонтируем до 10 марта.")
    assert local(desk.stage(card, "contribution", "education").due_at) == "2026-03-02 15:00"
    assert local(desk.stage(card, "contribution", "gkh").due_at) == "2026-03-02 12:00"
    desk.now("2026-03-02", "14:00")
    desk.do("submit_draft", card, actor="exec_education", text="Школа и дорога: ремонт до 10 марта.")
    part = next(s for s in desk.view(card).stages if s.stage == "contribution" and s.unit == "education")
    assert local(part.done_at) == "2026-03-02 14:00" and not part.late(desk.clock.now())


def test_writers_part_keeps_its_two_hours_when_the_draft_is_due_sooner(desk: Desk) -> None:
    """Shortened to 3 hours, the joint draft is due at 11:30; the writer's part still has until 12:00."""
    card = _shared(desk)
    desk.do("shorten_deadline", card, actor="curator", minutes=180, reason="мороз")
    desk.do("contribute", card, actor="exec_gkh", text="Наша часть")
    assert local(desk.stage(card, "draft", "education").due_at) == "2026-03-02 11:30"
    assert local(desk.stage(card, "contribution", "education").due_at) == "2026-03-02 12:00"
