"""The head in real headless Chromium (issues 12 item 8, 13 item 4): signs in, lands on the
dashboard, reads its figures, acknowledges a p. 25 report and downloads the month's DOCX.

The web app runs in this process under uvicorn on a free port, over the web tests' desk (frozen
clock, SQLite); Debian's chromium is driven through its path, skipped without it.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from docx import Document as Docx

from monitor.activity.cases import report_to_head

from ..e2e.conftest import free_port
from .browser_support import NEEDS_CHROMIUM, launch_chromium, russian_page
from .conftest import PASSWORD

pytestmark = [pytest.mark.slow, NEEDS_CHROMIUM]


@pytest.fixture
def served(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_the_head_reads_the_dashboard_acknowledges_and_downloads_the_docx(desk, served: str,
                                                                         tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    routed = desk.open(text="Нет воды в доме по ул. Набережной", topic="water")
    desk.do("route", routed, ["gkh"], actor="curator")
    critical = desk.open(text="Обрушился мост через реку Соболевку", importance="critical")
    with desk.sessions() as s, s.begin():
        report_to_head(s, critical, actor="curator", now=desk.clock.now(), note="Мост")

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = russian_page(browser, accept_downloads=True)
        page.goto(f"{served}/login")
        page.get_by_label("Логин").fill("head")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(re.compile(r".*/dashboard$"), timeout=30_000)
        expect(page.get_by_role("heading", name="Обзор для главы")).to_be_visible()
        today = page.locator("section.tile", has_text="Сегодня")
        expect(today.locator('[data-figure="received"]')).to_have_text("2")
        expect(today.locator('[data-figure="critical"]')).to_have_text("1")
        expect(page.locator("svg.chart")).to_be_visible()  # the 30 days, drawn on the server
        expect(page.get_by_role("link", name=f"№{critical}", exact=True)).to_be_visible()  # its p. 25 case

        page.get_by_role("button", name="Ознакомлен").click()
        expect(page.get_by_text("Ознакомлен 02.03.2026 10:00")).to_be_visible()
        expect(page.get_by_role("button", name="Ознакомлен")).to_have_count(0)

        page.get_by_role("link", name="Отчёты").click()
        expect(page.get_by_role("heading", name="Своевременность по этапам (пп. 8-17)")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Скачать DOCX").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        browser.close()
    assert path.name == "report-2026-03.docx"
    text = "\n".join(p.text for p in Docx(io.BytesIO(path.read_bytes())).paragraphs).lower()
    assert "сводная информация о своевременности работы в социальных сетях" in text
