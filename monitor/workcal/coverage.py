"""Warnings that a year is about to start with no calendar but art. 112, for administrators.

From ``WARN_AHEAD`` before such a year (and all through it) start-up, ``otklik check-config`` and
``/health`` say so, naming ``otklik calendar load``: deadlines in it would ignore the decree's
transfers. "Today" is the organization's date by the injected clock. The lines are Russian.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from monitor.workcal.calendar import WorkCalendar
from monitor.workcal.production import loaded_calendar_dir
from monitor.workcal.yeardata import CalendarDataError

if TYPE_CHECKING:
    from monitor.core.clock import Clock
    from monitor.core.settings import Settings

WARN_AHEAD = timedelta(days=60)


def uncovered_years(calendar: WorkCalendar, now: datetime) -> list[int]:
    """This year and, from ``WARN_AHEAD`` before it, the next one, if only art. 112 knows them."""
    today = now.astimezone(calendar.tz).date()
    years = [today.year]
    if today + WARN_AHEAD >= date(today.year + 1, 1, 1):
        years.append(today.year + 1)
    return [year for year in years if not calendar.production.covers(year)]


def coverage_warnings(calendar: WorkCalendar, now: datetime) -> list[str]:
    """One line per uncovered year: what goes wrong and the command that fixes it."""
    return [
        f"производственного календаря на {year} год нет (ни встроенного, ни загруженного, ни переносов "
        f"в пакете holidays): сроки в {year} году считаются только по ст. 112 ТК РФ, без переносов "
        f"выходных по постановлению Правительства; загрузите официальный календарь: "
        f"otklik calendar load FILE"
        for year in uncovered_years(calendar, now)
    ]


def live_warnings(calendar: WorkCalendar, clock: Clock) -> Callable[[], list[str]]:
    """The running service's warnings, dated anew on each call: /health shows one that starts."""
    return lambda: coverage_warnings(calendar, clock.now())


def startup_warnings(settings: Settings, clock: Clock) -> list[str]:
    """The warnings for this deployment's calendar (its loaded years included) as of ``clock``.

    A damaged file among the loaded years is a wrong setting: SettingsError, one line.
    """
    from monitor.core.settings import SettingsError

    try:
        calendar = WorkCalendar.from_settings(settings.organization, loaded_dir=loaded_calendar_dir(settings))
    except CalendarDataError as exc:
        raise SettingsError(f"производственный календарь: {exc}") from None
    return coverage_warnings(calendar, clock.now())
