"""The SLA watch: reminders before each stage's deadline, escalation and records after it.

The lead wires ``run_sla_watch(session_factory, clock, sla_policy(settings, calendar))`` into the
scheduler, every minute.
"""

from monitor.watch.plan import (
    SlaPolicy,
    StageTiming,
    plan_reminder,
    reminder_at,
)
from monitor.watch.sla import WatchReport, run_sla_watch, sla_policy

__all__ = ["SlaPolicy", "StageTiming", "WatchReport", "plan_reminder", "reminder_at", "run_sla_watch", "sla_policy"]
