"""Build the workflow service for this deployment: the settings' calendar, policy and listeners."""

from __future__ import annotations

from monitor.clock import Clock
from monitor.settings import Settings
from monitor.workflow.service import WorkflowListeners, WorkflowService

CALENDAR_DIR = "var/calendar"  # where `otklik calendar load` stores official years (monitor.commands.deadline)


def working_calendar(settings: Settings):  # type: ignore[no-untyped-def]
    """The organization's WorkCalendar, with the years an administrator loaded."""
    from monitor.workcal import WorkCalendar

    return WorkCalendar.from_settings(settings.organization, loaded_dir=settings.path(CALENDAR_DIR))


def service_from_settings(settings: Settings, clock: Clock,
                          listeners: WorkflowListeners | None = None) -> WorkflowService:
    return WorkflowService.from_settings(settings, working_calendar(settings), clock, listeners)
