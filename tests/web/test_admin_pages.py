"""The administrator's pages (issue 12 item 9) through the real app, signed in as ``admin``:
users (create, role, channels, absence, password, deactivation), sources (switch, check) and
rules (validate, reload into the running service). What is asserted is what people notice:
the page's words, who can sign in, who sees a card, what the poller and the labeler do."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from classifier.pipeline import Incoming
from connectors.base import Capabilities, TransientError
from db.models import Absence, AuditEntry, Source, User
from monitor.app.context import AppContext
from monitor.app.scheduler import make_labeler
from monitor.ingest.polling import SourcePoller
from monitor.sandbox import SandboxServer
from monitor.web.app import WebDeps, create_app

from ..project_classifier import RULES_DIR
from .conftest import csrf_of, sign_in


def _post(client: TestClient, page: str, action: str, **data: object):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf": token, **data}, follow_redirects=False)


def _audit(desk, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with desk.sessions() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _create_ivanova(admin: TestClient, **extra: str):  # type: ignore[no-untyped-def]
    data = {"login": "ivanova", "name": "Иванова А. П.", "role": "executor", "unit": "social",
            "email": "ivanova@sobolevomr.ru", "telegram": "123456789", **extra}
    return _post(admin, "/admin/users", "/admin/users", **data)


def test_the_admin_creates_a_user_and_a_bad_address_is_refused_in_russian(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    bad = _create_ivanova(admin, email="ivanova-at-sobolevo")
    assert bad.status_code == 400 and "Неверный адрес электронной почты" in bad.text
    assert 'value="Иванова А. П."' in bad.text  # what was typed stays in the form
    bad_chat = _create_ivanova(admin, telegram="чат иванова")
    assert bad_chat.status_code == 400 and "Неверный chat id Telegram" in bad_chat.text
    made = _create_ivanova(admin)
    assert made.status_code == 200 and "Пользователь ivanova создан (executor)" in made.text
    assert "Без пароля" in made.text
    with desk.sessions() as s:
        user = s.scalars(select(User).where(User.login == "ivanova")).one()
        assert (user.email, user.telegram_chat_id, user.notify_via) == (
            "ivanova@sobolevomr.ru", "123456789", ["email", "telegram"])
    assert [e.detail["login"] for e in _audit(desk, "user.created")] == ["ivanova"]


def test_a_reset_password_is_shown_once_and_signs_the_user_in(client_for, app, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    _create_ivanova(admin)
    answer = _post(admin, "/admin/users/ivanova", "/admin/users/ivanova/password")
    found = re.search(r'id="one-time-password">([^<]+)<', answer.text)
    assert answer.status_code == 200 and found, answer.text
    password = found.group(1)
    assert password not in admin.get("/admin/users/ivanova").text  # once
    person = TestClient(app, base_url="http://desk.test")
    signed = sign_in(person, "ivanova", password)
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    assert [e.actor for e in _audit(desk, "password.reset")] == ["admin"]
    with desk.sessions() as s:
        stored = s.scalars(select(User.password_hash).where(User.login == "ivanova")).one()
        assert stored and password not in stored
    person.close()


def test_a_role_change_is_audited_and_a_user_from_settings_is_changed_there(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    _create_ivanova(admin, role="curator", unit="")
    changed = _post(admin, "/admin/users/ivanova", "/admin/users/ivanova/role", role="head", unit="")
    assert changed.status_code == 200 and "изменены" in changed.text
    (entry,) = _audit(desk, "user.role_changed")
    assert entry.actor == "admin"
    assert entry.detail["before"]["role"] == "curator" and entry.detail["after"]["role"] == "head"
    no_unit = _post(admin, "/admin/users/ivanova", "/admin/users/ivanova/role", role="executor", unit="")
    assert no_unit.status_code == 400 and "Исполнителю нужно подразделение" in no_unit.text
    listed = _post(admin, "/admin/users/exec_gkh", "/admin/users/exec_gkh/role", role="curator", unit="")
    assert listed.status_code == 400 and "settings.yaml" in listed.text
    with desk.sessions() as s:
        assert s.scalars(select(User.role).where(User.login == "exec_gkh")).one() == "executor"


def test_notification_channels_need_their_address(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    _create_ivanova(admin, role="curator", unit="", email="", telegram="")
    refused = _post(admin, "/admin/users/ivanova", "/admin/users/ivanova/channels", email="", telegram="",
                    notify_via="telegram")
    assert refused.status_code == 400 and "Для уведомлений в Telegram нужен chat id" in refused.text
    saved = _post(admin, "/admin/users/ivanova", "/admin/users/ivanova/channels", email="", telegram="@ivanova_ap",
                  notify_via="telegram")
    assert saved.status_code == 200
    with desk.sessions() as s:
        user = s.scalars(select(User).where(User.login == "ivanova")).one()
        assert (user.telegram_chat_id, user.notify_via) == ("@ivanova_ap", ["telegram"])


def test_an_absence_gives_the_deputy_the_units_cards(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет воды в доме по ул. Набережной")
    desk.do("route", card, ["gkh"], actor="curator")
    assert client_for("exec_social").get(f"/cards/{card}").status_code == 404
    admin = client_for("admin")
    answer = _post(admin, "/admin/users/exec_gkh", "/admin/users/exec_gkh/absence", starts="2026-03-02",
                   ends="2026-03-06", deputy="exec_social", reason="отпуск")
    assert answer.status_code == 200 and "замещает exec_social" in answer.text
    with desk.sessions() as s:
        assert s.scalars(select(Absence)).one().reason == "отпуск"
    assert client_for("exec_social").get(f"/cards/{card}").status_code == 200


def test_deactivation_hands_the_open_cards_over_as_the_cli_does(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет воды в доме по ул. Набережной")
    desk.do("route", card, ["gkh"], actor="curator")
    admin = client_for("admin")
    answer = _post(admin, "/admin/users/exec_gkh", "/admin/users/exec_gkh/deactivate", deputy="exec_social")
    assert answer.status_code == 200, answer.text
    assert "Пользователь exec_gkh отключён" in answer.text
    assert f"Открытые обращения (№{card}) переданы: exec_social" in answer.text
    assert "осталось без исполнителя" in answer.text
    assert client_for("exec_social").get(f"/cards/{card}").status_code == 200
    self_off = _post(admin, "/admin/users/admin", "/admin/users/admin/deactivate")
    assert self_off.status_code == 400 and "Нельзя отключить самого себя" in self_off.text


class _Recorder:
    platform = "vk"
    capabilities = Capabilities()

    def __init__(self) -> None:
        self.fetches = 0

    def fetch(self, cursor):  # type: ignore[no-untyped-def]
        self.fetches += 1
        raise TransientError("сеть недоступна")


def test_a_disabled_source_is_not_polled_until_switched_on(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    connector = _Recorder()
    poller = SourcePoller("vk-walls", "vk", connector, None, desk.sessions, desk.clock, interval=60)  # type: ignore[arg-type]
    off = _post(admin, "/admin/sources", "/admin/sources/vk-walls/disable")
    assert off.status_code == 200 and "Отключён администратором" in off.text
    assert poller.poll() is None and connector.fetches == 0
    on = _post(admin, "/admin/sources", "/admin/sources/vk-walls/enable")
    assert "Источник vk-walls включён" in on.text
    poller.poll()
    assert connector.fetches == 1
    assert "Временно недоступен" in admin.get("/admin/sources").text and "сеть недоступна" in admin.get(
        "/admin/sources").text
    assert [e.action for e in _audit(desk, "source.disabled") + _audit(desk, "source.enabled")] == [
        "source.disabled", "source.enabled"]


def test_switching_a_stopped_source_on_lifts_the_stop(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    with desk.sessions() as s, s.begin():
        s.add(Source(name="vk-walls", platform="vk", status="stopped", failures=3, last_error="auth: токен отозван"))
    admin = client_for("admin")
    page = admin.get("/admin/sources").text
    assert "Остановлен из-за ошибки" in page and "auth: токен отозван" in page
    _post(admin, "/admin/sources", "/admin/sources/vk-walls/enable")
    with desk.sessions() as s:
        row = s.scalars(select(Source).where(Source.name == "vk-walls")).one()
        assert (row.status, row.failures, row.disabled) == ("ok", 0, False)


def test_a_poll_asked_for_now_is_persisted_for_the_service_and_audited(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    answer = _post(admin, "/admin/sources", "/admin/sources/vk-walls/poll")
    assert answer.status_code == 200
    assert "Опрос источника vk-walls запрошен" in answer.text and "опрос запрошен" in answer.text
    with desk.sessions() as s:
        assert s.scalars(select(Source.poll_requested_at).where(Source.name == "vk-walls")).one() is not None
    assert [e.action for e in _audit(desk, "source.poll_requested")] == ["source.poll_requested"]
    _post(admin, "/admin/sources", "/admin/sources/vk-walls/disable")
    refused = _post(admin, "/admin/sources", "/admin/sources/vk-walls/poll")
    assert "не опрашивается: сначала включите его" in refused.text
    assert "Опросить сейчас vk-walls" not in admin.get("/admin/sources").text  # no button for a switched-off source


def test_a_long_polled_source_has_no_poll_button_and_a_request_for_one_is_refused(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    page = admin.get("/admin/sources").text
    assert "Опросить сейчас vk-walls" in page and "Опросить сейчас vk-own-live" not in page
    assert "получает события сразу" in page.lower()
    refused = _post(admin, "/admin/sources", "/admin/sources/vk-own-live/poll")
    assert "опрашивать его вручную не нужно" in refused.text
    with desk.sessions() as s:  # nothing persisted: the service would take the request and drop it
        assert s.scalars(select(Source.poll_requested_at).where(Source.name == "vk-own-live")).one_or_none() is None
    assert _audit(desk, "source.poll_requested") == []


def test_every_network_is_named_as_officials_read_it(client_for) -> None:  # type: ignore[no-untyped-def]
    from connectors.registry import platform, platforms

    assert all(platform(name).title for name in platforms())  # each package names its network
    page = client_for("admin").get("/admin/sources").text
    assert '<span class="net">Сайт</span>' in page and '<span class="net">Facebook</span>' in page
    assert '<span class="net">web</span>' not in page and '<span class="net">facebook</span>' not in page


def test_the_connection_check_says_what_a_source_lacks(client_for) -> None:  # type: ignore[no-untyped-def]
    answer = _post(client_for("admin"), "/admin/sources", "/admin/sources/vk-walls/check")
    assert answer.status_code == 200
    assert "Настройки источника неполны" in answer.text


@pytest.fixture
def sandbox_app(desk):  # type: ignore[no-untyped-def]
    server = SandboxServer("127.0.0.1", 0).start()
    deps = WebDeps(sessions=desk.sessions, settings=desk.settings, clock=desk.clock, service=lambda: desk.service,
                   sandbox_base=server.base_url)
    yield create_app(deps)
    server.stop()


def test_the_connection_check_calls_the_sandbox_and_stores_nothing(sandbox_app, desk) -> None:  # type: ignore[no-untyped-def]
    with TestClient(sandbox_app, base_url="http://desk.test") as admin:
        sign_in(admin, "admin")
        answer = _post(admin, "/admin/sources", "/admin/sources/vk-walls/check")
    assert "Подключение работает" in answer.text, answer.text
    with desk.sessions() as s:
        assert s.scalars(select(Source).where(Source.name == "vk-walls")).one_or_none() is None  # no cursor moved


@pytest.fixture
def live(desk, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The running service's context on a copy of the rules, its labeler, and the desk on it."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    ctx = AppContext(desk.settings.model_copy(update={"rules_dir": str(rules)}), desk.clock)
    labeler = make_labeler(ctx)
    deps = WebDeps(sessions=desk.sessions, settings=ctx.settings, clock=desk.clock, service=lambda: desk.service,
                   reload_rules=ctx.reload_classifier)
    with TestClient(create_app(deps), base_url="http://desk.test") as admin:
        sign_in(admin, "admin")
        yield admin, labeler, rules


def _topic(labeler, text: str) -> str:  # type: ignore[no-untyped-def]
    return labeler.label_many([Incoming(text, "vk")], None)[0].topic


def test_rules_reload_into_the_running_labeler_and_a_broken_file_keeps_the_old(live) -> None:  # type: ignore[no-untyped-def]
    admin, labeler, rules = live
    text = "Зяблики поют у крыльца"
    assert _topic(labeler, text) != "animals"
    topics = rules / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        'strong: ["медвежий =2"', 'strong: ["зяблик =4", "медвежий =2"', 1), encoding="utf-8")
    checked = _post(admin, "/admin/rules", "/admin/rules/validate")
    assert "Правила проверены: ошибок нет" in checked.text
    assert _topic(labeler, text) != "animals"  # validating changes nothing
    reloaded = _post(admin, "/admin/rules", "/admin/rules/reload")
    assert reloaded.status_code == 200 and "Правила перезагружены" in reloaded.text
    assert _topic(labeler, text) == "animals"

    good = topics.read_text(encoding="utf-8")
    topics.write_text(good + "\n  broken: [unclosed\n", encoding="utf-8")
    broken = _post(admin, "/admin/rules", "/admin/rules/reload")
    assert broken.status_code == 400
    assert "Правила не перезагружены, действуют прежние" in broken.text
    assert "topics.yaml" in broken.text and re.search(r"line \d+", broken.text), broken.text
    assert _topic(labeler, text) == "animals"  # the rules in use stayed


def test_rule_files_are_shown_and_only_those(client_for) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    page = admin.get("/admin/rules")
    assert "topics.yaml" in page.text and "Перезагрузить правила" not in page.text  # no labeler here
    assert "min_score" in admin.get("/admin/rules?file=topics.yaml").text
    assert admin.get("/admin/rules?file=../settings.yaml").status_code == 404
    refused = _post(admin, "/admin/rules", "/admin/rules/reload")
    assert refused.status_code == 409 and "otklik run" in refused.text


def test_units_and_calendar_are_shown_read_only_saying_where_they_change(client_for) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    units = admin.get("/admin/units").text
    assert "Управление ЖКХ" in units and "Водоснабжение и водоотведение" in units and "settings.yaml" in units
    calendar = admin.get("/admin/calendar").text
    assert "2026" in calendar and "extra_days_off" in calendar


def test_making_someone_the_executor_of_a_unit_left_alone_fills_it(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    _post(admin, "/admin/users/exec_gkh", "/admin/users/exec_gkh/deactivate", deputy="exec_social")
    assert "без исполнителя" in admin.get("/admin/users").text
    _create_ivanova(admin, role="curator", unit="", email="", telegram="")
    moved = _post(admin, "/admin/users/ivanova", "/admin/users/ivanova/role", role="executor", unit="gkh")
    assert moved.status_code == 200, moved.text
    assert "без исполнителя" not in admin.get("/admin/users").text
