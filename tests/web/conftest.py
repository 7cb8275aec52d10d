"""The web desk in-process: the workflow tests' Desk (frozen clock, demo units and users) behind
the real FastAPI app, and a TestClient per signed-in person."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import User
from monitor.core.clock import FrozenClock
from monitor.core.settings import load_settings
from monitor.web.app import WebDeps, create_app
from monitor.web.auth import hash_password

from ..workflow.helpers import Desk, at

PASSWORD = "верный-пароль-1"
ROLES = ("curator", "head", "admin", "exec_gkh", "exec_social")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(at("2026-03-02", "10:00"))


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once per session: each argon2 hash costs a deliberate ~0.1 s of CPU (seconds
    on a loaded machine), and every test used to hash it again for each of a dozen users."""
    return hash_password(PASSWORD)


@pytest.fixture
def desk(session_factory: sessionmaker[Session], clock: FrozenClock, password_hash: str) -> Desk:
    desk = Desk(session_factory, load_settings(), clock)
    with session_factory() as s, s.begin():
        for user in s.scalars(select(User)):
            user.password_hash = password_hash
    return desk


@pytest.fixture
def app(desk: Desk, tmp_path):  # type: ignore[no-untyped-def]
    deps = WebDeps(sessions=desk.sessions, settings=desk.settings, clock=desk.clock, service=lambda: desk.service,
                   base_url="http://desk.test", uploads=tmp_path / "uploads")
    return create_app(deps)


@pytest.fixture
def client_for(app) -> Iterator[Callable[[str | None], TestClient]]:  # type: ignore[no-untyped-def]
    """client_for("curator") signs in through the form; client_for(None) stays anonymous."""
    clients: list[TestClient] = []

    def make(login: str | None) -> TestClient:
        client = TestClient(app, base_url="http://desk.test")
        clients.append(client)
        if login is not None:
            sign_in(client, login)
        return client

    yield make
    for c in clients:
        c.close()


def sign_in(client: TestClient, login: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    pre = re.search(r'name="pre" value="([^"]+)"', page.text)
    assert pre
    return client.post("/login", data={"login": login, "password": password, "pre": pre.group(1), "next": "/"},
                       follow_redirects=False)
