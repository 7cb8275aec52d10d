"""The notifications section: defaults, one-line errors naming the key, secrets only by reference."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.core.settings import SettingsError, load_settings, parse_settings
from monitor.notify.config import card_base_url


def test_project_settings_validate() -> None:
    """The shipped settings.yaml has a valid notifications section with both channels off."""
    config = load_settings().notifications
    assert config.smtp.enabled is False and config.telegram.enabled is False
    assert config.reminder_points == [0.5, 0.8]
    assert config.smtp.password == "${OTKLIK_SMTP_PASSWORD}"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"smtp": {"port": 70000}}, "notifications.smtp.port: Input should be less than or equal to 65535"),
        ({"smtp": {"password": "hunter2"}}, "notifications.smtp.password: must be an environment reference"),
        ({"telegram": {"token": "123:ABC"}}, "notifications.telegram.token: must be an environment reference"),
        ({"smtp": {"starttls": True, "ssl": True}}, "notifications.smtp: starttls and ssl exclude each other"),
        ({"smtp": {"from": "otklik"}}, "notifications.smtp.from: must be an email address"),
        ({"smtp": {"hots": "x"}}, "notifications.smtp.hots: unknown setting"),
        ({"reminder_points": [0.5, 1.2]}, "notifications.reminder_points: each point is a fraction"),
        ({"telegram": {"api_base": "api.telegram.org"}}, "notifications.telegram.api_base: must be an http(s) URL"),
        ({"retry": {"first_delay": 7200, "max_delay": 60}}, "notifications.retry: first_delay must not exceed"),
    ],
)
def test_wrong_setting_names_the_key(section: dict[str, Any], message: str) -> None:
    """An administrator sees one line naming the wrong key and what is wrong with it."""
    with pytest.raises(SettingsError) as info:
        parse_settings({"notifications": section})
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_card_links_follow_the_web_address() -> None:
    """Links point at notifications.base_url, or at the service's own web address."""
    settings = parse_settings({"web": {"host": "0.0.0.0", "port": 8081}})
    assert card_base_url(settings) == "http://127.0.0.1:8081"
    settings = parse_settings({"notifications": {"base_url": "https://otklik.sobolevomr.ru/"}})
    assert card_base_url(settings) == "https://otklik.sobolevomr.ru"
