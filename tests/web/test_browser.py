"""The web desk in real headless Chromium (issue 12's check), acting by visible Russian labels.

One ``otklik run --sandbox`` serves the whole module (its own database and port), and one browser
with one signed-in page per person. A post injected into the sandbox shows up in the curator's
queue without a reload (htmx polling); the curator routes it, the executor drafts, the curator
sends it back, the executor reworks, the curator approves, the publisher posts it once
(``GET /_sandbox/replies``) and the card shows it published with the link. Also: a return as not
competent, a joint reply of two units (p. 17), an interim then a final reply (p. 15), a label
corrected with a reason (p. 8), a draft with a photo posted to the sandbox with it (p. 19).
Debian's chromium is driven by its path; without it the tests are skipped, saying so. With
OTKLIK_SCREENSHOTS=DIR the queue and the card are saved there (desk and phone width).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from db.models import Base

from ..e2e.conftest import OtklikProcess, free_port, otklik_env, project_settings, write_settings
from .browser_support import NEEDS_CHROMIUM, launch_chromium, russian_page

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, NEEDS_CHROMIUM]
TEXT = "В Соболево на улице Лиственничной третий день нет воды, когда дадут?"
# one card per scenario, injected together at start-up so they are read in one go
POSTS = {
    "return": "В Соболево на улице Брусничной упало дерево на провода, когда уберут?",
    "joint": "В Соболево на улице Морошковой нет отопления, пожилым нужна помощь с дровами",
    "interim": "В Соболево на улице Голубичной разбита дорога, когда отремонтируют?",
    "labels": "В Соболево на улице Рябиновой неделю не вывозят мусор",
    "photo": "В Соболево на улице Жимолостной яма у остановки, когда заделают?",
}
PASSWORDS = {"curator": "куратор-пароль-1", "exec_gkh": "исполнитель-пароль-1", "exec_social": "соцзащита-пароль-1"}
CARD_BOUND_MS = 60_000  # two sandbox polls (sandbox.poll_seconds), the queue's 10 s refresh, a busy machine
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


@dataclass
class Desk:
    """The running service and the people signed in to it."""

    base: str
    sandbox: str
    service: OtklikProcess
    browser: Any
    pages: dict[str, Any] = field(default_factory=dict)

    def page(self, login: str) -> Any:
        if login not in self.pages:
            self.pages[login] = _sign_in(self.browser, self.base, login)
        return self.pages[login]

    def replies(self, fragment: str) -> list[dict[str, Any]]:
        return [r for r in requests.get(f"{self.sandbox}/_sandbox/replies", timeout=10).json()
                if fragment in r.get("text", "")]

    def wait_replies(self, fragment: str, count: int = 1) -> list[dict[str, Any]]:
        """The sandbox's replies containing ``fragment`` once there are ``count`` (a bound, not a timing check)."""
        found = _until(lambda: (lambda r: r if len(r) >= count else None)(self.replies(fragment)), 60,
                       f"{count} sandbox replies with {fragment!r}\n{self.service.tail()}")
        return list(found)


def _until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


def _database(template: str, folder: Path) -> str:
    """The module's own copy of the migrated template (PostgreSQL: the template, emptied)."""
    if template.startswith("postgresql"):
        engine = create_engine(template)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return template
    shutil.copyfile(template, folder / "otklik.db")
    return f"sqlite:///{folder / 'otklik.db'}"


def _set_password(settings: Path, env: dict[str, str], login: str) -> None:
    done = subprocess.run([sys.executable, "-m", "monitor", "--settings", str(settings), "user", "password", login],
                          input=PASSWORDS[login] + "\n", cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def _sign_in(browser, base: str, login: str, width: int = 1280):  # type: ignore[no-untyped-def]
    page = russian_page(browser, width=width)
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


@pytest.fixture(scope="module")
def desk(_database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """``otklik run --sandbox`` on its own database with the scenarios' posts read in, and a browser."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("browser")
    data = project_settings()
    data["sandbox"]["port"], data["web"]["port"] = free_port(), free_port()
    for source in data["sources"]:  # read every sandbox.poll_seconds
        if source["platform"] == "vk":
            source["token_type"] = "user"  # the sandbox's operator token: photos are uploaded (p. 19)
    settings = write_settings(folder / "settings.yaml", data)
    env = otklik_env(OTKLIK_DATABASE_URL=_database(_database_template, folder))
    for login in PASSWORDS:
        _set_password(settings, env, login)
    service = OtklikProcess(settings, ["--sandbox"], env, folder).start()
    try:
        service.wait_for("web.started", 60)
        service.wait_for("source.polled", 60, source="vk-walls")
        base, sandbox = f"http://127.0.0.1:{data['web']['port']}", f"http://127.0.0.1:{data['sandbox']['port']}"
        for post in POSTS.values():
            injected = requests.post(f"{sandbox}/_sandbox/posts", json={"network": "vk", "text": post}, timeout=10)
            assert injected.status_code == 201, injected.text
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            yield Desk(base, sandbox, service, browser)
            browser.close()
    finally:
        service.close()
        (folder / "otklik.log").write_text("\n".join(service.lines), encoding="utf-8")  # to read after a failure


def _card(desk: Desk, login: str, fragment: str) -> str:
    """Open the card whose message has ``fragment`` from the person's queue; its address."""
    page = desk.page(login)
    deadline = time.monotonic() + CARD_BOUND_MS / 1000
    while True:
        page.goto(f"{desk.base}/queue?q={fragment}")
        row = page.locator("li.row", has_text=fragment)
        if row.count() or time.monotonic() > deadline:
            break
        time.sleep(2)
    row.first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/cards/\d+$"))
    return str(page.url)


def _route(desk: Desk, fragment: str, *units: str) -> str:
    from playwright.sync_api import expect

    curator = desk.page("curator")
    card_url = _card(desk, "curator", fragment)
    curator.get_by_label("Подразделение").select_option(list(units))
    curator.get_by_role("button", name="Направить", exact=True).click()
    expect(curator.get_by_text("Направлена исполнителю").first).to_be_visible()
    return card_url


def _draft(page, card_url: str, reply: str, kind: str | None = None) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(card_url)
    page.get_by_label("Текст ответа").fill(reply)
    if kind:
        page.get_by_label("Вид ответа").select_option(label=kind)
    page.get_by_role("button", name="Направить на согласование").click()
    expect(page.get_by_text("Проект на согласовании").first).to_be_visible()


def _approve(desk: Desk, card_url: str) -> None:
    from playwright.sync_api import expect

    curator = desk.page("curator")
    curator.goto(card_url)
    curator.get_by_role("button", name="Согласовать").click()
    # the publisher may post it before the page is back: approved, or already out
    expect(curator.get_by_text(re.compile("Ответ согласован|Ответ размещён|Дан промежуточный ответ")).first
           ).to_be_visible()


def _shows(page, card_url: str, words: str) -> None:  # type: ignore[no-untyped-def]
    """The card's headings (its state, the published reply) show ``words`` once the publisher has
    done its part (reloaded, with a bound). Not any text: the history may already list the event
    while the page's card was read a moment before it was written."""
    for _ in range(30):
        page.goto(card_url)
        if page.get_by_role("heading", name=re.compile(re.escape(words))).count():
            return
        time.sleep(1)
    raise AssertionError(f"{card_url} never showed {words!r}")


def test_a_post_goes_from_the_queue_to_a_published_reply(desk: Desk) -> None:
    from playwright.sync_api import expect

    curator = desk.page("curator")
    curator.goto(f"{desk.base}/queue")
    curator.get_by_label("Поиск").fill("Лиственничной")  # the sandbox's scenario fills pages of cards
    curator.get_by_role("button", name="Показать").click()
    expect(curator.get_by_text("Карточек нет")).to_be_visible()
    injected = requests.post(f"{desk.sandbox}/_sandbox/posts", json={"network": "vk", "text": TEXT}, timeout=10)
    assert injected.status_code == 201, injected.text
    row = curator.locator("li.row", has_text=TEXT)
    expect(row).to_be_visible(timeout=CARD_BOUND_MS)  # no reload: htmx polls the rows
    row.get_by_role("link").click()
    card_url = curator.url
    curator.get_by_label("Подразделение").select_option("gkh")
    curator.get_by_role("button", name="Направить", exact=True).click()
    expect(curator.get_by_text("Направлена исполнителю").first).to_be_visible()

    executor = desk.page("exec_gkh")
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
    expect(curator.locator(".diff ins").first).to_be_visible()  # the diff of the two versions
    curator.get_by_role("button", name="Согласовать").click()

    assert len(desk.wait_replies("водовоз стоит у школы")) == 1
    _shows(curator, card_url, "Ответ размещён")
    link = curator.get_by_role("link", name="Ответ в соцсети")
    expect(link).to_be_visible()
    assert link.get_attribute("href", timeout=5000).startswith("http")
    _shots(curator, "card")
    curator.goto(f"{desk.base}/queue")
    _shots(curator, "queue")
    time.sleep(3)  # the publisher runs again: still one reply
    assert len(desk.replies("водовоз стоит у школы")) == 1


def test_an_executor_returns_a_card_as_not_competent(desk: Desk) -> None:
    from playwright.sync_api import expect

    card_url = _route(desk, "Брусничной", "social")
    executor = desk.page("exec_social")
    executor.goto(card_url)
    executor.get_by_label("Причина возврата").select_option(label="Относится к компетенции другого подразделения")
    executor.get_by_label("Пояснение").fill("Провода — это электросети, не соцзащита")
    executor.get_by_role("button", name="Вернуть куратору").click()
    expect(executor.get_by_text("Возвращена куратору").first).to_be_visible()
    curator = desk.page("curator")
    curator.goto(card_url)
    expect(curator.locator("p.meta", has_text="возвращено куратору: Относится к компетенции другого подразделения: "
                                              "Провода — это электросети")).to_be_visible()
    expect(curator.get_by_role("button", name="Направить", exact=True)).to_be_visible()  # the curator routes again


def test_two_units_give_a_joint_reply(desk: Desk) -> None:
    from playwright.sync_api import expect

    card_url = _route(desk, "Морошковой", "gkh", "social")
    social = desk.page("exec_social")
    social.goto(card_url)
    social.get_by_label("Информация подразделения").fill("Соцзащита привезёт дрова пожилым в среду.")
    social.get_by_role("button", name="Направить информацию").click()
    expect(social.get_by_text("Соцзащита привезёт дрова").first).to_be_visible()
    _draft(desk.page("exec_gkh"), card_url, "Отопление дадут к вечеру; соцзащита привезёт дрова в среду.")
    curator = desk.page("curator")
    curator.goto(card_url)
    expect(curator.get_by_text("Части подразделений (п. 17)")).to_be_visible()
    _approve(desk, card_url)
    assert len(desk.wait_replies("соцзащита привезёт дрова в среду")) == 1
    _shows(curator, card_url, "Ответ размещён")


def test_an_interim_reply_then_the_final_one(desk: Desk) -> None:
    from playwright.sync_api import expect

    card_url = _route(desk, "Голубичной", "gkh")
    executor = desk.page("exec_gkh")
    _draft(executor, card_url, "Выясняем сроки ремонта, ответим до конца недели.", kind="Промежуточный ответ")
    _approve(desk, card_url)
    desk.wait_replies("Выясняем сроки ремонта")
    _shows(executor, card_url, "Дан промежуточный ответ")
    expect(executor.get_by_text("окончательный ответ после промежуточного (п. 15)").first).to_be_visible()
    _draft(executor, card_url, "Дорогу на Голубичной отремонтируют 20 июня.", kind="Окончательный")
    _approve(desk, card_url)
    assert len(desk.wait_replies("отремонтируют 20 июня")) == 1
    _shows(executor, card_url, "Ответ размещён")
    assert len(desk.replies("Выясняем сроки ремонта")) == 1


def test_the_curator_corrects_a_label_with_a_reason(desk: Desk) -> None:
    from playwright.sync_api import expect

    card_url = _card(desk, "curator", "Рябиновой")
    curator = desk.page("curator")
    assert card_url == curator.url
    expect(curator.get_by_text("правило:").first).to_be_visible()  # each label with its rule
    curator.get_by_label("Важность", exact=True).select_option(label="Критическая")
    curator.get_by_label("Причина исправления").fill("Мусор у детской площадки")
    curator.get_by_role("button", name="Исправить признаки").click()
    expect(curator.get_by_text("исправлено куратором").first).to_be_visible()
    expect(curator.get_by_text("Куратор исправил метки")).to_be_visible()
    expect(curator.get_by_text("Мусор у детской площадки").first).to_be_visible()


def test_a_draft_with_a_photo_is_posted_with_it(desk: Desk, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    card_url = _route(desk, "Жимолостной", "gkh")
    executor = desk.page("exec_gkh")
    executor.goto(card_url)
    photo = tmp_path / "яма.jpg"
    photo.write_bytes(JPEG)
    executor.get_by_label("Фотография (JPEG или PNG)").set_input_files(str(photo))
    executor.get_by_role("button", name="Приложить фото").click()
    expect(executor.locator("#attachments img")).to_have_count(1)
    executor.get_by_label("Текст ответа").fill("Яму у остановки заделали, фото прилагаем.")
    expect(executor.locator("#preview img")).to_have_count(1)  # the photo in the preview
    executor.get_by_role("button", name="Направить на согласование").click()
    expect(executor.get_by_text("Проект на согласовании").first).to_be_visible()
    _approve(desk, card_url)
    [reply] = desk.wait_replies("Яму у остановки заделали")
    assert [a for a in reply.get("attachments") or () if a.startswith("photo")], reply
    _shows(executor, card_url, "Ответ размещён")
