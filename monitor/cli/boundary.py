"""The command line's one error boundary: a known mistake is one Russian line, never a traceback.

Each problem is raised as a typed error where it is detected (a setting, the database's schema,
a rule file, the workflow's refusals); ``report`` turns it into ``otklik: …`` on stderr and
exit code 2. Anything else is a bug: its traceback goes to the log (stderr JSON) and the person
gets one line saying so, with exit code 1.
"""

from __future__ import annotations

import sys

from monitor.core.logs import get_logger, redact_text

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
UPGRADE_HINT = "выполните «otklik db upgrade» (или запустите «otklik run»: он обновляет базу сам)"


def _schema(exc: BaseException) -> str:
    current, expected = getattr(exc, "current", ()), getattr(exc, "expected", ())
    if not current:
        return f"база данных не подготовлена (в ней нет таблиц otklik): {UPGRADE_HINT}"
    return (f"схема базы данных {', '.join(current)} не совпадает с нужной этой версии "
            f"({', '.join(expected)}): {UPGRADE_HINT}")


def refusal(exc: BaseException) -> str:
    """The workflow's refusal as the command line says it: a missing value named with its option
    («Укажите причину (--reason)»; the desk and the API name it as their forms do)."""
    field = getattr(exc, "field", None)
    return f"{exc} (--{field.replace('_', '-')})" if field else str(exc)


def describe(exc: BaseException) -> str | None:
    """One Russian line for a known mistake; None for an unexpected error (a bug)."""
    from alembic.util.exc import CommandError

    from classifier.rules import RulesError
    from db.migrate import DatabaseUnavailable, SchemaNotCurrent
    from monitor.core.settings import SettingsError
    from monitor.sandbox.scenario import ScenarioError
    from monitor.workcal import CalendarDataError
    from monitor.workflow.errors import WorkflowError

    if isinstance(exc, SettingsError):
        return f"ошибка в настройках: {exc}"
    if isinstance(exc, SchemaNotCurrent):
        return _schema(exc)
    if isinstance(exc, DatabaseUnavailable):
        return f"нет доступа к базе данных: {redact_text(str(exc))}"
    if isinstance(exc, CommandError):
        return f"миграция базы данных не выполнена: {exc}"
    if isinstance(exc, WorkflowError):
        return refusal(exc)
    if isinstance(exc, RulesError):
        return f"ошибка в правилах классификатора: {exc}"
    if isinstance(exc, ScenarioError):
        return f"ошибка в сценарии песочницы: {exc}"
    if isinstance(exc, CalendarDataError):
        return f"ошибка в производственном календаре: {exc}"
    return None


def report(exc: BaseException, command: str | None) -> int:
    """Print the one line for ``exc`` (logging a bug's traceback first); return the exit code."""
    line = describe(exc)
    if line is not None:
        print(f"otklik: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    get_logger().error("command.failed", command=command, error=f"{type(exc).__name__}: {exc}", exc_info=exc)
    print(f"otklik: внутренняя ошибка ({type(exc).__name__}); подробности — в журнале, событие command.failed",
          file=sys.stderr)
    return EXIT_FAILED
