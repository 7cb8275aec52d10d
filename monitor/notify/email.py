"""Email over SMTP (smtplib): one connection per message, plain UTF-8 text."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from connectors.base import PermanentError, TransientError
from monitor.core.sections.notifications import SmtpSettings
from monitor.core.settings import resolve_secret
from monitor.notify.templates import RenderedNotification


class EmailSender:
    """Sends a rendered notification to one address; raises only TransientError or PermanentError (connectors.base)."""

    channel = "email"

    def __init__(self, config: SmtpSettings, user: str | None = None, password: str | None = None) -> None:
        self.config = config
        self._user = user
        self._password = password

    @classmethod
    def from_settings(cls, config: SmtpSettings) -> EmailSender:
        """Resolve the ``${ENV}`` credentials once, when the sender is built."""
        return cls(config, resolve_secret(config.user), resolve_secret(config.password))

    def build_message(self, address: str, note: RenderedNotification, idempotency_key: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.config.from_address
        message["To"] = address
        message["Subject"] = note.subject
        message["Date"] = formatdate(localtime=False)
        domain = self.config.from_address.rsplit("@", 1)[-1].strip(">") or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
        message["X-Otklik-Notification"] = idempotency_key
        message.set_content(note.text, charset="utf-8")
        for item in note.attachments:
            maintype, _, subtype = item.content_type.partition("/")
            message.add_attachment(item.data, maintype=maintype, subtype=subtype or "octet-stream",
                                   filename=item.name)
        return message

    def send(self, address: str, note: RenderedNotification, idempotency_key: str) -> None:
        message = self.build_message(address, note, idempotency_key)
        try:
            with self._connect() as smtp:
                if self.config.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self._user:
                    smtp.login(self._user, self._password or "")
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, _text = next(iter(exc.recipients.values()), (550, b""))
            raise _by_code(code, "recipient refused") from None
        except smtplib.SMTPAuthenticationError as exc:
            # Wrong credentials are an administrator's fix, not the recipient's: keep retrying.
            raise TransientError(f"SMTP authentication failed ({exc.smtp_code})") from None
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code, "SMTP error") from None
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientError(f"SMTP unavailable: {type(exc).__name__}") from None
        if refused:
            code, _text = next(iter(refused.values()))
            raise _by_code(code, "recipient refused")

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c.ssl:
            return smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout, context=ssl.create_default_context())
        return smtplib.SMTP(c.host, c.port, timeout=c.timeout)


def _by_code(code: int, what: str) -> TransientError | PermanentError:
    """SMTP 4xx means try again later; 5xx means this message will never go through."""
    if 400 <= code < 500:
        return TransientError(f"{what} ({code})")
    return PermanentError(f"{what} ({code})")
