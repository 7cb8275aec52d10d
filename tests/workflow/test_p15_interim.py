"""p. 15: after an interim reply, the final one is due within 7 working days."""

from __future__ import annotations

from monitor.workflow.service import WorkflowListeners

from .helpers import Desk, local


def _interim(desk: Desk) -> int:
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Вопрос изучается, ответим дополнительно.", kind="interim")
    desk.do("approve", card, actor="curator")
    desk.now("2026-03-02", "11:00")
    desk.do("mark_published", card, actor="system", url="https://vk.com/wall-1_1?reply=5")
    return card


def test_interim_reply_starts_the_seven_working_day_deadline(desk: Desk) -> None:
    """Published Monday 2 March, the final reply is due at the close of Thursday 12 March (9 March is off)."""
    card = _interim(desk)
    view = desk.view(card)
    assert view.state_label == "дан промежуточный ответ"
    final = desk.stage(card, "final", "gkh")
    assert local(final.due_at) == "2026-03-12 18:00"
    assert local(desk.stage(card, "reply").done_at) == "2026-03-02 11:00"
    assert desk.actions(card)[-1] == "interim_published"


def test_final_reply_after_interim_completes_the_card(desk: Desk) -> None:
    """The final draft goes through review and publication, and meets the final deadline."""
    card = _interim(desk)
    desk.now("2026-03-05", "10:00")
    desk.do("submit_draft", card, actor="exec_gkh", text="Дорогу отремонтировали 4 марта.")
    desk.do("approve", card, actor="curator")
    desk.do("mark_published", card, actor="system", url="https://vk.com/wall-1_1?reply=6")
    assert desk.card(card).state == "published"
    final = desk.stage(card, "final", "gkh")
    assert local(final.done_at) == "2026-03-05 10:00" and final.done_at < final.due_at
    assert [d.kind for d in desk.drafts(card)] == ["interim", "final"]


def test_interim_approval_calls_the_interim_hook(make_desk) -> None:  # type: ignore[no-untyped-def]
    """The publisher hears about an approved interim reply through on_interim_approved, not on_approved."""
    finals: list[str] = []
    interims: list[str] = []
    desk = make_desk(listeners=WorkflowListeners(on_approved=lambda s, c, d: finals.append(d.kind),
                                                 on_interim_approved=lambda s, c, d: interims.append(d.kind)))
    _interim(desk)
    assert (finals, interims) == ([], ["interim"])
