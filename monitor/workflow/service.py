"""The workflow's service layer: one method per transition, called by the CLI and the web UI.

Every method locks the card's row, checks the state (states.py), the actor's role and unit
(executors act on cards routed to their unit, or as the deputy of an absent executor), records
one history event, and starts or finishes the stages whose deadlines it moves. Time comes from
the injected clock; deadlines from DeadlineCalculator. The caller owns the transaction.
"""

from __future__ import annotations

from monitor.workflow.curation_steps import CurationSteps
from monitor.workflow.reply_steps import DRAFT_KINDS, ReplySteps
from monitor.workflow.routing_steps import RoutingSteps
from monitor.workflow.steps_base import OUTCOMES, Actor, WorkflowListeners


class WorkflowService(CurationSteps, ReplySteps, RoutingSteps):
    """All transitions of the card; build with ``WorkflowService.from_settings(settings, calendar, clock)``."""


__all__ = ["DRAFT_KINDS", "OUTCOMES", "Actor", "WorkflowListeners", "WorkflowService"]
