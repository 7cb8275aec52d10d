"""``otklik user password LOGIN``: the operator sets a password from the terminal (item 2)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from db.models import AuditEntry, User
from monitor.cli.main import main
from monitor.web.auth import verify_password


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def test_the_password_is_read_from_stdin_never_from_arguments(desk, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO("длинный-пароль-9\n"))
    assert main(["user", "password", "exec_gkh"]) == 0
    assert "Пароль пользователя exec_gkh задан" in capsys.readouterr().out
    with desk.sessions() as s:
        user = s.scalars(select(User).where(User.login == "exec_gkh")).one()
        assert verify_password(user.password_hash, "длинный-пароль-9")
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "password.changed")).all()
        assert [(a.actor, a.detail) for a in audit][-1] == ("cli", {"login": "exec_gkh"})


def test_a_short_password_or_unknown_user_is_one_russian_line(desk, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO("корот\n"))
    assert main(["user", "password", "exec_gkh"]) == 2
    assert "не менее 8 символов" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("длинный-пароль-9\n"))
    assert main(["user", "password", "nobody"]) == 2
    assert "nobody не найден" in capsys.readouterr().err
