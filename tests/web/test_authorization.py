"""Authorization on the server (issue 12 item 3), over every route of the app × every role.

The expectations are keyed by the app's own route table, so a new route fails this test until
someone says who may use it. An executor of another unit gets 404 on a card, as if it did not
exist; the head and the admin read but do not act.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount

from .conftest import csrf_of

WHO = ("anonymous", "curator", "head", "admin", "exec_gkh", "exec_social")
SIGNED = {"curator": 200, "head": 200, "admin": 200, "exec_gkh": 200, "exec_social": 200}


def page(anonymous: int = 303, **others: int) -> dict[str, int]:
    return {"anonymous": anonymous, **SIGNED, **others}


def admin_page(admin: int = 200, anonymous: int = 303) -> dict[str, int]:
    return {**page(anonymous, **{w: 403 for w in SIGNED}), "admin": admin}


# (method, path) -> expected status per person. The card is routed to gkh.
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/health"): page(anonymous=200),
    ("GET", "/login"): page(anonymous=200),
    ("POST", "/login"): {w: 403 for w in WHO},  # no form token: refused for everybody
    ("GET", "/password"): page(),
    ("POST", "/password"): page(anonymous=401, **{w: 400 for w in SIGNED}),  # wrong current password
    ("GET", "/"): page(**{w: 303 for w in SIGNED}),
    ("GET", "/queue"): page(),
    ("GET", "/queue/rows"): page(),
    # the curator's queue pages: bulk actions, a card by hand, excluded messages (the head and
    # the admin read the last); the form posts miss their fields, so nothing changes (400)
    ("POST", "/queue/bulk"): {"anonymous": 401, "curator": 400, "head": 403, "admin": 403, "exec_gkh": 403,
                              "exec_social": 403},
    ("GET", "/queue/new"): page(head=403, admin=403, exec_gkh=403, exec_social=403),
    ("POST", "/queue/new"): {"anonymous": 401, "curator": 400, "head": 403, "admin": 403, "exec_gkh": 403,
                             "exec_social": 403},
    ("GET", "/queue/excluded"): page(exec_gkh=403, exec_social=403),
    ("POST", "/queue/excluded/{message_id}/restore"): {"anonymous": 401, "curator": 400, "head": 403, "admin": 403,
                                                       "exec_gkh": 403, "exec_social": 403},
    ("GET", "/cards/{card_id}"): page(exec_social=404),
    ("POST", "/cards/{card_id}/preview"): page(anonymous=401, exec_social=404),
    # approve on a card waiting for a draft: the workflow refuses the curator (409) and the
    # executor (409, not their action); head and admin are stopped before it (403)
    ("POST", "/cards/{card_id}/{action}"): {"anonymous": 401, "curator": 409, "head": 403, "admin": 403,
                                            "exec_gkh": 409, "exec_social": 404},
    # the card's attachments (a photo of the card exists) and a reply template put into the editor
    ("GET", "/cards/{card_id}/attachments/{attachment_id}"): page(exec_social=404),
    ("POST", "/cards/{card_id}/attachments"): {"anonymous": 401, "curator": 400, "head": 403, "admin": 403,
                                               "exec_gkh": 400, "exec_social": 404},  # no file, no link: 400
    ("GET", "/cards/{card_id}/template"): page(exec_social=404),
    ("POST", "/cards/{card_id}/attachments/{attachment_id}/remove"): {
        "anonymous": 401, "curator": 303, "head": 403, "admin": 403, "exec_gkh": 303, "exec_social": 404},
    # reply templates: the admin's (no title sent: 400)
    ("GET", "/admin/templates"): page(**{w: 403 for w in SIGNED if w != "admin"}),
    ("POST", "/admin/templates"): {"anonymous": 401, **{w: 403 for w in SIGNED}, "admin": 400},
    ("POST", "/admin/templates/{template_id}"): {"anonymous": 401, **{w: 403 for w in SIGNED}, "admin": 400},
    ("POST", "/admin/templates/{template_id}/delete"): {"anonymous": 401, **{w: 403 for w in SIGNED},
                                                        "admin": 303},
    ("GET", "/notifications"): page(),
    ("POST", "/notifications/read"): page(anonymous=401, **{w: 303 for w in SIGNED}),
    # the head's pages: the head and the curator read them; only the head acknowledges (no case 999: 404)
    ("GET", "/dashboard"): page(admin=403, exec_gkh=403, exec_social=403),
    ("POST", "/dashboard/cases/{case_id}/acknowledge"): {"anonymous": 401, "curator": 403, "head": 404,
                                                         "admin": 403, "exec_gkh": 403, "exec_social": 403},
    ("GET", "/reports"): {w: 303 for w in WHO},  # leads to /reports/monthly, which says who may read it
    ("GET", "/reports/monthly"): page(admin=403, exec_gkh=403, exec_social=403),
    ("GET", "/reports/monthly/{code}/{fmt}"): page(admin=403, exec_gkh=403, exec_social=403),
    ("GET", "/reports/kpi"): page(admin=403, exec_gkh=403, exec_social=403),
    ("GET", "/static"): page(anonymous=200),  # the mount: htmx and the style sheet
    ("GET", "/tokens"): page(),
    ("POST", "/tokens"): page(anonymous=401, **{w: 400 for w in SIGNED}),  # no name given
    ("POST", "/tokens/{token_id}/revoke"): page(anonymous=401, **{w: 404 for w in SIGNED}),  # not theirs
    # the API: 401 without a session or token, JSON errors; the schema and its docs are public
    ("GET", "/api/openapi.json"): page(anonymous=200),
    ("GET", "/api/docs"): page(anonymous=200),
    ("GET", "/api/v1/cards"): page(anonymous=401),
    ("GET", "/api/v1/cards/{card_id}"): page(anonymous=401, exec_social=404),
    ("GET", "/api/v1/users"): page(anonymous=401, curator=403, head=403, exec_gkh=403, exec_social=403),
    ("GET", "/api/v1/sources"): page(anonymous=401, head=403, exec_gkh=403, exec_social=403),
    # metrics: only from loopback or with web.metrics_token; the test client is neither
    ("GET", "/metrics"): {w: 403 for w in WHO},
    # API actions get a form, not their JSON body: 422 once past who may act on the card at all;
    # approve has no body, so the workflow answers (409: the card waits for a draft)
    **{("POST", f"/api/v1/cards/{{card_id}}/actions/{action}"): {
        "anonymous": 401, "curator": 422, "head": 403, "admin": 403, "exec_gkh": 422, "exec_social": 404}
       for action in ("route", "return", "contribute", "draft", "rework", "publish", "close", "dismiss",
                      "exclude", "restore", "set_labels", "shorten")},
    ("POST", "/api/v1/cards/{card_id}/actions/approve"): {
        "anonymous": 401, "curator": 409, "head": 403, "admin": 403, "exec_gkh": 409, "exec_social": 404},
    # the admin's pages: the administrator alone; an unknown {op} reaches the handler (404)
    **{("GET", path): admin_page() for path in ("/admin/users", "/admin/users/{login}", "/admin/units",
                                                  "/admin/sources", "/admin/rules", "/admin/calendar")},
    ("POST", "/admin/users"): admin_page(admin=400, anonymous=401),  # no login in the form
    **{("POST", path): admin_page(admin=404, anonymous=401)
       for path in ("/admin/users/{login}/{op}", "/admin/sources/{name}/{op}", "/admin/rules/{op}")},
    ("POST", "/logout"): page(anonymous=401, **{w: 303 for w in SIGNED}),  # last: it ends the session
}


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _template(desk) -> int:  # type: ignore[no-untyped-def]
    from db.models import ReplyTemplate

    with desk.sessions() as s, s.begin():
        row = ReplyTemplate(topic=None, title="Общий", text="Спасибо за обращение.", updated_at=desk.clock.now(),
                            updated_by="admin")
        s.add(row)
        s.flush()
        return row.id


def _routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every (method, path) the app answers, routers included (FastAPI wraps included routers)."""
    out = set()
    for route in app.routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            assert not getattr(inner, "prefix", ""), "a prefixed router: add its prefix here"
            out |= _routes(inner)
        elif isinstance(route, APIRoute):
            out |= {(m, route.path) for m in route.methods if m != "HEAD"}
        elif isinstance(route, Mount):
            out.add(("GET", route.path))
        else:  # FastAPI's own docs routes are off; anything else must be listed
            out.add((next(iter(getattr(route, "methods", {"GET"}))), route.path))
    return out


def test_every_route_has_an_expectation(app) -> None:  # type: ignore[no-untyped-def]
    assert _routes(app) == set(EXPECTED)


@pytest.mark.parametrize("who", WHO)
def test_every_route_answers_each_role_as_expected(who, app, client_for, desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    attachment = desk.do("add_attachment", card, actor="exec_gkh", kind="photo", name="яма.png", size=len(PNG),
                         content_type="image/png", path=str(photo)).id
    template = _template(desk)
    client = client_for(None if who == "anonymous" else who)
    token = csrf_of(client.get("/password").text) if who != "anonymous" else "none"
    got = {}
    for method, path in EXPECTED:
        url = path.replace("{card_id}", str(card)).replace("{action}", "approve").replace("{token_id}", "999")
        url = url.replace("{case_id}", "999").replace("{code}", "2026-03").replace("{fmt}", "docx")
        url = url.replace("{attachment_id}", str(attachment)).replace("{template_id}", str(template))
        url = url.replace("{message_id}", "1")
        url = url.replace("{login}", "exec_gkh").replace("{name}", "vk-walls").replace("{op}", "nothing")
        if path == "/static":
            url = "/static/htmx.min.js"
        answer = client.request(method, url, headers={"X-CSRF-Token": token}, data={"text": "Ответ"},
                                follow_redirects=False)
        got[(method, path)] = answer.status_code
    assert got == {key: value[who] for key, value in EXPECTED.items()}
    assert desk.card(card).state == "assigned"  # nobody changed anything


def test_an_executor_of_another_unit_does_not_see_the_card_in_the_queue(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет воды в доме по ул. Набережной")
    desk.do("route", card, ["gkh"], actor="curator")
    assert "Нет воды" in client_for("exec_gkh").get("/queue").text
    assert "Нет воды" not in client_for("exec_social").get("/queue").text
    assert "Нет воды" not in client_for("exec_social").get("/queue?q=воды").text
