"""The workflow's service layer: one method per transition, called by the CLI and the web UI.

Every transition goes through ``WorkflowCore.transition`` (steps_base.py): it locks the card's
row, checks the source state and the actor's role against the table (states.py), lets the step
do its work (units, stages, drafts), then checks the state it led to against the table and
records one history event (db.event_names.EventName). Time comes from
the injected clock; deadlines from DeadlineCalculator. The caller owns the transaction.
"""

from __future__ import annotations

from monitor.workflow.attachment_steps import AttachmentSteps
from monitor.workflow.curation_steps import CurationSteps
from monitor.workflow.reply_steps import DRAFT_KINDS, ReplySteps
from monitor.workflow.routing_steps import RoutingSteps
from monitor.workflow.steps_base import OUTCOMES, Actor, WorkflowListeners


class WorkflowService(CurationSteps, ReplySteps, RoutingSteps, AttachmentSteps):
    """All transitions of the card; build with ``WorkflowService.from_settings(settings, calendar, clock)``."""


__all__ = ["DRAFT_KINDS", "OUTCOMES", "Actor", "WorkflowListeners", "WorkflowService"]
