"""What every command and job needs, built once from the settings: database, clock, calendar,
the classifier and the workflow service."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.session import make_engine, make_session_factory
from monitor.core.clock import Clock, SystemClock
from monitor.core.settings import Settings, load_settings


@dataclass
class AppContext:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    # Called with the new classifier after a reload (the labeler swaps it in): see reload_classifier.
    classifier_listeners: list[Callable[[Any], None]] = field(default_factory=list)
    _reloading: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        """Screens and messages name the settlements as this deployment's gazetteer does."""
        from monitor.core.places import settlements
        from monitor.core.settings import SettingsError
        from monitor.workflow.words import name_settlements

        with contextlib.suppress(SettingsError):  # the settings' validation reports it, with its line
            name_settlements(settlements(self.settings))

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database.url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions on a database whose schema is this code's (else one clear error, no query)."""
        from db.migrate import check_current

        check_current(self.engine)
        return make_session_factory(self.engine)

    @cached_property
    def calendar(self) -> Any:
        """The organization's working-time calendar (built once: it caches its days)."""
        from monitor.workcal.organization import working_calendar

        return working_calendar(self.settings)

    @cached_property
    def classifier(self) -> Any:
        """The rule-based classifier, compiled once from the settings' rules folder."""
        from monitor.ingest.labeling import load_classifier

        return load_classifier(self.settings)

    def reload_classifier(self) -> Any:
        """Rules compiled afresh from the rules folder, then swapped in whole for the running
        service (the pipeline's labeler, repeat search): a message is labelled by the old rules
        or the new, never a mix. A broken rule file raises SettingsError naming the file and line,
        and the rules in use stay."""
        from monitor.ingest.labeling import load_classifier

        fresh = load_classifier(self.settings)  # may raise: nothing replaced yet
        with self._reloading:
            self.__dict__["classifier"] = fresh
            for listener in self.classifier_listeners:
                listener(fresh)
        from monitor.core.logs import get_logger

        get_logger().info("rules.reloaded", rules_dir=str(self.settings.path(self.settings.rules_dir)),
                          listeners=len(self.classifier_listeners))
        return fresh

    @cached_property
    def label_process(self) -> Any:
        """The process that labels a fetch's big pages (monitor/ingest/label_process.py), started
        by the first of them; None when the settings turn it off or the machine has one core."""
        if not self.settings.ingest.label_process or (os.cpu_count() or 1) < 2:
            return None
        from monitor.ingest.label_process import LabelProcess

        process = LabelProcess(self.settings.path(self.settings.rules_dir))
        self.classifier_listeners.append(process.swap)  # a reload retires the child's rules
        return process

    @cached_property
    def workflow(self) -> Any:
        """The run's one workflow service: this context's clock and calendar, this deployment's
        listeners (publisher outbox, notifications); ingest, repeats, the publisher and the CLI share it."""
        from monitor.app.wiring import workflow_listeners
        from monitor.workflow.service import WorkflowService

        return WorkflowService.from_settings(self.settings, self.calendar, self.clock, workflow_listeners())

    def close(self) -> None:
        if self.__dict__.get("label_process") is not None:
            self.label_process.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


def context_from_args(args: object) -> AppContext:
    return AppContext(load_settings(getattr(args, "settings", None)))
