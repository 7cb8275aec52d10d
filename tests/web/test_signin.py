"""Sign-in (issue 12 item 2): argon2 hashes, server-side sessions that end, lockout, audit, CSRF."""

from __future__ import annotations

from sqlalchemy import select

from db.models import AuditEntry, User, WebSession
from monitor.web.app import COOKIE

from .conftest import PASSWORD, csrf_of, sign_in


def _audit(desk) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with desk.sessions() as s:
        return [(a.action, a.actor) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_sign_in_sets_a_safe_cookie_and_opens_the_queue(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    answer = sign_in(client, "curator")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    with desk.sessions() as s:
        stored = s.scalars(select(WebSession)).one()
        assert client.cookies.get(COOKIE) not in (stored.token_hash, None)  # only a digest is stored
        assert s.scalar(select(User.password_hash).where(User.login == "curator")).startswith("$argon2")
    page = client.get("/queue")
    assert page.status_code == 200 and "Очередь карточек" in page.text
    assert ("signin", "curator") in _audit(desk)


def test_wrong_password_is_refused_and_audited_without_the_password(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    answer = sign_in(client, "curator", "не-тот-пароль")
    assert answer.status_code == 401 and "Неверный логин или пароль" in answer.text
    assert client.get("/queue", follow_redirects=False).status_code == 303
    assert ("signin.failed", "curator") in _audit(desk)
    with desk.sessions() as s:
        assert all("не-тот-пароль" not in str(a.detail) for a in s.scalars(select(AuditEntry)))


def test_repeated_failures_lock_the_login_even_with_the_right_password(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    for _ in range(2):
        assert sign_in(client, "curator", "неверно").status_code == 401
    desk.clock.advance(minutes=1)
    assert sign_in(client, "curator", "неверно").status_code == 401  # the third failure starts a delay
    refused = sign_in(client, "curator")  # at once: still waiting, even with the right password
    assert refused.status_code == 401 and "Слишком много неудачных попыток" in refused.text
    for _ in range(2):
        desk.clock.advance(minutes=1)
        sign_in(client, "curator", "неверно")
    desk.clock.advance(minutes=5)  # five failures: locked for 15 minutes
    assert "Слишком много" in sign_in(client, "curator").text
    desk.clock.advance(minutes=11)
    assert sign_in(client, "curator").status_code == 303


def test_a_session_ends_when_idle_and_at_its_absolute_limit(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for("curator")
    desk.clock.advance(minutes=29)
    assert client.get("/queue").status_code == 200
    desk.clock.advance(minutes=31)  # idle for longer than web.session_idle_minutes (30)
    assert client.get("/queue", follow_redirects=False).status_code == 303
    client = client_for("curator")
    for _ in range(12 * 3 + 1):  # busy past 12 hours, never idle
        desk.clock.advance(minutes=20)
        answer = client.get("/queue", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_logout_revokes_the_session_on_the_server(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for("curator")
    token = client.cookies.get(COOKIE)
    page = client.get("/queue")
    assert client.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False).status_code == 303
    client.cookies.set(COOKIE, token)  # a copied cookie is worth nothing after sign-out
    assert client.get("/queue", follow_redirects=False).status_code == 303
    assert ("signout", "curator") in _audit(desk)


def test_a_post_without_the_csrf_token_is_refused(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for("curator")
    card = desk.open()
    refused = client.post(f"/cards/{card}/dismiss", data={"reason": "не по теме"})
    assert refused.status_code == 403
    assert desk.card(card).state == "new"
    wrong = client.post(f"/cards/{card}/dismiss", data={"reason": "не по теме"}, headers={"X-CSRF-Token": "x" * 32})
    assert wrong.status_code == 403 and desk.card(card).state == "new"
    assert client.post("/logout", follow_redirects=False).status_code == 403


def test_the_sign_in_form_needs_its_own_token(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    forged = client.post("/login", data={"login": "curator", "password": PASSWORD, "pre": "x", "next": "/"},
                         follow_redirects=False)
    assert forged.status_code == 403 and COOKIE not in client.cookies


def test_changing_the_password_ends_other_sessions(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    phone = client_for("curator")
    desk_pc = client_for("curator")
    page = desk_pc.get("/password")
    answer = desk_pc.post("/password", data={"csrf": csrf_of(page.text), "current": PASSWORD,
                                             "new": "новый-пароль-2", "repeat": "новый-пароль-2"},
                          follow_redirects=False)
    assert answer.status_code == 303
    assert phone.get("/queue", follow_redirects=False).status_code == 303
    assert sign_in(desk_pc, "curator", "новый-пароль-2").status_code == 303
    assert sign_in(client_for(None), "curator", PASSWORD).status_code == 401
    assert ("password.changed", "curator") in _audit(desk)


def test_next_goes_back_to_the_card_but_never_off_site(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    card = desk.open()
    first = client.get(f"/cards/{card}", follow_redirects=False)
    assert first.headers["location"] == f"/login?next=%2Fcards%2F{card}"
    page = client.get(first.headers["location"])
    assert f'value="/cards/{card}"' in page.text
    import re

    pre = re.search(r'name="pre" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = client.post("/login", follow_redirects=False,
                         data={"login": "curator", "password": PASSWORD, "pre": pre, "next": f"/cards/{card}"})
    assert answer.headers["location"] == f"/cards/{card}"
    client2 = client_for(None)
    page = client2.get("/login?next=//evil.example/")
    assert 'value="/"' in page.text


def test_sandbox_demo_users_get_a_password_once(desk) -> None:  # type: ignore[no-untyped-def]
    """With the sandbox, users without a password get one at first start; a set one is kept."""
    from monitor.web.auth import demo_passwords, verify_password

    with desk.sessions() as s, s.begin():
        s.scalars(select(User).where(User.login == "head")).one().password_hash = None
        s.scalars(select(User).where(User.login == "exec_social")).one().password_hash = None
        made = demo_passwords(s, desk.clock.now())
    assert set(made) == {"head", "exec_social"} and all(len(p) >= 8 for p in made.values())
    with desk.sessions() as s, s.begin():
        assert demo_passwords(s, desk.clock.now()) == {}  # printed once: the next start has none to show
        head = s.scalars(select(User).where(User.login == "head")).one()
        curator = s.scalars(select(User).where(User.login == "curator")).one()
        assert verify_password(head.password_hash, made["head"])
        assert verify_password(curator.password_hash, PASSWORD)


def test_no_password_or_session_token_reaches_the_log(client_for, capsys) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    sign_in(client, "curator", "неверный-пароль-7")
    sign_in(client, "curator")
    client.get("/queue")
    logged = capsys.readouterr()
    token = client.cookies.get(COOKIE)
    assert token and "web.signin" in logged.out + logged.err
    for secret in (PASSWORD, "неверный-пароль-7", token):
        assert secret not in logged.out + logged.err
