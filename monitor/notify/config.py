"""Where the links in notifications point (the section itself is monitor.core.sections.notifications)."""

from __future__ import annotations

from monitor.core.sections.notifications import NotificationSettings
from monitor.core.settings import Settings


def card_base_url(settings: Settings, config: NotificationSettings | None = None) -> str:
    """Where links to cards point: ``notifications.base_url`` or the service's own web address."""
    config = config or settings.notifications
    if config.base_url:
        return config.base_url
    host = settings.web.host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://{host}:{settings.web.port}"
