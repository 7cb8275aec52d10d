"""Email goes through a real SMTP server started in the test (aiosmtpd on loopback)."""

from __future__ import annotations

from email import message_from_bytes

import pytest

from connectors.base import PermanentError, TransientError
from monitor.core.sections.notifications import SmtpSettings
from monitor.notify.email import EmailSender
from monitor.notify.templates import RenderedNotification

from .helpers import SmtpServer, free_port, read_letter

NOTE = RenderedNotification(subject="Вам направлено обращение №5",
                            text="Срок: 01.12.2026 15:30.\n\nКарточка обращения: http://127.0.0.1:8080/cards/5")


def _sender(server: SmtpServer, **extra: object) -> EmailSender:
    config = SmtpSettings.model_validate({"enabled": True, "host": server.host, "port": server.port,
                                          "from": "otklik@sobolevo.test", "timeout": 5, **extra})
    return EmailSender.from_settings(config)


def test_message_arrives_in_russian_with_the_link(smtp_server: SmtpServer) -> None:
    """The executor's mailbox gets a readable Russian subject and the link to the card."""
    _sender(smtp_server).send("ivanov@sobolevo.test", NOTE, "assigned:5:1:1")
    [envelope] = smtp_server.handler.messages
    assert envelope.rcpt_tos == ["ivanov@sobolevo.test"]
    assert envelope.mail_from == "otklik@sobolevo.test"
    subject, body = read_letter(envelope.content)
    assert subject == "Вам направлено обращение №5"
    assert message_from_bytes(envelope.content)["X-Otklik-Notification"] == "assigned:5:1:1"
    assert "http://127.0.0.1:8080/cards/5" in body


def test_login_uses_credentials_from_the_environment(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SMTP login and password come from the environment variables the settings name."""
    monkeypatch.setenv("T_SMTP_USER", "otklik")
    monkeypatch.setenv("T_SMTP_PASSWORD", "right-password")
    _sender(smtp_server, user="${T_SMTP_USER}", password="${T_SMTP_PASSWORD}").send("a@sobolevo.test", NOTE, "k")
    assert smtp_server.logins == [("otklik", "right-password")]
    assert len(smtp_server.handler.messages) == 1


def test_wrong_password_is_retried_not_dropped(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong SMTP password is an administrator's fix: the message waits for a retry."""
    monkeypatch.setenv("T_SMTP_USER", "otklik")
    monkeypatch.setenv("T_SMTP_PASSWORD", "wrong")
    with pytest.raises(TransientError, match="authentication"):
        _sender(smtp_server, user="${T_SMTP_USER}", password="${T_SMTP_PASSWORD}").send("a@sobolevo.test", NOTE, "k")
    assert smtp_server.handler.messages == []


def test_unknown_mailbox_is_permanent(smtp_server: SmtpServer) -> None:
    """A mailbox the server does not know (550) is not retried."""
    with pytest.raises(PermanentError, match="550"):
        _sender(smtp_server).send("nobody@sobolevo.test", NOTE, "k")


def test_busy_mailbox_is_retried(smtp_server: SmtpServer) -> None:
    """A temporary refusal (451) is retried later."""
    with pytest.raises(TransientError, match="451"):
        _sender(smtp_server).send("busy@sobolevo.test", NOTE, "k")


def test_server_down_is_retried() -> None:
    """With the mail server down the message is kept for a retry."""
    config = SmtpSettings.model_validate({"enabled": True, "host": "127.0.0.1", "port": free_port(), "timeout": 2})
    with pytest.raises(TransientError, match="SMTP unavailable"):
        EmailSender.from_settings(config).send("a@sobolevo.test", NOTE, "k")
