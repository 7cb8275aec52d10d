"""The working-time calendar: schedule, Russian production calendar, time zone, overrides.

Build one with ``WorkCalendar.from_settings(settings.organization, loaded_dir=...)`` and ask it
for deadlines in working time; see ``monitor/workcal/calendar.py`` for the conventions.
"""

from monitor.workcal.calendar import DayKind, WeeklySchedule, WorkCalendar
from monitor.workcal.coverage import coverage_warnings, live_warnings
from monitor.workcal.decreed import decreed_year
from monitor.workcal.production import (
    ProductionCalendar,
    builtin_years,
    load_directory,
    loaded_calendar_dir,
    read_calendar_file,
    store_years,
)
from monitor.workcal.statutory import statutory_year
from monitor.workcal.xmlcalendar import parse_xmlcalendar
from monitor.workcal.yeardata import (
    CalendarDataError,
    YearCalendar,
    dumps_years,
    years_from_json,
)

__all__ = [
    "CalendarDataError",
    "DayKind",
    "ProductionCalendar",
    "WeeklySchedule",
    "WorkCalendar",
    "YearCalendar",
    "builtin_years",
    "coverage_warnings",
    "decreed_year",
    "dumps_years",
    "live_warnings",
    "load_directory",
    "loaded_calendar_dir",
    "parse_xmlcalendar",
    "read_calendar_file",
    "statutory_year",
    "store_years",
    "years_from_json",
]
