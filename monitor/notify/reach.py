"""Can the head be reached? p. 25 wants an immediate report; start-up warns when no channel would
carry it (the notification is still written to the head's in-app inbox)."""

from __future__ import annotations

from db.statuses import Role
from monitor.core.sections.notifications import NotificationSettings
from monitor.core.settings import Settings


def _why_unreachable(user: object, config: NotificationSettings) -> str | None:
    """None when one of the user's chosen channels is switched on and has an address; else why not."""
    wanted = list(getattr(user, "notify_via", None) or [])
    if not wanted:
        return "не выбран канал (notify_via: [email] или [telegram])"
    reasons = []
    for channel in dict.fromkeys(wanted):
        if channel == "email":
            if not config.smtp.enabled:
                reasons.append("почта выключена (notifications.smtp.enabled)")
            elif not getattr(user, "email", None):
                reasons.append("не указан email")
            else:
                return None
        elif channel == "telegram":
            if not config.telegram.enabled:
                reasons.append("Telegram выключен (notifications.telegram.enabled)")
            elif not getattr(user, "telegram", None):
                reasons.append("не указан чат Telegram (telegram)")
            else:
                return None
    return "; ".join(reasons)


def head_channel_problems(settings: Settings) -> list[str]:
    """One warning per head listed in settings whom no email or Telegram would reach."""
    config = settings.notifications
    problems = []
    for index, user in enumerate(settings.users):
        if user.role != Role.HEAD:
            continue
        why = _why_unreachable(user, config)
        if why:
            problems.append(f"users[{index}] ({user.login}): Главе не доставить срочный доклад (п. 25): {why}; "
                            f"уведомления видны только во входящих (раздел «Уведомления» веб-интерфейса)")
    return problems
