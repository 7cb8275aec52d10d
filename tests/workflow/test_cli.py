"""``otklik card`` and ``otklik user``: the operators' commands, Russian output, one-line refusals."""

from __future__ import annotations

import argparse

import pytest

from monitor.cli import card as card_cmd
from monitor.cli import user as user_cmd

from .helpers import Desk, local


def run(argv: list[str]) -> int:
    """The two command groups as `otklik` registers them."""
    parser = argparse.ArgumentParser(prog="otklik")
    parser.add_argument("--settings", default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    card_cmd.register(sub)
    user_cmd.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def test_card_goes_through_the_regulation(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Route, draft, approve, publish by hand and close from the command line; show tells the story."""
    card = str(desk.open())
    assert run(["card", "route", card, "--unit", "gkh", "--as", "curator"]) == 0
    assert "направлена исполнителю (gkh)" in capsys.readouterr().out
    assert run(["card", "draft", card, "--text", "Яму засыплем до пятницы.", "--as", "exec_gkh"]) == 0
    assert "версия проекта 1" in capsys.readouterr().out
    assert run(["card", "approve", card, "--as", "curator"]) == 0
    assert run(["card", "published", card, "--url", "https://vk.com/wall-1_1?reply=1", "--as", "exec_gkh"]) == 0
    assert run(["card", "close", card, "--outcome", "resolved", "--as", "curator"]) == 0
    assert "закрыта (решено положительно)" in capsys.readouterr().out
    assert run(["card", "show", card, "--as", "curator"]) == 0
    shown = capsys.readouterr().out
    assert f"Карточка №{card} — закрыта" in shown
    assert "Выявлено: 02.03.2026 10:00 (Asia/Kamchatka)" in shown
    assert "Срок ответа: 03.03.2026 10:00" in shown
    assert "gkh — Управление ЖКХ" in shown
    assert "v1 окончательный ответ, gkh, exec_gkh" in shown
    for line in ("карточка открыта", "направлена в подразделение", "проект согласован", "ответ размещён"):
        assert line in shown


def test_refusal_is_one_russian_line_and_exit_2(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Approving a new card prints why and what is allowed, and exits with 2."""
    card = str(desk.open())
    assert run(["card", "approve", card, "--as", "curator"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("otklik card: Нельзя согласовать: карточка в состоянии «новая». "
                           "Доступно: направить, отклонить, исключить (п. 20)")
    assert run(["card", "show", "999", "--as", "curator"]) == 2
    assert "Карточка №999 не найдена" in capsys.readouterr().err


def test_set_labels_and_shorten(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """`card set` corrects the importance and shortens the deadline, both shown on the card."""
    card = str(desk.open())
    assert run(["card", "set", card, "--importance", "critical", "--deadline-hours", "2",
                "--reason", "мороз, нет отопления", "--as", "curator"]) == 0
    assert "срок ответа 02.03.2026 12:00" in capsys.readouterr().out
    run(["card", "show", card, "--as", "curator"])
    shown = capsys.readouterr().out
    assert "Важность: Критическая (исправлено куратором; классификатор: Обычная)" in shown
    assert "сокращён куратором до 2 ч 0 мин" in shown


def test_user_add_and_absence(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """A new executor is created and declared absent with a deputy; errors are one line with exit 2."""
    assert run(["user", "add", "ivanova", "--name", "Иванова И. И.", "--role", "executor", "--unit", "gkh",
                "--email", "ivanova@example.org", "--as", "admin"]) == 0
    assert "Пользователь ivanova создан" in capsys.readouterr().out
    assert run(["user", "absence", "exec_gkh", "--from", "2026-03-02", "--to", "2026-03-06",
                "--deputy", "ivanova"]) == 0
    assert "с 02.03.2026 00:00 по 07.03.2026 00:00; замещает ivanova" in capsys.readouterr().out
    assert run(["user", "add", "petrov", "--name", "Петров", "--role", "executor", "--as", "admin"]) == 2
    assert "Исполнителю нужно подразделение" in capsys.readouterr().err
    assert run(["user", "absence", "exec_gkh", "--from", "завтра", "--to", "2026-03-06", "--deputy", "ivanova"]) == 2


# -- refusals (issue 10, item 12): each one Russian line on stderr, exit 2, nothing changed ---------


def test_card_set_needs_a_reason(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Overruling the classifier or the deadline without saying why is refused; the card keeps its labels."""
    card = str(desk.open())
    assert run(["card", "set", card, "--importance", "critical", "--as", "curator"]) == 2
    assert capsys.readouterr().err.strip() == "otklik card: Укажите причину изменения (--reason)"
    assert run(["card", "set", card, "--deadline-hours", "2", "--as", "curator"]) == 2
    assert capsys.readouterr().err.strip() == "otklik card: Укажите причину сокращения срока (--reason)"
    stored = desk.card(int(card))
    assert (stored.importance_set, stored.reply_minutes_set) == (None, None)
    assert desk.actions(int(card)) == ["opened"]


@pytest.mark.parametrize("hours", ["0", "-2", "0.001", "nan", "inf"])
def test_card_set_needs_positive_hours(desk: Desk, capsys: pytest.CaptureFixture[str], hours: str) -> None:
    """Zero, negative, vanishing, NaN or infinite hours are refused in one line, never a traceback."""
    card = str(desk.open())
    assert run(["card", "set", card, f"--deadline-hours={hours}", "--reason", "срочно", "--as", "curator"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("otklik card: Срок ответа (--deadline-hours) должен быть положительным числом часов, "
                   "например 2 или 1.5")
    assert local(desk.card(int(card)).reply_due_at) == "2026-03-03 10:00"


def test_card_show_needs_the_viewer(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --as nobody knows whose eyes the card is for: refused (an executor sees only its unit's cards)."""
    card = str(desk.open())
    with pytest.raises(SystemExit) as refused:
        run(["card", "show", card])
    assert refused.value.code == 2
    assert "--as" in capsys.readouterr().err
    assert run(["card", "show", card, "--as", "exec_gkh"]) == 2
    assert "не направлена в ваше подразделение" in capsys.readouterr().err


def test_user_add_needs_an_acting_admin(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """Only an administrator creates users: without --as, or as a curator, the user is not created."""
    assert run(["user", "add", "ivanova", "--name", "Иванова", "--role", "curator"]) == 2
    assert capsys.readouterr().err.strip() == ("otklik user: Создавать пользователей может только администратор: "
                                               "укажите --as LOGIN")
    assert run(["user", "add", "ivanova", "--name", "Иванова", "--role", "curator", "--as", "curator"]) == 2
    assert capsys.readouterr().err.strip() == ("otklik user: Создавать пользователей может только администратор, "
                                               "а «curator» — куратор")
    assert run(["user", "list"]) == 0
    assert "ivanova" not in capsys.readouterr().out


@pytest.mark.parametrize("email", ["ivanova", "ivanova@", "@sobolevomr.ru", "ivanova@localhost", "iv anova@x.ru"])
def test_user_add_checks_the_email(desk: Desk, capsys: pytest.CaptureFixture[str], email: str) -> None:
    """A mistyped address would silently lose every letter: refused in one Russian line."""
    assert run(["user", "add", "ivanova", "--name", "Иванова", "--role", "head", "--email", email,
                "--as", "admin"]) == 2
    assert capsys.readouterr().err.strip() == (f"otklik user: Неверный адрес электронной почты «{email}»: "
                                               "нужен вид ivanova@adm.example.ru")
