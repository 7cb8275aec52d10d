"""When `otklik run` uses the sandbox: asked for, or the demo set-up; otherwise every credential
the settings reference must be in the environment, and the error names the missing ones."""

from __future__ import annotations

import pytest

from monitor.app.sandbox_mode import MissingCredentials, choose_mode
from monitor.core.settings import DATABASE_ENV, load_settings

OTHER_DATABASE = "postgresql+psycopg://otklik@db.sobolevomr.ru/otklik"
# The credentials of the project's other demo sources (OK, Telegram), set wherever VK's are.
OTHERS = {"OK_APP_SECRET": "s", "OK_TOKEN": "t", "TELEGRAM_BOT_TOKEN": "1:b"}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("VK_TOKEN", "VK_GROUP_TOKEN", *OTHERS, DATABASE_ENV):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("flag", "variables", "database", "sandbox"),
    [
        (None, {}, None, True),  # make run on a fresh clone
        (True, {}, OTHER_DATABASE, True),  # asked for
        (True, {"VK_TOKEN": "t", "VK_GROUP_TOKEN": "g"}, None, True),
        (None, {"VK_TOKEN": "t", "VK_GROUP_TOKEN": "g", **OTHERS}, None, False),
        (False, {"VK_TOKEN": "t", "VK_GROUP_TOKEN": "g", **OTHERS}, OTHER_DATABASE, False),
    ],
)
def test_the_sandbox_only_when_asked_or_on_the_demo_set_up(env: pytest.MonkeyPatch, flag: bool | None,
                                                           variables: dict[str, str], database: str | None,
                                                           sandbox: bool) -> None:
    """--sandbox, or no credentials on the demo database, is the sandbox; credentials are real."""
    for name, value in variables.items():
        env.setenv(name, value)
    if database:
        env.setenv(DATABASE_ENV, database)
    assert choose_mode(load_settings(), flag).sandbox is sandbox


@pytest.mark.parametrize(
    ("flag", "variables", "database", "named"),
    [
        (None, {}, OTHER_DATABASE, ["VK_TOKEN (sources[0].token)", "VK_GROUP_TOKEN (sources[0].reply_token)"]),
        (None, {"VK_TOKEN": "t"}, None, ["VK_GROUP_TOKEN (sources[0].reply_token)"]),
        (None, {"VK_GROUP_TOKEN": "g"}, OTHER_DATABASE, ["VK_TOKEN (sources[0].token)"]),
        (False, {}, None, ["VK_TOKEN (sources[0].token)", "VK_GROUP_TOKEN (sources[0].reply_token)"]),
    ],
    ids=["another database", "one token of two", "reading token missing", "--no-sandbox on the demo"],
)
def test_a_missing_credential_is_an_error_naming_it(env: pytest.MonkeyPatch, flag: bool | None,
                                                    variables: dict[str, str], database: str | None,
                                                    named: list[str]) -> None:
    """Outside the sandbox an unset variable is never a silent fallback: the error names each one."""
    for name, value in variables.items():
        env.setenv(name, value)
    if database:
        env.setenv(DATABASE_ENV, database)
    with pytest.raises(MissingCredentials) as refused:
        choose_mode(load_settings(), flag)
    message = str(refused.value)
    assert "\n" not in message and message.startswith("не задан")
    assert [part for part in ("VK_TOKEN (sources[0].token)", "VK_GROUP_TOKEN (sources[0].reply_token)")
            if part in message] == named
