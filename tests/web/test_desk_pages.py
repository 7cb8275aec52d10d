"""The queue (item 4), the card page and its actions (items 5, 6), notifications (item 7) and
message text rendered as text (item 12), through the real app and the workflow service."""

from __future__ import annotations

import re

from .conftest import csrf_of


def _post(client, url: str, **data: str):  # type: ignore[no-untyped-def]
    page = client.get(url.rsplit("/", 1)[0])
    return client.post(url, data={"csrf": csrf_of(page.text), **data}, follow_redirects=False)


def test_the_card_goes_from_route_to_approval_on_the_web(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Яма на дороге у школы")
    curator, executor = client_for("curator"), client_for("exec_gkh")
    page = curator.get(f"/cards/{card}").text
    assert "Направить" in page and "Яма на дороге у школы" in page
    page = curator.get(f"/cards/{card}").text
    answer = curator.post(f"/cards/{card}/route", data={"csrf": csrf_of(page), "unit": "gkh"}, follow_redirects=False)
    assert answer.status_code == 303 and desk.card(card).state == "assigned"
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделают до пятницы.").status_code == 303
    assert desk.card(card).state == "draft"
    page = curator.get(f"/cards/{card}").text
    assert "Так ответ будет опубликован" in page and "Согласовать" in page
    assert _post(curator, f"/cards/{card}/rework", reason="Укажите дату").status_code == 303
    assert desk.card(card).state == "rework"
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделают 6 марта.").status_code == 303
    assert _post(curator, f"/cards/{card}/approve").status_code == 303
    assert desk.card(card).state == "approved"
    history = curator.get(f"/cards/{card}").text
    assert history.index("Проект согласован") > history.index("История")  # the timeline names the approval
    assert "Проект возвращён на доработку" in history and "Укажите дату" in history
    assert "Проект согласован</strong> — Куратор (демо)" in history  # the official's name, not the login
    assert "Версия 2 (Исполнитель ЖКХ (демо)," in history and "[gkh]" not in history  # the unit by its name too


def test_a_refusal_of_the_workflow_is_shown_in_russian(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    curator = client_for("curator")
    answer = _post(curator, f"/cards/{card}/dismiss", reason="")
    assert answer.status_code == 409 and 'role="alert"' in answer.text
    assert desk.card(card).state == "new"


def test_the_preview_shows_the_reply_as_posted_with_a_counter(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    answer = _post(executor, f"/cards/{card}/preview", text="**Яму** заделают.")
    fitted = re.search(r'class="fitted">([^<]*)<', answer.text).group(1)  # type: ignore[union-attr]
    assert "**" not in fitted and "Иван" in fitted  # markup removed, the author addressed
    assert f"{len(fitted)} знаков" in answer.text.replace("&#39;", "'")


def test_hostile_message_text_renders_as_text(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">тык</a>'
    card = desk.open(text=hostile)
    curator = client_for("curator")
    for url in ("/queue", f"/cards/{card}"):
        page = curator.get(url)
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert 'href="javascript:' not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert page.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in re.sub(r'<script src="/static/htmx.min.js" defer></script>', "",
                                    curator.get(f"/cards/{card}").text)


def test_the_queue_puts_what_needs_action_first_then_the_nearest_deadline(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    routed = desk.open(text="первая: уже направлена")
    desk.do("route", routed, ["gkh"], actor="curator")
    desk.clock.advance(minutes=10)
    later = desk.open(text="вторая: новая")
    official = desk.open(text="третья: новая, официальная", official=True)
    page = client_for("curator").get("/queue").text
    order = [page.index(t) for t in ("третья", "вторая", "первая")]
    assert order == sorted(order)  # new ones first (nearest deadline first), the routed one after
    desk.clock.advance(hours=6)  # the official card's 4 working hours are gone: red
    page = client_for("curator").get("/queue").text
    row = page[page.index(f"№{official}"):page.index(f"№{later}")]
    assert "left red" in row and "просрочено" in row


def test_filters_search_and_pages(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    for n in range(53):
        desk.open(text=f"Сообщение Номер {n:02d} про дороги", topic="roads" if n % 2 else "water")
    curator = client_for("curator")
    first = curator.get("/queue").text
    assert first.count('class="row') == 50
    more = re.search(r'href="(/queue\?after=[^"]+)"', first).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    second = curator.get(more).text
    assert second.count('class="row') == 3
    ids = set(re.findall(r"/cards/(\d+)", first)) | set(re.findall(r"/cards/(\d+)", second))
    assert len(ids) == 53
    assert curator.get("/queue?topic=water").text.count('class="row') == 27
    assert curator.get("/queue?q=номер 07").text.count('class="row') == 1  # Cyrillic case folded
    assert curator.get("/queue?q=%").text.count('class="row') == 0  # a wildcard is a character
    assert curator.get("/queue/rows?topic=water").text.count('class="row') == 27  # what htmx polls


def test_notifications_show_unread_and_link_to_the_card(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from sqlalchemy import select

    from db.models import Notification, User

    card = desk.open()
    with desk.sessions() as s, s.begin():
        user = s.scalars(select(User).where(User.login == "curator")).one()
        s.add(Notification(key="t-1", user_id=user.id, channel="inbox", kind="critical_card", incident_id=card,
                           context={"incident_id": card, "excerpt": "Мост <через> реку смыло"}, status="sent", attempts=0,
                           created_at=desk.clock.now(), next_attempt_at=desk.clock.now() + timedelta(0)))
    curator = client_for("curator")
    page = curator.get("/notifications").text
    assert "Непрочитанных: 1" in page and f'href="/cards/{card}"' in page
    assert re.search(rf'Карточка обращения: <a href="(https?://[^"]+/cards/{card})">\1</a>', page)  # a link, not text
    assert "«Мост &lt;через&gt; реку смыло»" in page  # the rest of the text stays text
    assert 'aria-label="непрочитанных">1<' in page
    assert _post(curator, "/notifications/read").status_code == 303
    assert "Непрочитанных: 0" in curator.get("/notifications").text


def test_the_executor_returns_a_card_as_not_competent_and_the_curator_sees_the_reason(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["social"], actor="curator")
    executor = client_for("exec_social")
    assert "Вернуть куратору" in executor.get(f"/cards/{card}").text
    refused = _post(executor, f"/cards/{card}/return", reason="Дороги — не соцзащита")  # no reason from the list
    assert refused.status_code == 409 and "Выберите причину возврата из списка" in refused.text
    assert _post(executor, f"/cards/{card}/return", reason_code="other_unit",
                 reason="Дороги — не соцзащита").status_code == 303
    assert desk.card(card).state == "returned"
    assert executor.get(f"/cards/{card}").status_code == 200  # still theirs to read: it was routed to them
    curator = client_for("curator")
    assert "Возвращена куратору" in curator.get("/queue").text
    assert "Относится к компетенции другого подразделения: Дороги — не соцзащита" in curator.get(f"/cards/{card}").text


def test_a_wrong_address_is_a_russian_page_and_the_api_keeps_its_json(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    curator = client_for("curator")
    missing = curator.get("/kartochki")  # a mistyped link
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "Страница не найдена" in missing.text and 'href="/"' in missing.text
    not_a_number = curator.get("/cards/abc")  # a card number that is no number
    assert not_a_number.status_code == 422 and "Адрес или данные формы не подходят" in not_a_number.text
    assert curator.delete("/queue").status_code == 405
    api = curator.get("/api/v1/nothing-here")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
