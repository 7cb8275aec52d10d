"""The web desk in real headless Chromium (issue 12's check), acting by visible Russian labels.

``otklik run --sandbox`` runs as a subprocess on this test's database; a post injected into the
sandbox shows up in the curator's queue without a reload (htmx polling); the curator routes it,
the executor drafts, the curator sends it back, the executor reworks, the curator approves, the
publisher posts it once (``GET /_sandbox/replies``) and the card shows it published with the link.
Debian's chromium is driven by its path; without it the test is skipped, saying so. With
OTKLIK_SCREENSHOTS=DIR the queue and the card are saved there (desk and phone width).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ..e2e.conftest import (
    ROOT,
    StartOtklik,
    free_port,
    otklik_env,
    project_settings,
    start_otklik,  # noqa: F401  (the fixture itself)
    write_settings,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")]
TEXT = "В Соболево на улице Лиственничной третий день нет воды, когда дадут?"
PASSWORDS = {"curator": "куратор-пароль-1", "exec_gkh": "исполнитель-пароль-1"}
CARD_BOUND_MS = 100_000  # two sandbox polls (30 s each) plus the queue's 10 s refresh


def _set_password(settings: Path, env: dict[str, str], login: str) -> None:
    done = subprocess.run([sys.executable, "-m", "monitor", "--settings", str(settings), "user", "password", login],
                          input=PASSWORDS[login] + "\n", cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def _sign_in(browser, base: str, login: str, width: int = 1280):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU").new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(PASSWORDS[login])
    page.get_by_role("button", name="Войти").click()
    try:
        page.wait_for_url(re.compile(r".*/queue.*"), timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"{login} not signed in: {page.url}\n{page.inner_text('body')[:500]}") from exc
    return page


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("OTKLIK_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, width in (("desk", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_post_goes_from_the_queue_to_a_published_reply(tmp_path: Path, db_url: str,
                                                        start_otklik: StartOtklik) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    data = project_settings()
    data["sandbox"]["port"], data["web"]["port"] = free_port(), free_port()
    for source in data["sources"]:
        source["interval"] = 30
    settings = write_settings(tmp_path / "settings.yaml", data)
    env = otklik_env(OTKLIK_DATABASE_URL=db_url)
    for login in PASSWORDS:
        _set_password(settings, env, login)
    service = start_otklik(settings, "--sandbox", env=env, cwd=tmp_path)
    service.wait_for("web.started", 60)
    service.wait_for("source.polled", 60, source="vk-walls")
    base, sandbox = f"http://127.0.0.1:{data['web']['port']}", f"http://127.0.0.1:{data['sandbox']['port']}"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        curator = _sign_in(browser, base, "curator")
        curator.get_by_label("Поиск").fill("Лиственничной")  # the sandbox's scenario fills pages of cards
        curator.get_by_role("button", name="Показать").click()
        expect(curator.get_by_text("Карточек нет")).to_be_visible()
        injected = requests.post(f"{sandbox}/_sandbox/posts", json={"network": "vk", "text": TEXT}, timeout=10)
        assert injected.status_code == 201, injected.text
        row = curator.locator("li.row", has_text=TEXT)
        expect(row).to_be_visible(timeout=CARD_BOUND_MS)  # no reload: htmx polls the rows
        row.get_by_role("link").click()
        card_url = curator.url
        curator.get_by_label("Подразделение").select_option("gkh")
        curator.get_by_role("button", name="Направить", exact=True).click()
        expect(curator.get_by_text("Направлена исполнителю").first).to_be_visible()

        executor = _sign_in(browser, base, "exec_gkh")
        executor.goto(card_url)
        executor.get_by_label("Текст ответа").fill("Воду дадут завтра к 12:00.")
        expect(executor.locator("#preview")).to_contain_text("Воду дадут завтра")  # the preview as posted
        executor.get_by_role("button", name="Направить на согласование").click()
        expect(executor.get_by_text("Проект на согласовании").first).to_be_visible()

        curator.goto(card_url)
        curator.get_by_label("Что доработать").fill("Укажите, где стоит водовоз")
        curator.get_by_role("button", name="На доработку").click()
        expect(curator.get_by_text("На доработке").first).to_be_visible()

        executor.reload()
        executor.get_by_label("Текст ответа").fill("Воду дадут завтра к 12:00, водовоз стоит у школы.")
        executor.get_by_role("button", name="Направить на согласование").click()
        expect(executor.get_by_text("Проект на согласовании").first).to_be_visible()

        curator.goto(card_url)
        expect(curator.get_by_text("водовоз стоит у школы").first).to_be_visible()
        curator.get_by_role("button", name="Согласовать").click()

        deadline = time.monotonic() + 60
        replies: list[dict] = []  # type: ignore[type-arg]
        while time.monotonic() < deadline:
            replies = [r for r in requests.get(f"{sandbox}/_sandbox/replies", timeout=10).json()
                       if "водовоз стоит у школы" in r.get("text", "")]
            if replies:
                break
            time.sleep(1)
        assert len(replies) == 1, f"replies: {replies}\n{service.tail()}"

        for _ in range(30):
            curator.goto(card_url)
            if curator.get_by_text("Ответ размещён").count():
                break
            time.sleep(1)
        link = curator.get_by_role("link", name="Ответ в соцсети")
        expect(link).to_be_visible()
        assert link.get_attribute("href", timeout=5000).startswith("http")
        _shots(curator, "card")
        curator.goto(f"{base}/queue")
        _shots(curator, "queue")
        time.sleep(3)  # the publisher runs again: still one reply
        again = [r for r in requests.get(f"{sandbox}/_sandbox/replies", timeout=10).json()
                 if "водовоз стоит у школы" in r.get("text", "")]
        assert len(again) == 1
        browser.close()
