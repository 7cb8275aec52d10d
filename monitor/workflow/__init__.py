"""The curator workflow (regulation pp. 6-21): states, deadlines, routing, the service layer.

Pure parts: states (the transition table), policy and deadlines (due instants), routing
(competence). The service (service.WorkflowService) applies them to the database in the
caller's transaction; its open_cards and open_card are where ingest hands over
(monitor.app.card_opener).
"""

from db.statuses import CardState
from monitor.core.sections.workflow import Span, parse_span
from monitor.workflow.deadlines import DeadlineCalculator, WorkingCalendar
from monitor.workflow.errors import AccessError, InputError, NotFoundError, TransitionError, WorkflowError
from monitor.workflow.policy import DeadlinePolicy
from monitor.workflow.states import STATE_LABELS

__all__ = [
    "STATE_LABELS",
    "AccessError",
    "CardState",
    "DeadlineCalculator",
    "DeadlinePolicy",
    "InputError",
    "NotFoundError",
    "Span",
    "TransitionError",
    "WorkflowError",
    "WorkingCalendar",
    "parse_span",
]
