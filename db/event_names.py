"""Names of the card's history events, here so that both the monitor and the publisher (which
may not import the monitor) write them from one list."""

from __future__ import annotations

from enum import StrEnum


class EventName(StrEnum):
    """The name of every history event (``Event.action``): the workflow's transitions, the SLA
    watch's breaches, the publisher's outbox steps. Notifications subscribe to these and the
    card's history renders them; nothing spells an event name as a bare string."""

    OPENED = "opened"
    ROUTED = "routed"
    RETURNED = "returned"
    CONTRIBUTED = "contributed"
    DRAFT_SUBMITTED = "draft_submitted"
    APPROVED = "approved"
    REWORK_REQUESTED = "rework_requested"
    PUBLISHED = "published"
    INTERIM_PUBLISHED = "interim_published"
    CLOSED = "closed"
    DISMISSED = "dismissed"
    EXCLUDED = "excluded"
    RESTORED = "restored"
    LABELS_CORRECTED = "labels_corrected"
    DEADLINE_SHORTENED = "deadline_shortened"
    ATTACHMENT_ADDED = "attachment_added"  # a photo or a video link for the reply (p. 19)
    ATTACHMENT_REMOVED = "attachment_removed"
    DEADLINE_BREACHED = "deadline_breached"
    EXECUTOR_REPLACED = "executor_replaced"
    PUBLICATION_QUEUED = "publication_queued"
    PUBLICATION_CANCELLED = "publication_cancelled"
    PUBLICATION_RETRY = "publication_retry"
    PUBLICATION_FAILED = "publication_failed"
    REPLY_PUBLISHED = "reply_published"
    REPORTED_TO_HEAD = "reported_to_head"  # p. 25: the curator reports a card to the head
    HEAD_ACKNOWLEDGED = "head_acknowledged"  # p. 25: the head acknowledged the report
