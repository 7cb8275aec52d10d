"""Notifications to officials by email and Telegram, through an outbox that never blocks.

The workflow calls ``enqueue`` inside its own transaction; the scheduler runs
``NotificationDelivery.run`` to deliver due rows with retries.
"""

from monitor.core.sections.notifications import NotificationSettings
from monitor.notify.config import card_base_url
from monitor.notify.delivery import (
    DeliveryReport,
    NotificationDelivery,
    Sender,
    retry_delay,
)
from monitor.notify.outbox import NOTIFY_CHANNELS, enqueue, users_with_role
from monitor.notify.templates import NOTIFICATION_KINDS, RenderedNotification, render

__all__ = [
    "NOTIFICATION_KINDS",
    "NOTIFY_CHANNELS",
    "DeliveryReport",
    "NotificationDelivery",
    "NotificationSettings",
    "RenderedNotification",
    "Sender",
    "card_base_url",
    "enqueue",
    "render",
    "retry_delay",
    "users_with_role",
]
