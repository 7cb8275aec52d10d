"""The organization's working calendar, built from its settings and the years an administrator loaded."""

from __future__ import annotations

from monitor.core.settings import Settings

CALENDAR_DIR = "var/calendar"  # where `otklik calendar load` stores official years (monitor.cli.deadline)


def working_calendar(settings: Settings):
    """The organization's WorkCalendar, with the years an administrator loaded."""
    from monitor.workcal import WorkCalendar

    return WorkCalendar.from_settings(settings.organization, loaded_dir=settings.path(CALENDAR_DIR))
