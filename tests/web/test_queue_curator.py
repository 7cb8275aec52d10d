"""The curator's queue (issue 12 item 4): full-text search with Russian word forms, combinable
filters kept in the URL, keyset pages, bulk actions through the workflow, a card opened by hand
through the ingest pipeline, and excluded or dismissed messages restored. Runs on SQLite and,
with OTKLIK_DATABASE_URL, on PostgreSQL (``-m db``)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import Event, Message
from monitor.app.context import AppContext
from monitor.app.scheduler import make_pipeline
from monitor.web.app import WebDeps, create_app

from ..monitor.fakes import vk_comment, vk_post
from ..workflow.helpers import Desk, _classifier
from .conftest import csrf_of


def desk_app(desk: Desk):  # type: ignore[no-untyped-def]
    """The desk with the ingest pipeline `otklik run` gives it (classifier, card opener)."""
    ctx = AppContext(desk.settings, desk.clock)
    ctx.sessions, ctx.calendar, ctx.classifier = desk.sessions, desk.calendar, _classifier(desk.settings)
    ctx.workflow = desk.service
    deps = WebDeps(sessions=desk.sessions, settings=desk.settings, clock=desk.clock, service=lambda: desk.service,
                   base_url="http://desk.test", intake=lambda: make_pipeline(ctx))
    return create_app(deps)


@pytest.fixture
def app(desk: Desk):  # type: ignore[no-untyped-def]
    return desk_app(desk)


def ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a class="open" href="/cards/(\d+)"', html)]


def test_search_finds_other_word_forms(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    leak = desk.open(text="В доме на Набережной протекла крыша, вода в подъезде")
    pipe = desk.open(text="Труба протекает в подвале школы")
    road = desk.open(text="Яма на дороге по ул. Советской")
    curator = client_for("curator")
    assert sorted(ids(curator.get("/queue?q=протекает").text)) == sorted([leak, pipe])
    assert ids(curator.get("/queue?q=КРЫШИ протекают").text) == [leak]  # every word, any case and form
    assert ids(curator.get("/queue?q=дорога").text) == [road]
    assert ids(curator.get("/queue?q=электричество").text) == []
    assert ids(curator.get("/queue?q=протекла&topic=water").text) == []  # with a filter: none of topic water


def test_a_message_stored_by_ingest_is_searchable(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    """The bulk insert of ingest keeps the full-text index in step (SQLite: the FTS5 triggers)."""
    desk.poll(vk_post(1, "В Соболево на улице Советской огромная яма на дороге, машины ломаются"))
    card = desk.card_of("-100002_1")
    assert card is not None
    assert ids(client_for("curator").get("/queue?q=ломается машина").text) == [card.id]


def test_filters_combine_and_pages_stay_in_the_filtered_view(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    start = desk.clock.now()
    wanted = []
    for n in range(70):
        desk.clock.set(start - timedelta(days=n % 10))
        card = desk.open(text=f"Сообщение {n} о дороге", topic="roads" if n % 2 else "water",
                         importance="high" if n % 3 == 0 else "normal")
        if n % 2 and n % 3 == 0 and n % 10 <= 3:
            wanted.append(card)
    desk.clock.set(start)
    since = (start - timedelta(days=3)).date().isoformat()
    curator = client_for("curator")
    url = f"/queue?topic=roads&importance=high&from={since}&to={start.date().isoformat()}&network=vk"
    page = curator.get(url).text
    assert sorted(ids(page)) == sorted(wanted) and wanted
    assert curator.get(url.replace("network=vk", "network=telegram")).text.count('class="row') == 0
    every = []
    link: str | None = "/queue?topic=water"
    while link:
        html = curator.get(link).text
        every += ids(html)
        found = re.search(r'href="(/queue\?[^"]*after=[^"]+)"', html)
        link = found.group(1).replace("&amp;", "&") if found else None
        if link:
            assert "topic=water" in link  # the filter stays in the next page's link
    assert len(every) == len(set(every)) == 35


def test_overdue_and_unit_filters(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    late = desk.open(text="Старое обращение про свет")
    desk.clock.set(desk.clock.now() + timedelta(days=20))
    fresh = desk.open(text="Новое обращение про свет")
    desk.do("route", fresh, ["gkh"], actor="curator")
    curator = client_for("curator")
    assert ids(curator.get("/queue?overdue=1").text) == [late]
    assert ids(curator.get("/queue?unit=gkh").text) == [fresh]


def test_bulk_route_reports_each_card(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    one, two, gone = desk.open(), desk.open(), desk.open()
    desk.do("dismiss", gone, actor="curator", reason="спам")
    curator = client_for("curator")
    token = csrf_of(curator.get("/queue").text)
    answer = curator.post("/queue/bulk", data={"csrf": token, "action": "route", "unit": "gkh",
                                               "card": [str(one), str(two), str(gone)], "back": "/queue?topic=roads"})
    assert answer.status_code == 200
    assert "выполнено 2, не выполнено 1" in answer.text
    assert f"Карточка №{gone}</a>: не выполнено" in answer.text
    assert 'href="/queue?topic=roads"' in answer.text
    assert [desk.card(c).state for c in (one, two, gone)] == ["assigned", "assigned", "dismissed"]
    with desk.sessions() as s:
        for card in (one, two):
            assert [e.action for e in s.scalars(select(Event).where(Event.incident_id == card))].count("routed") == 1


def test_bulk_dismiss_needs_a_reason_and_is_the_curators(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    curator = client_for("curator")
    token = csrf_of(curator.get("/queue").text)
    refused = curator.post("/queue/bulk", data={"csrf": token, "action": "dismiss", "card": [str(card)]})
    assert refused.status_code == 400 and "Укажите причину" in refused.text
    done = curator.post("/queue/bulk", data={"csrf": token, "action": "dismiss", "reason": "не по адресу",
                                             "card": [str(card)]})
    assert done.status_code == 200
    assert (desk.card(card).state, desk.card(card).reason) == ("dismissed", "не по адресу")
    head = client_for("head")
    assert head.post("/queue/bulk", data={"csrf": csrf_of(head.get("/password").text), "action": "route",
                                          "unit": "gkh", "card": [str(card)]}).status_code == 403


def test_a_card_opened_by_hand_is_classified_and_found(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    curator = client_for("curator")
    form = curator.get("/queue/new").text
    assert "Личный приём" in form and "Телефон" in form
    answer = curator.post("/queue/new", data={
        "csrf": csrf_of(form), "channel": "phone", "author": "Мария Иванова",
        "text": "В Соболево на улице Лиственничной третий день нет воды, когда дадут?"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    card_id = int(answer.headers["location"].rsplit("/", 1)[1])
    card = desk.card(card_id)
    assert (card.state, card.platform, card.topic) == ("new", "phone", "water")  # the classifier's topic
    with desk.sessions() as s:
        message = s.get(Message, card.first_message_id)
        assert message is not None and message.author_name == "Мария Иванова"
        assert message.raw == {"opened_by": "curator", "channel": "phone"}
    assert card.reply_due_at is not None  # opened by the card opener: deadlines at once
    assert ids(curator.get("/queue?q=вода Лиственничная&network=phone").text) == [card_id]
    bad = curator.post("/queue/new", data={"csrf": csrf_of(form), "channel": "phone", "text": " "})
    assert bad.status_code == 400 and "Введите текст сообщения" in bad.text


def test_excluded_and_dismissed_are_listed_and_restored(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    threat = "Если квоту на рыбу в районе не дадут — я вас, чиновников, перестреляю, терять нечего"
    desk.poll(vk_post(1, "В Соболево на улице Советской огромная яма на дороге"), vk_comment(1, 2, threat))
    dismissed = desk.open(text="Реклама строительных материалов")
    desk.do("dismiss", dismissed, actor="curator", reason="реклама")
    curator = client_for("curator")
    page = curator.get("/queue/excluded").text
    assert "Угрозы" in page and "перестреляю" in page  # the rule's reason and the message
    reason = page[page.index("Причина: Угрозы"):].split("</p>")[0]
    assert "угроза расправой «перестрелять»" in reason and "по умолчанию" not in reason  # only p. 20's rules
    assert "Причина: реклама" in page
    assert "Яма на дороге" not in page and "огромная яма" not in page  # a card in work is not listed
    with desk.sessions() as s:
        bad = s.scalars(select(Message).where(Message.external_id == "-100002_1_c2")).one()
    first = desk.card(dismissed).first_message_id
    token = csrf_of(page)
    answer = curator.post(f"/queue/excluded/{bad.id}/restore", data={"csrf": token, "reason": "цитата, не угроза"},
                          follow_redirects=False)
    assert answer.status_code == 303
    opened = int(answer.headers["location"].rsplit("/", 1)[1])
    assert desk.card(opened).state == "new"
    assert desk.events(opened)[-1].note == "цитата, не угроза"
    again = curator.post(f"/queue/excluded/{first}/restore", data={"csrf": token, "reason": "это жалоба"},
                         follow_redirects=False)
    assert again.status_code == 303 and desk.card(dismissed).state == "new"
    assert desk.events(dismissed)[-1].note == "это жалоба"
    after = curator.get("/queue/excluded").text
    assert "перестреляю" not in after and "Реклама" not in after
    assert curator.get("/queue/excluded").status_code == 200
    assert client_for("exec_gkh").get("/queue/excluded").status_code == 403


def test_pages_across_states_keep_every_card_once_in_order(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    """Cards needing the curator first, then the rest, each by deadline: pages read state by
    state and merged lose none and repeat none."""
    start = desk.clock.now()
    cards = []
    for n in range(66):
        desk.clock.set(start - timedelta(hours=7 * n))
        cards.append(desk.open(text=f"Обращение {n}"))
    desk.clock.set(start)
    for card in cards[::3]:
        desk.do("route", card, ["gkh"], actor="curator")
    seen: list[int] = []
    link: str | None = "/queue"
    curator = client_for("curator")
    while link:
        html = curator.get(link).text
        seen += ids(html)
        found = re.search(r'href="(/queue\?[^"]*after=[^"]+)"', html)
        link = found.group(1).replace("&amp;", "&") if found else None
    assert sorted(seen) == sorted(cards)
    routed = set(cards[::3])
    assert seen == sorted(set(cards) - routed, key=lambda c: desk.card(c).reply_due_at) + sorted(
        routed, key=lambda c: desk.card(c).reply_due_at)


def test_a_row_shows_the_stage_deadline_that_comes_before_the_reply(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Опять нет света на Лесной")
    row = _row(client_for("curator").get("/queue").text, card)
    assert "направление исполнителю (п. 8): осталось 30 мин (рабочего времени)" in row  # not only the 8 hours
    assert "размещение ответа: осталось 8 ч" in row
    desk.clock.set(desk.clock.now() + timedelta(minutes=10))
    desk.do("route", card, ["gkh"], actor="curator")
    executor = _row(client_for("exec_gkh").get("/queue").text, card)
    assert "проект ответа куратору (п. 11): осталось 3 ч 50 мин" in executor  # 4 h before the reply's deadline
    assert "направление исполнителю" not in executor and "направление исполнителю" not in _row(
        client_for("curator").get("/queue").text, card)  # routed: that stage is done


def _row(html: str, card: int) -> str:
    start = html.index(f'href="/cards/{card}"')
    return re.sub(r"\s+", " ", html[start:html.index("</li>", start)])
