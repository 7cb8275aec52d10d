"""Personal access tokens (issue 12 item 10): made on «Токены доступа» or by ``otklik user token``,
shown once, stored hashed, revocable, with the last use, audited, never logged."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from db.models import ApiToken, AuditEntry
from monitor.cli.main import main

from .api_helpers import make_token
from .conftest import csrf_of


def _create(client: TestClient, name: str) -> tuple[str, str]:
    page = client.get("/tokens")
    answer = client.post("/tokens", data={"csrf": csrf_of(page.text), "name": name})
    assert answer.status_code == 200
    found = re.search(r'<code class="token">([^<]+)</code>', answer.text)
    assert found, "the new token is shown"
    return found.group(1), answer.text


def test_a_token_made_on_the_page_is_shown_once_and_signs_in_the_api(app, client_for, desk) -> None:  # type: ignore[no-untyped-def]
    browser = client_for("exec_gkh")
    token, _ = _create(browser, "Отчёты района")
    listing = browser.get("/tokens").text
    assert "Отчёты района" in listing and token not in listing
    with desk.sessions() as s:
        row = s.scalars(select(ApiToken)).one()
        assert row.token_hash != token and token not in row.token_hash and row.last_used_at is None
    api = TestClient(app, base_url="http://desk.test", headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/v1/cards").status_code == 200
    assert api.get("/api/v1/users").status_code == 403  # the owner's rights, no more
    with desk.sessions() as s:
        assert s.scalars(select(ApiToken)).one().last_used_at == desk.clock.now()
    assert "—" not in browser.get("/tokens").text.split("Отчёты района", 1)[1].split("</tr>", 1)[0]


def test_a_revoked_token_no_longer_works_and_both_steps_are_audited(app, client_for, desk) -> None:  # type: ignore[no-untyped-def]
    browser = client_for("curator")
    token, page = _create(browser, "интеграция")
    token_id = re.search(r'action="/tokens/(\d+)/revoke"', page).group(1)  # type: ignore[union-attr]
    api = TestClient(app, base_url="http://desk.test", headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/v1/cards").status_code == 200
    answer = browser.post(f"/tokens/{token_id}/revoke", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert answer.status_code == 303
    refused = api.get("/api/v1/cards")
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert "интеграция" not in browser.get("/tokens").text
    with desk.sessions() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action.like("token.%")).order_by(AuditEntry.id))
        audit = [(a.action, a.actor, (a.detail or {}).get("name")) for a in rows]
    assert audit == [("token.created", "curator", "интеграция"), ("token.revoked", "curator", "интеграция")]


def test_nobody_revokes_another_persons_token(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    make_token(desk, "exec_gkh")
    with desk.sessions() as s:
        other = s.scalars(select(ApiToken.id)).one()
    browser = client_for("curator")
    page = browser.get("/tokens").text
    assert browser.post(f"/tokens/{other}/revoke", data={"csrf": csrf_of(page)}).status_code == 404
    with desk.sessions() as s:
        assert s.get(ApiToken, other).revoked_at is None  # type: ignore[union-attr]


def test_a_wrong_or_malformed_bearer_token_is_401(app, desk) -> None:  # type: ignore[no-untyped-def]
    for header in ("Bearer otk_nothing", "Bearer ", "Basic Y3VyYXRvcjp4", "Bearer " + "x" * 500):
        client = TestClient(app, base_url="http://desk.test", headers={"Authorization": header})
        answer = client.get("/api/v1/cards")
        assert answer.status_code == 401 and answer.json()["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"


def test_a_token_of_a_deactivated_user_stops_working(app, desk) -> None:  # type: ignore[no-untyped-def]
    token = make_token(desk, "exec_social")
    with desk.sessions() as s, s.begin():
        from db.models import User

        s.scalars(select(User).where(User.login == "exec_social")).one().active = False
    client = TestClient(app, base_url="http://desk.test", headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/cards").status_code == 401


def test_no_token_reaches_the_log(client_for, capsys) -> None:  # type: ignore[no-untyped-def]
    token, _ = _create(client_for("head"), "мониторинг")
    logged = capsys.readouterr()
    assert "web.token_created" in logged.out + logged.err
    assert token not in logged.out + logged.err


@pytest.fixture
def _cli_database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def test_the_cli_makes_a_token_printed_once(_cli_database, app, desk, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["user", "token", "exec_gkh", "--name", "выгрузка"]) == 0
    out = capsys.readouterr().out
    token = re.search(r"^(otk_\S+)$", out, re.M).group(1)  # type: ignore[union-attr]
    client = TestClient(app, base_url="http://desk.test", headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/cards").status_code == 200
    with desk.sessions() as s:
        assert s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "token.created")).one() == "cli"
    assert main(["user", "token", "nobody", "--name", "x"]) == 2
    assert "nobody не найден" in capsys.readouterr().err
