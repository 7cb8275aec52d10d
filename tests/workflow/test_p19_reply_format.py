"""p. 19: the reply fits the social network and answers the question; what the curator approves is
exactly what gets published, every version kept."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import InputError
from monitor.workflow.service import WorkflowListeners

from .helpers import Desk


def test_empty_reply_is_refused(desk: Desk) -> None:
    """A draft with no text is refused: a reply must answer the question."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    with pytest.raises(InputError, match="текст проекта ответа"):
        desk.do("submit_draft", card, actor="exec_gkh", text="   \n ")
    assert desk.card(card).state == "assigned"


def test_reply_text_is_kept_as_written(desk: Desk) -> None:
    """Line breaks, emoji and links in the reply are kept exactly, only outer spaces trimmed."""
    text = "Здравствуйте, Иван!\n\nЯму засыплем до 6 марта 🙂\nФото: https://vk.com/photo-1_2"
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text=f"  {text}  ")
    assert desk.drafts(card)[0].text == text


def test_publisher_receives_the_approved_version(make_desk) -> None:  # type: ignore[no-untyped-def]
    """After a rework, the publisher is handed the approved second version, not the first."""
    handed: list[str] = []
    desk = make_desk(listeners=WorkflowListeners(on_approved=lambda s, c, d: handed.append(d.text)))
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Сделаем.")
    desk.do("request_rework", card, actor="curator", reason="Ответ по существу: что и когда")
    desk.do("submit_draft", card, actor="exec_gkh", text="Яму на ул. Советской засыплем до 6 марта.")
    desk.do("approve", card, actor="curator")
    assert handed == ["Яму на ул. Советской засыплем до 6 марта."]
    assert [d.text for d in desk.drafts(card)] == ["Сделаем.", "Яму на ул. Советской засыплем до 6 марта."]
