"""argparse in Russian, for officials: headings, ``-h``, mistakes as one line, common options.

argparse takes its own words (``usage:``, ``options``, ``the following arguments are required``)
from gettext, which offers no Russian catalogue we could ship without compiled ``.mo`` files;
this parser sets the headings itself and translates argparse's few error sentences. Every
parser made from it (each sub-command's too, since sub-parsers are built from the parent's
class) also accepts ``--settings`` and ``--log-level`` after the sub-command's name.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from monitor.cli.boundary import EXIT_BAD_INPUT

#: argparse's sentences (Python 3.11+) and their Russian form; the first match wins.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^the following arguments are required: (.*)$", r"не указаны обязательные параметры: \1"),
    (r"^unrecognized arguments: (.*)$", r"непонятные аргументы: \1"),
    (r"^one of the arguments (.*) is required$", r"укажите один из параметров: \1"),
    (r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$", r"\1: недопустимое значение \2; допустимо: \3"),
    (r"^argument (.*?): invalid int value: (.*)$", r"\1: \2 — не целое число"),
    (r"^argument (.*?): invalid float value: (.*)$", r"\1: \2 — не число"),
    (r"^argument (.*?): invalid .* value: (.*)$", r"\1: недопустимое значение \2"),
    (r"^argument (.*?): expected one argument$", r"\1: нужно значение"),
    (r"^argument (.*?): expected at least one argument$", r"\1: нужно хотя бы одно значение"),
    (r"^argument (.*?): not allowed with argument (.*)$", r"\1 нельзя указывать вместе с \2"),
    (r"^argument (.*?): ignored explicit argument (.*)$", r"\1: лишнее значение \2"),
    (r"^ambiguous option: (.*) could match (.*)$", r"неоднозначный параметр \1: подходит \2"),
    (r"^argument (.*?): (.*)$", r"\1: \2"),
))


def translate(message: str) -> str:
    """argparse's English error sentence in Russian (unknown sentences pass through)."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class RussianHelpFormatter(argparse.HelpFormatter):
    """``Использование:`` instead of ``usage:``."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Использование: " if prefix is None else prefix)


class _SubCommands(argparse._SubParsersAction):
    """Sub-commands whose own ``--help`` opens with the line shown in the parent's list."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if kwargs.get("help") and "description" not in kwargs:
            kwargs["description"] = kwargs["help"][:1].upper() + kwargs["help"][1:]
        return super().add_parser(name, **kwargs)


class RussianArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Russian and takes the common options at any level."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _SubCommands)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="показать эту справку и выйти")
        # SUPPRESS: given after a sub-command, the option overrides the top level's; absent, it
        # leaves the top level's value (or default) alone.
        self.add_argument("--settings", "-c", default=argparse.SUPPRESS, metavar="ФАЙЛ",
                          help="файл настроек (по умолчанию settings.yaml проекта)")
        self.add_argument("--log-level", default=argparse.SUPPRESS, metavar="УРОВЕНЬ",
                          help="подробность журнала (stderr): DEBUG, INFO, WARNING, ERROR; по умолчанию INFO "
                               "для run, worker и sandbox, WARNING для остальных команд")

    def error(self, message: str) -> NoReturn:
        """One line on stderr naming the mistake and where to read more; exit code 2."""
        print(f"{self.prog}: ошибка: {translate(message)} (справка: {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)
