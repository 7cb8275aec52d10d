"""p. 20, the other way: a message excluded by mistake goes back to work when the curator says
why; nobody else may do it, and the deadlines run as for any card (from detection)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Message
from db.statuses import CardState
from monitor.cli.main import main
from monitor.workflow.errors import AccessError, InputError, TransitionError
from monitor.workflow.states import BY_ACTION, allowed_actions, check

from .helpers import Desk

WHY = "это жалоба на дорогу, бранного слова нет"


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def _excluded_at_intake(desk: Desk, reason: str = "obscene") -> int:
    """A message the classifier excluded when it was read: stored, no card (as ingest leaves it)."""
    message_id = desk.message(text="Опять эта *** дорога у школы, яма на яме")
    with desk.sessions() as s, s.begin():
        row = s.get(Message, message_id)
        assert row is not None
        row.excluded, row.relevant = reason, False
    return message_id


def test_the_table_lets_only_the_curator_restore_an_excluded_card() -> None:
    """`restore` leads from `excluded` (or a wrong dismissal, issue 12) to `new`, for the curator
    alone; from any other state it is refused."""
    restore = BY_ACTION["restore"]
    assert (restore.sources, restore.targets, restore.roles) == ({CardState.EXCLUDED, CardState.DISMISSED}, {CardState.NEW},
                                                                 {"curator"})
    assert [t.action for t in allowed_actions(CardState.EXCLUDED)] == ["restore"]
    assert [t.action for t in allowed_actions(CardState.DISMISSED)] == ["restore"]
    for state in set(CardState) - {CardState.EXCLUDED, CardState.DISMISSED}:
        with pytest.raises(TransitionError):
            check("restore", state)


def test_restored_card_is_new_with_its_deadlines_and_the_reason(desk: Desk) -> None:
    """Excluded, then restored: state `new`, the route and reply deadlines of a fresh card, the
    curator's reason in the history, and the exclusion's reason no longer on the card."""
    card = desk.open()
    fresh_due = desk.card(card).reply_due_at
    desk.do("exclude", card, actor="curator", reason="оскорбления")
    desk.do("restore", card, actor="curator", reason=WHY)
    restored = desk.card(card)
    assert (restored.state, restored.reason, restored.closed_at) == ("new", None, None)
    assert restored.reply_due_at == fresh_due
    assert [(s.stage, s.cycle) for s in desk.stages(card) if s.done_at is None] == [("route", 2), ("reply", 2)]
    last = desk.events(card)[-1]
    assert (last.action, last.actor, last.note) == ("restored", "curator", WHY)
    assert last.before == {"state": "excluded", "excluded": "оскорбления"}
    desk.do("route", card, ["gkh"], actor="curator")
    assert desk.card(card).state == "assigned"


def test_only_the_curator_restores_and_only_with_a_reason(desk: Desk) -> None:
    """An executor is refused; the curator without a reason is asked for one; the card stays excluded."""
    card = desk.open()
    desk.do("exclude", card, actor="curator", reason="угрозы")
    with pytest.raises(AccessError, match="это делает куратор"):
        desk.do("restore", card, actor="exec_gkh", reason=WHY)
    with pytest.raises(InputError, match="почему исключение ошибочно"):
        desk.do("restore", card, actor="curator", reason="  ")
    assert desk.card(card).state == "excluded"


def test_a_message_excluded_at_intake_is_opened_as_a_card(desk: Desk) -> None:
    """A message the classifier excluded (no card) becomes a new card, marked relevant, with the
    curator's reason; a second restore is refused because it is already at work."""
    message_id = _excluded_at_intake(desk)
    card = desk.do("restore_message", message_id, actor="curator", reason=WHY).id
    assert desk.card(card).state == "new"
    assert desk.actions(card) == ["opened", "restored"]
    assert desk.events(card)[-1].before == {"state": "excluded", "excluded": "obscene"}
    with desk.sessions() as s:
        assert s.scalars(select(Message.relevant).where(Message.id == message_id)).one() is True
    with pytest.raises(InputError, match=f"уже в работе: карточка №{card}"):
        desk.do("restore_message", message_id, actor="curator", reason=WHY)
    with pytest.raises(AccessError):
        desk.do("restore_message", _excluded_at_intake(desk), actor="exec_gkh", reason=WHY)


def test_card_restore_from_the_command_line(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """`otklik card restore N` and `otklik card restore --message M` answer in one Russian line;
    a refusal is one line on stderr with exit code 2."""
    card = desk.open()
    desk.do("exclude", card, actor="curator", reason="оскорбления")
    assert main(["card", "restore", str(card), "--as", "exec_gkh", "--reason", WHY]) == 2
    assert capsys.readouterr().err.strip() == (
        "otklik card: Нельзя вернуть в работу (исключение ошибочно): это делает куратор, а вы — исполнитель")
    assert main(["card", "restore", str(card), "--as", "curator", "--reason", WHY]) == 0
    assert capsys.readouterr().out == (
        f"Карточка №{card}: новая: исключение отменено, сроки считаются с момента выявления\n")
    message_id = _excluded_at_intake(desk)
    assert main(["card", "restore", "--message", str(message_id), "--as", "curator", "--reason", WHY]) == 0
    assert "исключение отменено" in capsys.readouterr().out
    assert main(["card", "restore", "--as", "curator", "--reason", WHY]) == 2
    assert "Укажите номер карточки N или сообщение --message M" in capsys.readouterr().err
