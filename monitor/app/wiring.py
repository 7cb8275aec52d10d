"""How the parts meet in one deployment: workflow listeners, the publisher, the periodic jobs.

The workflow knows nothing of the publisher or of notifications; it calls listeners inside its
transactions. Here approval writes the publisher's outbox row, every history event may become
a notification, and a delivered reply moves the card on (published / interim).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.base import Connector, ReplyTarget
from db.models import Attachment, Draft, Incident, Message, Publication, Source
from db.statuses import Role
from monitor.app.context import AppContext
from monitor.app.scheduler import PeriodicJob
from monitor.workflow.errors import TransitionError
from monitor.workflow.service import WorkflowListeners, WorkflowService
from publisher.outbox import PublicationInFlight, enqueue, withdraw
from publisher.posting import Publisher

PUBLISH_EVERY_S = 2.0
SLA_EVERY_S = 60.0
NOTIFY_EVERY_S = 30.0
SPIKES_EVERY_S = 300.0


def reply_target(session: Session, card: Incident) -> tuple[ReplyTarget, str | None]:
    """Where a card's reply goes (under the first message) and through which source."""
    message = session.get(Message, card.first_message_id) if card.first_message_id else None
    if message is None:
        return ReplyTarget(platform=card.platform, owner_id="", post_id=""), None
    source = session.get(Source, message.source_id) if message.source_id else None
    target = ReplyTarget(platform=message.platform, owner_id=message.owner_id or "",
                         post_id=message.post_id or "", comment_id=message.comment_id,
                         author_name=message.author_name)
    return target, source.name if source else None


def queue_publication(session: Session, card: Incident, draft: Draft) -> None:
    """Approval's listener: the outbox row is written in the approval's own transaction, with the
    text the curator approved as it will be posted (``Draft.publish_text``)."""
    target, source_name = reply_target(session, card)
    enqueue(session, incident_id=card.id, target=target, text=draft.publish_text, kind=draft.kind,
            now=draft.decided_at or draft.submitted_at, source_name=source_name, draft_id=draft.id,
            attachments=photo_paths(session, draft), actor=draft.decided_by or "system")


def photo_paths(session: Session, draft: Draft) -> list[str]:
    """The stored photos the draft version goes out with (p. 19), as files for the connector to
    upload; video links are already in the text (``attachment_steps.with_links``)."""
    ids = [int(i) for i in draft.attachment_ids or ()]
    if not ids:
        return []
    rows = session.scalars(select(Attachment).where(Attachment.id.in_(ids)).order_by(Attachment.id))
    return [row.path for row in rows if row.kind == "photo" and row.path]


def withdraw_publication(session: Session, card: Incident, draft: Draft, actor: str, now: datetime) -> None:
    """An official published the reply by hand: the queued publication is cancelled in the same
    transaction, or the report is refused while a worker is posting it (its lease is live)."""
    try:
        withdraw(session, card.id, now=now, actor=actor, reason="ответ размещён вручную")
    except PublicationInFlight as busy:
        raise TransitionError(
            f"Ответ по карточке №{card.id} сейчас размещается в соцсети (публикация №{busy.publication_id}); "
            "отмечать его вручную не нужно. Проверьте карточку через несколько минут: если размещение "
            "не удастся, она попросит разместить ответ вручную",
            action="publish", state=card.state) from None


def workflow_listeners(notify: bool = True) -> WorkflowListeners:
    listeners = WorkflowListeners(on_approved=queue_publication, on_interim_approved=queue_publication,
                                  on_published_by_hand=withdraw_publication)
    if notify:
        from monitor.notify.workflow_events import WorkflowNotifier

        notifier = WorkflowNotifier()
        listeners.on_event, listeners.on_opened_batch = notifier, notifier.opened_batch
    return listeners


def workflow_service(ctx: AppContext) -> WorkflowService:
    """The run's one workflow service (``AppContext.workflow``)."""
    service: WorkflowService = ctx.workflow
    return service


def make_publisher(ctx: AppContext, connectors: Mapping[str, Connector]) -> Publisher:
    """The publisher, whose outcomes move the card through the workflow in the same transaction."""

    def on_sent(session: Session, pub: Publication, now: datetime) -> None:
        workflow_service(ctx).mark_published(session, pub.incident_id, actor="system",
                                             external_id=pub.external_id, url=pub.url)

    def on_manual(session: Session, pub: Publication, now: datetime) -> None:
        from monitor.notify import enqueue as notify
        from monitor.notify import users_with_role

        recipients = users_with_role(session, Role.CURATOR) + _executors_of(session, pub)
        notify(session, key=f"manual_publication:{pub.id}", kind="manual_publication",
               recipients=recipients, now=now, incident_id=pub.incident_id,
               context={"reason": pub.last_error or ""})

    config = ctx.settings.publisher
    return Publisher(ctx.sessions, connectors, ctx.clock, lease=config.lease, max_attempts=config.max_attempts,
                     on_sent=on_sent, on_manual=on_manual)


def _executors_of(session: Session, pub: Publication) -> list:
    from db.models import User

    draft = session.get(Draft, pub.draft_id) if pub.draft_id else None
    if draft is None or draft.unit_id is None:
        return []
    return list(session.scalars(select(User).where(User.unit_id == draft.unit_id, User.role == Role.EXECUTOR,
                                                   User.active.is_(True))))


def publisher_interval(ctx: AppContext) -> float:
    """Seconds between publisher runs: ``publisher.interval_seconds`` (default PUBLISH_EVERY_S)."""
    return ctx.settings.publisher.interval_seconds


def periodic_jobs(ctx: AppContext, connectors: Mapping[str, Connector]) -> list[PeriodicJob]:
    """Publisher, SLA watch, notification delivery, spike alerts, the monthly report: each idempotent,
    safe with several workers."""
    from monitor.core.places import location_names
    from monitor.notify import NotificationDelivery
    from monitor.reports.config import report_settings
    from monitor.reports.schedule import run_monthly_report
    from monitor.watch import run_sla_watch, sla_policy
    from monitor.watch.alerts import run_spike_watch

    publisher = make_publisher(ctx, connectors)
    policy = sla_policy(ctx.settings, ctx.calendar)
    delivery = NotificationDelivery.from_settings(ctx.settings)
    places = location_names(ctx.settings)
    return [
        PeriodicJob("publisher", publisher.run_until_idle, publisher_interval(ctx)),
        PeriodicJob("sla_watch", lambda: run_sla_watch(ctx.sessions, ctx.clock, policy), SLA_EVERY_S),
        PeriodicJob("notifications", lambda: delivery.run(ctx.sessions, ctx.clock), NOTIFY_EVERY_S),
        PeriodicJob("spike_watch", lambda: run_spike_watch(ctx.sessions, ctx.clock, places), SPIKES_EVERY_S),
        PeriodicJob("monthly_report", lambda: run_monthly_report(ctx.sessions, ctx.clock, ctx.settings, ctx.calendar),
                    report_settings(ctx.settings).check_every_seconds),
    ]


def sync_staff(ctx: AppContext) -> None:
    """Units and users from the settings into the database (users added by hand stay)."""
    from monitor.workflow.staffing import sync_units_and_users

    with ctx.sessions() as session, session.begin():
        sync_units_and_users(session, ctx.settings)
