"""The JSON API (issue 12 item 10): the workflow through /api/v1 with a personal token, the same
authorization as the pages, the queue's filters and keyset pagination, JSON errors in Russian."""

from __future__ import annotations

import base64

from sqlalchemy import select

from db.models import Source
from monitor.web.queue import Filters, queue

from .api_helpers import bearer
from .conftest import csrf_of

ACT = "/api/v1/cards/{}/actions/{}"


def test_a_card_goes_from_routing_to_approval_through_the_api(app, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Яма на дороге у школы")
    curator, executor = bearer(app, desk, "curator"), bearer(app, desk, "exec_gkh")
    answer = curator.post(ACT.format(card, "route"), json={"units": ["gkh"], "note": "срочно"})
    assert answer.status_code == 200 and answer.json()["state"] == "assigned"
    assert desk.card(card).state == "assigned"
    seen = executor.get(f"/api/v1/cards/{card}").json()
    assert seen["text"] == "Яма на дороге у школы" and "draft" in seen["actions"] and "approve" not in seen["actions"]
    assert "contribute" not in seen["actions"]  # one unit: its reply, no part of a joint one (p. 17)
    assert executor.post(ACT.format(card, "draft"), json={"text": "Яму заделают."}).json()["state"] == "draft"
    assert curator.post(ACT.format(card, "rework"), json={"reason": "Укажите дату"}).json()["state"] == "rework"
    executor.post(ACT.format(card, "draft"), json={"text": "Яму заделают 6 марта."})
    done = curator.post(ACT.format(card, "approve")).json()
    assert done["state"] == "approved" and desk.card(card).state == "approved"
    assert [d["version"] for d in done["drafts"]] == [1, 2] and done["drafts"][0]["decision"] == "rework"
    assert [e["action"] for e in done["history"]][-1] == "approved"
    assert {s["stage"] for s in done["stages"]} >= {"draft", "review", "publish"}
    assert {x["name"]: x["effective"] for x in done["labels"]}["topic"] == "roads"


def test_an_executor_of_another_unit_gets_404_by_api_as_by_page(app, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет воды в доме по ул. Набережной")
    desk.do("route", card, ["gkh"], actor="curator")
    other = bearer(app, desk, "exec_social")
    for answer in (other.get(f"/api/v1/cards/{card}"),
                   other.post(ACT.format(card, "return"), json={"reason": "не наше"})):
        assert answer.status_code == 404
        assert answer.json() == {"code": "not_found", "message": f"Карточка №{card} не найдена"}
    assert card not in [row["id"] for row in other.get("/api/v1/cards").json()["items"]]
    assert card in [row["id"] for row in bearer(app, desk, "exec_gkh").get("/api/v1/cards").json()["items"]]
    assert desk.card(card).state == "assigned"


def test_refusals_are_json_with_a_code_and_a_russian_message(app, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    curator, head = bearer(app, desk, "curator"), bearer(app, desk, "head")
    conflict = curator.post(ACT.format(card, "approve"))
    assert conflict.status_code == 409 and conflict.json()["code"] == "transition_not_allowed"
    assert conflict.json()["message"].startswith("Нельзя согласовать: карточка в состоянии «новая»")
    missing = curator.post(ACT.format(card, "dismiss"), json={})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_input"
    assert missing.json()["errors"] == [{"field": "reason", "message": "обязательное поле"}]
    blank = curator.post(ACT.format(card, "dismiss"), json={"reason": "  "})
    assert blank.status_code == 422 and "причину" in blank.json()["message"]  # the workflow's own words
    assert blank.json()["errors"] == [{"field": "reason", "message": "Укажите причину"}]  # no command-line flag
    unknown = curator.post(ACT.format(card, "route"), json={"units": ["nowhere"]})
    assert unknown.status_code == 422 and "Подразделение «nowhere» не найдено" in unknown.json()["message"]
    refused = head.post(ACT.format(card, "dismiss"), json={"reason": "спам"})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert bearer(app, desk, "curator").get("/api/v1/cards?state=nonsense").status_code == 422
    assert curator.get("/api/v1/nowhere").json() == {"code": "not_found", "message": "Не найдено"}
    assert desk.card(card).state == "new"


def test_the_list_pages_by_cursor_in_the_queue_order_with_its_filters(app, desk) -> None:  # type: ignore[no-untyped-def]
    cards = [desk.open(text=f"Обращение {n}") for n in range(5)]
    desk.do("route", cards[0], ["gkh"], actor="curator")
    curator = bearer(app, desk, "curator")
    seen, url = [], "/api/v1/cards?limit=2"
    while url:
        page = curator.get(url).json()
        assert len(page["items"]) <= 2
        seen += [row["id"] for row in page["items"]]
        url = f"/api/v1/cards?limit=2&cursor={page['next_cursor']}" if page["next_cursor"] else ""
    with desk.sessions() as s:
        from db.models import User

        user = s.scalars(select(User).where(User.login == "curator")).one()
        rows, _ = queue(s, user, Filters(), desk.clock.now(), page=100)
    assert seen == [r.id for r in rows] and sorted(seen) == sorted(cards)
    assert [r["id"] for r in curator.get("/api/v1/cards?state=assigned").json()["items"]] == [cards[0]]
    assert [r["id"] for r in curator.get("/api/v1/cards?unit=gkh").json()["items"]] == [cards[0]]
    assert [r["id"] for r in curator.get("/api/v1/cards", params={"q": "обращение 3"}).json()["items"]] == [cards[3]]
    for forged in ("1|2026-01-01T00:00:00|5", base64.urlsafe_b64encode(b"1|2026-01-01T00:00:00|5").decode()):
        answer = curator.get("/api/v1/cards", params={"cursor": forged})  # not ours; no time zone
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_input"


def test_a_session_cookie_needs_the_csrf_header_a_bearer_token_does_not(app, desk, client_for) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    browser = client_for("curator")
    refused = browser.post(ACT.format(card, "dismiss"), json={"reason": "спам"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf"
    assert desk.card(card).state == "new"
    token = csrf_of(browser.get("/password").text)
    assert browser.get(f"/api/v1/cards/{card}").status_code == 200  # reading needs no CSRF token
    answer = browser.post(ACT.format(card, "dismiss"), json={"reason": "спам"}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 200 and desk.card(card).state == "dismissed"
    other = desk.open()
    assert bearer(app, desk, "curator").post(ACT.format(other, "dismiss"), json={"reason": "спам"}).status_code == 200


def test_users_for_the_admin_and_sources_for_the_admin_and_curator(app, desk) -> None:  # type: ignore[no-untyped-def]
    with desk.sessions() as s, s.begin():
        s.add(Source(name="vk-walls", platform="vk", status="backoff", last_error="таймаут", failures=3))
    users = bearer(app, desk, "admin").get("/api/v1/users")
    assert users.status_code == 200
    assert {"login": "exec_gkh", "role": "executor", "unit": "gkh"}.items() <= next(
        u for u in users.json() if u["login"] == "exec_gkh").items()
    assert bearer(app, desk, "curator").get("/api/v1/users").status_code == 403
    sources = bearer(app, desk, "curator").get("/api/v1/sources").json()
    assert [(x["name"], x["status"], x["failures"], x["last_error"]) for x in sources] == [
        ("vk-walls", "backoff", 3, "таймаут")]
    assert bearer(app, desk, "exec_gkh").get("/api/v1/sources").status_code == 403


def test_the_schema_holds_only_the_api_and_its_docs_page_needs_no_script(client_for) -> None:  # type: ignore[no-untyped-def]
    anonymous = client_for(None)
    schema = anonymous.get("/api/openapi.json").json()
    assert schema["paths"] and all(path.startswith("/api/v1/") for path in schema["paths"])
    assert "/api/v1/cards/{card_id}/actions/route" in schema["paths"]
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()
    docs = anonymous.get("/api/docs")
    assert docs.status_code == 200 and "POST /api/v1/cards/{card_id}/actions/approve" in docs.text
    assert "<script>" not in docs.text and "cdn" not in docs.text.lower()
    assert "script-src 'self'" in docs.headers["content-security-policy"]
