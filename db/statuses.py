"""The closed sets of strings the tables store (statuses, kinds, roles), one enum each.

They live beside the models because the monitor and the publisher (which may not import the
monitor) both write them. Each is a ``StrEnum``: a member *is* its stored string, so rows written
before the enum existed compare equal and nothing in the database changes. The card's transitions
are declared in ``monitor.workflow.states``; history event names are ``db.event_names.EventName``.
"""

from __future__ import annotations

from enum import StrEnum


class CardState(StrEnum):
    """``Incident.state``: the card's state; monitor/workflow/states.py declares its transitions."""

    NEW = "new"
    ASSIGNED = "assigned"
    RETURNED = "returned"
    DRAFT = "draft"
    REWORK = "rework"
    APPROVED = "approved"
    PUBLISHED = "published"
    INTERIM = "interim"
    CLOSED = "closed"
    DISMISSED = "dismissed"
    EXCLUDED = "excluded"


class SourceStatus(StrEnum):
    """``Source.status``: how a source's polling stands."""

    OK = "ok"
    BACKOFF = "backoff"  # failing; polled again at ``retry_at``
    STOPPED = "stopped"  # a permanent failure: shown failing on /health until fixed


class PublicationStatus(StrEnum):
    """``Publication.status``: a reply's way through the outbox (publisher/outbox.py)."""

    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker under a lease
    SENT = "sent"
    MANUAL = "manual"  # the network cannot take it: an official publishes it by hand
    CANCELLED = "cancelled"


class NotificationStatus(StrEnum):
    """``Notification.status`` (monitor/notify/outbox.py)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class ReportRunStatus(StrEnum):
    """``ReportRun.status``: the monthly report's one run per period (monitor/reports/schedule.py)."""

    CLAIMED = "claimed"
    SENT = "sent"


class ReplyKind(StrEnum):
    """``Draft.kind`` and ``Publication.kind``: what a reply is (pp. 11, 16, 17)."""

    FINAL = "final"
    INTERIM = "interim"
    CLARIFICATION = "clarification"


class CardOutcome(StrEnum):
    """``Incident.outcome``: what a closed card came to (p. 22)."""

    RESOLVED = "resolved"
    EXPLAINED = "explained"
    NOT_RESOLVED = "not_resolved"


class DraftDecision(StrEnum):
    """``Draft.decision``: the curator's word on a draft (p. 12)."""

    APPROVED = "approved"
    REWORK = "rework"


class ActivityKind(StrEnum):
    """``ActivityCase.kind`` (p. 25): a surge on a topic in a place, or a significant card."""

    SURGE = "surge"
    SIGNIFICANT = "significant"


class Role(StrEnum):
    """``User.role`` and a transition's permitted roles; ``system`` is the service itself
    (scheduled routing, the SLA watch), never a person's role."""

    CURATOR = "curator"
    EXECUTOR = "executor"
    HEAD = "head"
    ADMIN = "admin"
    SYSTEM = "system"


# The roles a person may hold (settings.yaml's users, `otklik user add --role`).
PERSON_ROLES: tuple[Role, ...] = (Role.CURATOR, Role.EXECUTOR, Role.HEAD, Role.ADMIN)

# The outside channels a notification is delivered by (users.notify_via, notifications.channel);
# the in-app inbox is always there and is not one of them.
NOTIFY_CHANNELS: tuple[str, ...] = ("email", "telegram")
