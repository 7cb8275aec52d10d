"""p. 25: a socially significant message is reported to the head at once. The curator raising a
card to critical tells the head; with no email or Telegram configured the report is still
written and visible (`otklik notifications`), and start-up warns that the head has no channel."""

from __future__ import annotations

import json

import pytest

from monitor.app.startup import validate
from monitor.cli.main import main

from .helpers import Desk, settings_with


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _inbox(capsys: pytest.CaptureFixture[str], login: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(_out(capsys, "notifications", "--user", login, "--json"))


def test_raising_to_critical_reaches_the_head_with_no_channel(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo head has neither email nor Telegram: the report is in the inbox, unread, with the reason."""
    card = desk.open(importance="normal")
    _out(capsys, "card", "set", str(card), "--importance", "critical", "--reason", "Ребёнок на льду", "--as", "curator")
    shown = _out(capsys, "notifications", "--as", "head")
    assert "уведомлений 1, непрочитанных 1" in shown
    assert f"Срочно: социально значимое обращение №{card}" in shown
    assert f"Куратор отнёс обращение №{card} к критической важности: Ребёнок на льду" in shown
    assert "«Яма на дороге по ул. Советской»" in shown
    assert f"Карточка обращения: http://127.0.0.1:8080/cards/{card}" in shown
    assert _out(capsys, "notifications", "--as", "head", "--unread").strip() == (
        "Глава района (демо) (head): непрочитанных уведомлений нет")
    [note] = _inbox(capsys, "head")
    assert (note["kind"], note["incident_id"], note["read"]) == ("critical_card", card, True)


def test_the_head_is_told_once_per_card(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Lowered and raised again, or raised on a card opened critical, the card is reported once."""
    card = desk.open(importance="normal")
    for importance in ("critical", "high", "critical"):
        _out(capsys, "card", "set", str(card), "--importance", importance, "--reason", "уточнено", "--as", "curator")
    assert [n["kind"] for n in _inbox(capsys, "head")] == ["critical_card"]


def test_only_critical_goes_to_the_head(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Raising to high is the curator's business: the head hears nothing."""
    card = desk.open(importance="normal")
    _out(capsys, "card", "set", str(card), "--importance", "high", "--reason", "много жалоб", "--as", "curator")
    assert _inbox(capsys, "head") == []
    assert _out(capsys, "notifications", "--as", "head").strip() == "Глава района (демо) (head): уведомлений нет"


def test_looking_at_someones_inbox_leaves_it_unread(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """An administrator checking the head's inbox (--user) does not mark it read for the head."""
    card = desk.open(importance="normal")
    _out(capsys, "card", "set", str(card), "--importance", "critical", "--reason", "пожар", "--as", "curator")
    _out(capsys, "notifications", "--user", "head")
    assert "непрочитанных 1" in _out(capsys, "notifications", "--as", "head", "--unread")


def test_unknown_reader_is_refused(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notifications", "--as", "nobody"]) == 2
    assert capsys.readouterr().err.strip() == "otklik notifications: Пользователь «nobody» не найден"


def test_start_up_warns_that_the_head_has_no_channel(capsys: pytest.CaptureFixture[str]) -> None:
    """check-config (the same validation `run` runs) names the head and where its reports can be read."""
    assert main(["check-config", "--sandbox"]) == 0
    err = capsys.readouterr().err
    assert ("предупреждение: users[1] (head): Главе не доставить срочный доклад (п. 25): не выбран канал "
            "(notify_via: [email] или [telegram]); уведомления видны только во входящих "
            "(раздел «Уведомления» веб-интерфейса)") in err.splitlines()


def test_no_warning_once_the_head_can_be_reached() -> None:
    """Email chosen, with an address, and the mail relay switched on: nothing to warn about."""
    users = [u.model_dump() for u in settings_with().users if u.login != "head"] + [
        {"login": "head", "name": "Глава", "role": "head", "email": "glava@sobolevomr.ru", "notify_via": ["email"]}]
    reached = settings_with(users=users, notifications={"smtp": {"enabled": True, "host": "127.0.0.1"}})
    assert not [w for w in validate(reached, lambda: None, sandbox=True) if "Главе" in w]
    mail_off = settings_with(users=users)
    assert [w for w in validate(mail_off, lambda: None, sandbox=True) if "Главе" in w] == [
        "users[11] (head): Главе не доставить срочный доклад (п. 25): почта выключена "
        "(notifications.smtp.enabled); уведомления видны только во входящих (раздел «Уведомления» веб-интерфейса)"]
