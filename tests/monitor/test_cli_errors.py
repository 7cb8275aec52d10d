"""Issue 10, item 11: every bad input to `otklik` is one clear line on stderr, never a traceback.

Each case goes through ``monitor.cli.main`` (the production entry point) and checks what the
person sees: the exact line, the exit code, and that no traceback reached the terminal.
`check-config` and `run` are fed the same broken files and must answer with the same line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.migrate import expected_heads, upgrade
from monitor.cli import run as run_command
from monitor.cli.main import main
from monitor.core.settings import DEFAULT_SETTINGS

RULES = DEFAULT_SETTINGS.parent / "rules"
NOT_MIGRATED = ("otklik: база данных не подготовлена (в ней нет таблиц otklik): выполните «otklik db upgrade» "
                "(или запустите «otklik run»: он обновляет базу сам)")


def _settings(tmp_path: Path, body: str = "", *, database: str | None = None) -> Path:
    """A settings file on its own SQLite file (unless ``database`` says otherwise) plus ``body``."""
    url = database or f"sqlite:///{tmp_path / 'otklik.db'}"
    path = tmp_path / "settings.yaml"
    path.write_text(f"rules_dir: {RULES}\ndatabase:\n  url: '{url}'\n{body}", encoding="utf-8")
    return path


def _one_line(err: str) -> str:
    """The single line a person sees on stderr (there must be exactly one, and no traceback)."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(autouse=True)
def _own_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test names its database in its settings file; the PostgreSQL run's override stays out."""
    monkeypatch.delenv("OTKLIK_DATABASE_URL", raising=False)


@pytest.fixture
def run_never_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    """`otklik run` in-process: should validation let a broken file through, fail instead of serving."""
    def refuse(*_args: object) -> None:
        raise AssertionError("otklik run got past its validation")

    monkeypatch.setattr(run_command, "_listen", refuse)


@pytest.mark.parametrize("argv", [
    ["incidents"],
    ["card", "show", "1", "--as", "curator"],
    ["card", "route", "1", "--unit", "gkh", "--as", "curator"],
    ["user", "list"],
    ["worker", "--once"],
], ids=lambda argv: " ".join(argv[:2]))
def test_database_not_migrated_says_to_run_db_upgrade(argv: list[str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """On an empty database each command says to run `otklik db upgrade`, exit 2, no query tried."""
    assert main(["--settings", str(_settings(tmp_path)), *argv]) == 2
    out, err = capsys.readouterr()
    assert _one_line(err) == NOT_MIGRATED
    assert out == ""


def test_an_outdated_schema_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A database left at an older migration is refused with both revisions named."""
    settings = _settings(tmp_path)
    upgrade(f"sqlite:///{tmp_path / 'otklik.db'}", "0003")
    assert main(["--settings", str(settings), "incidents"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"otklik: схема базы данных 0003 не совпадает с нужной этой версии ({', '.join(expected_heads())}): "
        "выполните «otklik db upgrade» (или запустите «otklik run»: он обновляет базу сам)")


def test_unreachable_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A PostgreSQL server that does not answer: one line saying the database cannot be reached."""
    settings = _settings(tmp_path, database="postgresql+psycopg://otklik@127.0.0.1:1/otklik")
    assert main(["--settings", str(settings), "incidents"]) == 2
    assert _one_line(capsys.readouterr().err).startswith("otklik: нет доступа к базе данных: ")
    assert main(["--settings", str(settings), "db", "upgrade"]) == 2
    assert _one_line(capsys.readouterr().err).startswith("otklik: нет доступа к базе данных: ")


@pytest.mark.parametrize("command", ["check-config", "run", "incidents"])
def test_settings_not_in_utf8_name_the_line(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            run_never_listens: None) -> None:
    """A settings file saved in Windows-1251 is refused naming the first line that is not UTF-8."""
    path = tmp_path / "settings.yaml"
    path.write_bytes(f"rules_dir: {RULES}\norganization:\n  name: Администрация\n".encode("cp1251"))
    assert main(["--settings", str(path), command]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"otklik: ошибка в настройках: {path}: line 3 is not UTF-8 text (byte 0xc0); save the file in UTF-8")


BROKEN_SETTINGS = {
    "impossible date": ("organization:\n  extra_days_off: [2026-13-45]\n",
                        "otklik: ошибка в настройках: organization.extra_days_off[0]: "),
    "quoted impossible date": ("organization:\n  extra_workdays: ['2026-02-30']\n",
                               "otklik: ошибка в настройках: organization.extra_workdays[0]: "),
    "day both off and working": ("organization:\n  extra_days_off: [2026-06-01]\n  extra_workdays: [2026-06-01]\n",
                                 "otklik: ошибка в настройках: organization.extra_workdays: "
                                 "2026-06-01 is also in extra_days_off"),
    "missing sandbox scenario": ("sandbox:\n  scenario: no-such-scenario.yaml\n",
                                 "otklik: ошибка в настройках: sandbox.scenario: scenario: cannot read "),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SETTINGS))
def test_check_config_refuses_what_run_refuses(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               run_never_listens: None) -> None:
    """The same broken file gives the same one line from `check-config` and from `run`."""
    body, expected = BROKEN_SETTINGS[case]
    settings = _settings(tmp_path, body)
    assert main(["--settings", str(settings), "check-config"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(expected)
    assert main(["--settings", str(settings), "run"]) == 2
    assert _one_line(capsys.readouterr().err) == line


def test_a_valid_date_written_without_quotes_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`extra_days_off: [2026-06-01]` (a YAML date) means that day, as the quoted form does."""
    settings = _settings(tmp_path, "organization:\n  extra_days_off: [2026-06-01]\n")
    assert main(["--settings", str(settings), "check-config"]) == 0
    assert capsys.readouterr().out.startswith("Настройки в порядке")


@pytest.mark.parametrize(("url", "problem"), [
    ("mysqlx://db/otklik", "unknown database 'mysqlx'"),
    ("otklik.db", "not a database URL"),
    ("postgresql+nosuchdriver://db/otklik", "database driver 'postgresql+nosuchdriver' is not installed"),
])
@pytest.mark.parametrize("command", ["check-config", "run", "incidents"])
def test_unknown_database_url_is_named(url: str, problem: str, command: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str], run_never_listens: None) -> None:
    """A database URL of an unknown kind is a settings error naming the key and the accepted forms."""
    assert main(["--settings", str(_settings(tmp_path, database=url)), command]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"otklik: ошибка в настройках: database.url: {problem}; "
        "expected sqlite:///path/to/file.db or postgresql+psycopg://user@host/name")


def test_database_url_from_the_environment_says_so(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong OTKLIK_DATABASE_URL is named as such, not blamed on settings.yaml."""
    monkeypatch.setenv("OTKLIK_DATABASE_URL", "oracle://db/otklik")
    assert main(["check-config"]) == 2
    assert _one_line(capsys.readouterr().err).startswith(
        "otklik: ошибка в настройках: database.url (OTKLIK_DATABASE_URL): unknown database 'oracle'")


def test_an_unexpected_failure_is_one_line_and_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A bug inside a command: the person reads one line; the traceback is in the log (JSON on stderr)."""
    from monitor.cli import incidents

    settings = _settings(tmp_path)
    upgrade(f"sqlite:///{tmp_path / 'otklik.db'}")

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(incidents, "list_incidents", broken)
    assert main(["--settings", str(settings), "incidents"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    log_line, user_line = err.strip().splitlines()
    assert user_line == "otklik: внутренняя ошибка (RuntimeError); подробности — в журнале, событие command.failed"
    logged = json.loads(log_line)
    assert logged["event"] == "command.failed" and logged["command"] == "incidents"
    assert logged["exception"].startswith("Traceback") and "RuntimeError: boom" in logged["exception"]
