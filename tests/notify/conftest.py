"""Fixtures for the notification tests: a real SMTP server on loopback, users and a card."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from .helpers import RecordingHandler, SmtpServer, add_incident, add_user, free_port


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback that accepts any login without TLS."""
    handler = RecordingHandler()
    logins: list[tuple[str, str]] = []

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        login = auth_data.login.decode() if isinstance(auth_data.login, bytes) else auth_data.login
        password = auth_data.password.decode() if isinstance(auth_data.password, bytes) else auth_data.password
        logins.append((login, password))
        return AuthResult(success=password == "right-password", handled=False)

    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, handler, logins)
    finally:
        controller.stop()


@pytest.fixture
def people(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """An executor on email, a curator on Telegram, a head on both; and one card."""
    with session_factory() as s, s.begin():
        ids = {
            "executor": add_user(s, "ivanov", email="ivanov@sobolevo.test").id,
            "curator": add_user(s, "curator", role="curator", notify_via=["telegram"], chat="1001").id,
            "head": add_user(s, "head", role="head", notify_via=["email", "telegram"],
                             email="head@sobolevo.test", chat="1002").id,
            "incident": add_incident(s).id,
        }
    return ids
