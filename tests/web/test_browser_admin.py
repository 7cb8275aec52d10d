"""The admin's pages in real headless Chromium (issue 12 item 9), acting by visible Russian labels.

``otklik run --sandbox`` runs as a subprocess; the administrator (password set with
``otklik user password``) creates a user and resets its password, and the new user signs in
with the one-time password shown; switches a source off (it stays off on reload); reloads the
rules into the running service (its log says so). Skipped without chromium, saying so.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..e2e.conftest import (
    ROOT,
    StartOtklik,
    free_port,
    otklik_env,
    project_settings,
    start_otklik,  # noqa: F401  (the fixture itself)
    write_settings,
)
from .browser_support import NEEDS_CHROMIUM, launch_chromium, russian_page

pytestmark = [pytest.mark.slow, NEEDS_CHROMIUM]
ADMIN_PASSWORD = "администратор-пароль-1"


def _sign_in(browser, base: str, login: str, password: str):  # type: ignore[no-untyped-def]
    page = russian_page(browser)
    page.goto(f"{base}/login")
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    try:
        page.wait_for_url(re.compile(r".*/queue.*"), timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"{login} not signed in: {page.url}\n{page.inner_text('body')[:500]}") from exc
    return page


def test_the_admin_creates_a_user_polls_and_disables_a_source_and_reloads_rules(tmp_path: Path, db_url: str,
                                                                     start_otklik: StartOtklik) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    data = project_settings()
    data["sandbox"]["port"], data["web"]["port"] = free_port(), free_port()
    settings = write_settings(tmp_path / "settings.yaml", data)
    env = otklik_env(OTKLIK_DATABASE_URL=db_url)
    done = subprocess.run([sys.executable, "-m", "monitor", "--settings", str(settings), "user", "password", "admin"],
                          input=ADMIN_PASSWORD + "\n", cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    service = start_otklik(settings, "--sandbox", env=env, cwd=tmp_path)
    service.wait_for("web.started", 60)
    base = f"http://127.0.0.1:{data['web']['port']}"

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        admin = _sign_in(browser, base, "admin", ADMIN_PASSWORD)
        admin.get_by_role("link", name="Администрирование").click()
        admin.get_by_label("Логин").fill("petrova")
        admin.get_by_label("ФИО").fill("Петрова Е. С.")
        admin.get_by_label("Роль").select_option("curator")
        admin.get_by_label("Электронная почта").fill("petrova@sobolevomr.ru")
        admin.get_by_role("button", name="Создать пользователя").click()
        expect(admin.get_by_text("Пользователь petrova создан")).to_be_visible()
        admin.get_by_role("link", name="petrova").click()
        admin.get_by_role("button", name="Сбросить пароль").click()
        shown = admin.locator("#one-time-password")
        expect(shown).to_be_visible()
        password = shown.inner_text().strip()
        petrova = _sign_in(browser, base, "petrova", password)
        expect(petrova.get_by_text("Петрова Е. С.")).to_be_visible()

        admin.get_by_role("link", name="Источники").click()
        since = service.mark()
        admin.get_by_role("button", name="Опросить сейчас vk-walls").click()
        expect(admin.get_by_text("Опрос источника vk-walls запрошен")).to_be_visible()
        service.wait_for("source.poll_requested", 30, since=since)  # the running service took it
        admin.get_by_role("button", name="Отключить vk-walls").click()
        expect(admin.get_by_text("Источник vk-walls отключён")).to_be_visible()
        admin.goto(f"{base}/admin/sources")  # a fresh GET: the switch was stored
        expect(admin.locator("#source-vk-walls")).to_contain_text("Отключён администратором")

        admin.get_by_role("link", name="Правила").click()
        since = service.mark()
        admin.get_by_role("button", name="Перезагрузить правила").click()
        expect(admin.get_by_text("Правила перезагружены")).to_be_visible()
        service.wait_for("rules.reloaded", 30, since=since)
        browser.close()
