"""The head's pages (issue 12 item 8, issue 13 items 4 and 6): the dashboard, the monthly report
and the KPIs, read by the head and the curator; the head's «Ознакомлен» on a p. 25 case."""

from __future__ import annotations

import io
import re

from docx import Document as Docx
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import ActivityCase, Event
from monitor.activity.cases import report_to_head

from .conftest import csrf_of


def _figure(html: str, name: str) -> list[str]:
    """The values of one figure on the dashboard: today's, then the month's."""
    return re.findall(rf'data-figure="{name}">([^<(]*)', html)


def _seed(desk) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Three cards today (2 March): one critical and reported to the head, one routed to gkh."""
    routed = desk.open(text="Нет воды в доме по ул. Набережной", topic="water")
    desk.do("route", routed, ["gkh"], actor="curator")
    critical = desk.open(text="Обрушился мост через реку", importance="critical")
    desk.open(text="Когда починят фонарь?", topic="improvement")
    with desk.sessions() as s, s.begin():  # «Доложить главе» (p. 25)
        report_to_head(s, critical, actor="curator", now=desk.clock.now(), note="Мост")
    return routed, critical


def test_the_head_lands_on_the_dashboard_and_sees_the_figures(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    _routed, critical = _seed(desk)
    client = client_for("head")
    landing = client.get("/", follow_redirects=False)
    assert landing.headers["location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert [v.strip() for v in _figure(page.text, "received")] == ["3", "3"]
    assert [v.strip() for v in _figure(page.text, "critical")] == ["1", "1"]
    assert [v.strip() for v in _figure(page.text, "answered")] == ["0", "0"]
    assert f'href="/cards/{critical}"' in page.text  # the critical card and its case
    assert "Обрушился мост через реку" in page.text  # what the critical card is about, before opening it
    assert "<svg" in page.text and "Карточки и ответы за 30 дней" in page.text
    assert "<script" not in page.text.split("</head>")[1]  # the chart is markup, not script
    assert "Ознакомлен</button>" in page.text


def test_the_curator_reads_the_dashboard_without_the_acknowledge_button(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    _seed(desk)
    page = client_for("curator").get("/dashboard")
    assert page.status_code == 200
    assert "Ознакомлен</button>" not in page.text and "ожидает главы" in page.text


def test_the_heads_acknowledgement_is_recorded_once_in_the_history(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    _routed, critical = _seed(desk)
    with desk.sessions() as s:
        case_id = s.scalars(select(ActivityCase.id).where(ActivityCase.incident_id == critical)).one()
    client = client_for("head")
    token = csrf_of(client.get("/dashboard").text)
    done = client.post(f"/dashboard/cases/{case_id}/acknowledge", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    again = client.post(f"/dashboard/cases/{case_id}/acknowledge", data={"csrf": token}, follow_redirects=False)
    assert again.status_code == 409
    page = client.get("/dashboard").text
    assert "Ознакомлен</button>" not in page and "Ознакомлен 02.03.2026 10:00" in page
    with desk.sessions() as s:
        actions = [e.action for e in s.scalars(select(Event).where(Event.incident_id == critical))]
        case = s.get(ActivityCase, case_id)
        assert case is not None and case.acknowledged_by == "head"
    assert actions.count("head_acknowledged") == 1
    assert "Глава ознакомлен с докладом" in client.get(f"/cards/{critical}").text


def test_the_acknowledgement_needs_the_csrf_token(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    _routed, critical = _seed(desk)
    with desk.sessions() as s:
        case_id = s.scalars(select(ActivityCase.id).where(ActivityCase.incident_id == critical)).one()
    answer = client_for("head").post(f"/dashboard/cases/{case_id}/acknowledge", follow_redirects=False)
    assert answer.status_code == 403
    with desk.sessions() as s:
        assert s.get(ActivityCase, case_id).acknowledged_at is None  # type: ignore[union-attr]


def test_the_monthly_page_shows_the_months_tables_and_its_documents(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    _seed(desk)
    client = client_for("head")
    assert "Сводная информация о своевременности" in client.get("/reports").text  # as a person types it
    page = client.get("/reports/monthly?month=2026-03")
    assert page.status_code == 200
    assert "Своевременность по этапам (пп. 8-17)" in page.text
    assert "Топовые сообщения периода (п. 24)" in page.text
    assert re.search(r"<dt>Карточек</dt><dd>3</dd>", page.text)
    assert 'value="2026-03" selected' in page.text
    assert "Период: март 2026 г.\n" in page.text  # one full stop after «г.», not two
    docx = client.get("/reports/monthly/2026-03/docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert "сводная информация о своевременности работы в социальных сетях" in text.lower()
    xlsx = client.get("/reports/monthly/2026-03/xlsx")
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert "Карточки" in book.sheetnames
    cards = [r for r in book["Карточки"].iter_rows(min_row=3, values_only=True) if r[0] is not None]
    assert len(cards) == 3
    assert client.get("/reports/monthly?month=2026-13").status_code == 400


def test_the_kpi_page_takes_a_period(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    page = client_for("curator").get("/reports/kpi?from=2026-03-01&to=2026-03-02")
    assert page.status_code == 200
    assert "Показатели подразделений (п. 22)" in page.text and 'value="2026-03-01"' in page.text
    assert "Период: с 01.03.2026 по 02.03.2026. Медиана" in page.text
    assert client_for("head").get("/reports/kpi?from=2026-03-05&to=2026-03-01").status_code == 400


def test_executors_and_the_admin_do_not_see_the_heads_pages(desk, client_for) -> None:  # type: ignore[no-untyped-def]
    for login in ("exec_gkh", "admin"):
        client = client_for(login)
        assert client.get("/dashboard").status_code == 403
        assert client.get("/reports/monthly/2026-03/docx").status_code == 403
        assert "/dashboard" not in client.get("/queue").text  # no link in the menu either
