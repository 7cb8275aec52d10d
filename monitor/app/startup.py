"""Everything start-up checks, in one place: `otklik check-config` and `otklik run` share it.

A wrong setting in any section (workflow, deadlines, units, the calendar's local days off,
notifications, a watch query, the rules, a sandbox scenario) raises SettingsError with one line
naming the key; what a source merely lacks (a token for posting, say), a coming year with no
production calendar and a head no channel reaches (p. 25) come back as warnings.
"""

from __future__ import annotations

from collections.abc import Callable

from monitor.core.clock import Clock, SystemClock
from monitor.core.settings import Settings, SettingsError


def validate(settings: Settings, compile_rules: Callable[[], object] | None = None,
             clock: Clock | None = None, sandbox: bool | None = None) -> list[str]:
    """Raise SettingsError on the first wrong setting; return warnings about what sources lack
    (left out in sandbox mode: the sandbox gives every source its tokens), about the calendar's
    coming years and about a head no channel reaches.

    ``compile_rules`` builds the classifier (default: once, only to check it); `otklik run` passes
    its context's cached classifier so the rules are compiled once per process, not twice.
    ``clock`` dates the calendar warnings (default: the real clock).
    ``sandbox`` is `run`'s ``--sandbox``/``--no-sandbox``: outside the sandbox a credential the
    settings reference but the environment lacks is an error (MissingCredentials).
    """
    from monitor.app.sandbox_mode import choose_mode
    from monitor.app.sources import source_problems
    from monitor.ingest.labeling import compile_watch_query, load_classifier
    from monitor.notify.reach import head_channel_problems
    from monitor.reports.config import report_settings
    from monitor.workcal.coverage import startup_warnings
    from monitor.workcal.organization import working_calendar

    working_calendar(settings)  # organization.extra_days_off / extra_workdays, loaded calendars
    report_settings(settings)
    (compile_rules or (lambda: load_classifier(settings)))()
    compile_watch_query(settings.watch.query, "watch.query", settings.locations)
    _check_scenario(settings)
    mode = choose_mode(settings, sandbox)
    sources = source_problems(settings)  # also compiles each source's watch query: always run
    return (([] if mode.sandbox else sources) + startup_warnings(settings, clock or SystemClock())
            + head_channel_problems(settings))


def _check_scenario(settings: Settings) -> None:
    """A configured sandbox scenario is read and built once, as `otklik run` would."""
    if not settings.sandbox.scenario:
        return
    from monitor.sandbox.scenario import ScenarioError, build_state, read_scenario

    try:
        build_state(read_scenario(settings.path(settings.sandbox.scenario)))
    except ScenarioError as exc:
        raise SettingsError(f"sandbox.scenario: {exc}") from None
