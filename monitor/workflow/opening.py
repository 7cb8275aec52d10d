"""Where the ingest pipeline hands over: a relevant message opens a card, an excluded one is recorded.

Excluded messages (p. 20) become a card straight in ``excluded``, with the reason, no deadlines
and no routing: the curator can see why a message was not shown as work, reports can count it,
and it can never be routed (``excluded`` is a final state). Callers that prefer no card at all
simply do not call ``exclude_message``; the message row keeps ``excluded`` either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from db.models import Incident, Message
from monitor.core.clock import FrozenClock
from monitor.core.settings import Settings
from monitor.workflow.deadlines import WorkingCalendar
from monitor.workflow.policy import DeadlinePolicy
from monitor.workflow.routing_steps import NewMessage
from monitor.workflow.service import WorkflowListeners, WorkflowService

CardOpener = Callable[[Session, list[NewMessage], datetime, bool], list[Incident]]


def open_card(session: Session, message_row: Message, *, now: datetime, calendar: WorkingCalendar,
              policy: DeadlinePolicy, official: bool = False, repeat_of: int | Incident | None = None,
              auto_route: bool = False, repeat_same_unit: bool = True,
              listeners: WorkflowListeners | None = None) -> Incident:
    """Open a card in ``new`` for ``message_row``: route and reply deadlines at once, the ``opened`` event.

    With ``repeat_of`` the card is linked to the earlier one, flagged to report measures taken
    (p. 18) and, when ``repeat_same_unit``, the earlier card's units are suggested first; with
    ``auto_route`` an unambiguous suggestion is routed at once by ``system``.
    """
    service = WorkflowService(calendar, policy, FrozenClock(now), listeners or WorkflowListeners(),
                              auto_route=auto_route, repeat_same_unit=repeat_same_unit)
    earlier = repeat_of.id if isinstance(repeat_of, Incident) else repeat_of
    return service.open_card(session, message_row, official=official, repeat_of=earlier)


def exclude_message(session: Session, message_row: Message, *, now: datetime, reason: str,
                    official: bool = False) -> Incident:
    """Record a p. 20 message as an ``excluded`` card with ``reason`` (e.g. ``obscene``); never routed."""
    service = WorkflowService(_NoCalendar(), DeadlinePolicy(), FrozenClock(now))
    return service.exclude_message(session, message_row, reason=reason, official=official)


def make_card_opener(settings: Settings, calendar: WorkingCalendar,
                     listeners: WorkflowListeners | None = None) -> CardOpener:
    """Cards for an ingest batch, bound to the settings, in the pipeline's CardOpener shape."""
    from monitor.workflow.config import workflow_settings

    cfg = workflow_settings(settings)
    policy = DeadlinePolicy.from_config(cfg.deadlines)

    def opener(session: Session, messages: list[NewMessage], now: datetime, official: bool) -> list[Incident]:
        service = WorkflowService(calendar, policy, FrozenClock(now), listeners or WorkflowListeners(),
                                  auto_route=cfg.workflow.auto_route, repeat_same_unit=cfg.workflow.repeat_same_unit)
        return service.open_cards(session, messages, official=official)

    return opener


class _NoCalendar:
    """An excluded card has no deadlines: any use of the calendar is a bug."""

    def _never(self, *_args: object) -> datetime:
        raise AssertionError("an excluded card has no deadlines")

    add_working = add_working_days = add = _never  # type: ignore[assignment]

    def working_between(self, *_args: object):  # type: ignore[no-untyped-def]
        raise AssertionError("an excluded card has no deadlines")
