"""A bearer-token client for the API tests: the token made the way the page and the CLI make it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from db.models import User
from monitor.web import tokens

from ..workflow.helpers import Desk


def make_token(desk: Desk, login: str, name: str = "скрипт") -> str:
    with desk.sessions() as s, s.begin():
        user = s.scalars(select(User).where(User.login == login)).one()
        return tokens.create(s, user, name, desk.clock.now(), actor=login).token


def bearer(app, desk: Desk, login: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, base_url="http://desk.test")
    client.headers["Authorization"] = f"Bearer {make_token(desk, login)}"
    return client
