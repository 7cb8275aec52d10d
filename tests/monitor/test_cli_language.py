"""Issue 10, item 12: `otklik` speaks Russian to officials, its answers on stdout, its log on stderr.

Help at every level of the command tree, argparse's own headings and mistakes included;
``--settings`` accepted after the sub-command; a command's answer never mixed with log lines.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.migrate import expected_heads
from monitor.cli.main import build_parser, main
from monitor.core.settings import DEFAULT_SETTINGS

CYRILLIC = re.compile("[а-яё]", re.I)
ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "show this help message", "subcommands")


def _parsers(parser: argparse.ArgumentParser, name: str = "otklik") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser of the command tree, with its command line (``otklik card route``)."""
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, child in action.choices.items():
                yield from _parsers(child, f"{name} {sub}")


def test_help_is_russian_at_every_level() -> None:
    """Each command's --help: Russian headings, a Russian description, Russian help for every
    argument and every sub-command; none of argparse's English words."""
    for name, parser in _parsers(build_parser()):
        shown = parser.format_help()
        assert shown.startswith("Использование: "), name
        for english in ARGPARSE_ENGLISH:
            assert english not in shown, f"{name}: {english!r}"
        assert parser.description and CYRILLIC.search(parser.description), f"{name}: no Russian description"
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    assert choice.help and CYRILLIC.search(choice.help), f"{name} {choice.dest}: {choice.help!r}"
            elif action.help is not argparse.SUPPRESS:
                assert action.help and CYRILLIC.search(action.help), f"{name} {action.dest}: {action.help!r}"


def test_top_level_help_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`otklik --help` prints the Russian help and exits 0."""
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Использование: otklik [-h] [--settings ФАЙЛ]")
    assert "команды:" in shown and "показать эту справку и выйти" in shown


def test_a_mistake_on_the_command_line_is_one_russian_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Missing options, a wrong value, an unknown command: one line each, exit code 2."""
    cases = {
        ("card", "route", "1"): "otklik card route: ошибка: не указаны обязательные параметры: --as, --unit "
                                "(справка: otklik card route --help)",
        ("incidents", "--limit", "много"): "otklik incidents: ошибка: --limit: 'много' — не целое число "
                                          "(справка: otklik incidents --help)",
        ("cards",): "otklik: ошибка: КОМАНДА: недопустимое значение 'cards'; допустимо: ",
    }
    for argv, expected in cases.items():
        with pytest.raises(SystemExit) as done:
            main(list(argv))
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1, err
        assert err.strip().startswith(expected), err


@pytest.mark.parametrize("argv", [
    ["incidents", "--settings", "{file}"],
    ["card", "show", "1", "--as", "curator", "-c", "{file}"],
    ["db", "current", "--settings={file}"],
])
def test_settings_accepted_after_the_sub_command(argv: list[str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`--settings FILE` after the sub-command is read like before it (here: its mistake is named)."""
    bad = tmp_path / "s.yaml"
    bad.write_text("sorces: []\n", encoding="utf-8")
    assert main([part.format(file=bad) for part in argv]) == 2
    assert capsys.readouterr().err.strip() == "otklik: ошибка в настройках: sorces: unknown setting"


def test_the_last_settings_given_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Given before and after the sub-command, the sub-command's own --settings is the one used."""
    good = tmp_path / "good.yaml"
    good.write_text(f"rules_dir: {DEFAULT_SETTINGS.parent / 'rules'}\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sorces: []\n", encoding="utf-8")
    assert main(["--settings", str(bad), "check-config", "--settings", str(good)]) == 0
    assert capsys.readouterr().out.startswith("Настройки в порядке")


def test_db_upgrade_answers_on_stdout_and_logs_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The answer is one Russian sentence on stdout; the log stays off the terminal unless asked
    for (--log-level INFO), and then it is JSON on stderr, never mixed into the answer."""
    monkeypatch.setenv("OTKLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'otklik.db'}")
    answer = f"База данных обновлена: схема {', '.join(expected_heads())}\n"
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr() == (answer, "")
    assert main(["db", "upgrade", "--log-level", "INFO"]) == 0
    out, err = capsys.readouterr()
    assert out == answer
    assert [json.loads(line)["event"] for line in err.strip().splitlines()] == ["db.upgraded"]


def test_sandbox_on_a_busy_port_says_so_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    """`otklik sandbox --port P` with P taken: one Russian line naming the address, exit 1."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["sandbox", "--host", "127.0.0.1", "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"otklik: песочница: не удалось занять 127.0.0.1:{port} (")
    assert err.endswith("); укажите другой --port")
