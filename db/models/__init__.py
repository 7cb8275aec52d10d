"""The tables, one module per theme; ``from db.models import X`` names every one of them.

Schema changes happen only through Alembic migrations (db/migrations). Importing this package
registers every table on ``Base.metadata`` (Alembic and the tests read it from here).
"""

from __future__ import annotations

from db.models.base import Base, Id, UtcDateTime
from db.models.desk import Attachment, ReplyTemplate
from db.models.intake import Event, Incident, Message, Source, modelled
from db.models.outboxes import Notification, Publication
from db.models.reports import ActivityCase, ActivityCaseMessage, ReportRun, StoredFile
from db.models.staff import Absence, Unit, User, Vacancy
from db.models.watch import Breach, DeadlineReminder
from db.models.web import ApiToken, AuditEntry, LoginFailure, WebSession
from db.models.workflow import Assignment, Draft, StageDeadline

__all__ = [
    "Absence",
    "ActivityCase",
    "ActivityCaseMessage",
    "ApiToken",
    "Assignment",
    "Attachment",
    "AuditEntry",
    "Base",
    "Breach",
    "DeadlineReminder",
    "Draft",
    "Event",
    "Id",
    "Incident",
    "LoginFailure",
    "Message",
    "Notification",
    "Publication",
    "ReplyTemplate",
    "ReportRun",
    "Source",
    "StageDeadline",
    "StoredFile",
    "Unit",
    "User",
    "UtcDateTime",
    "Vacancy",
    "WebSession",
    "modelled",
]
