"""Settings are validated at start-up with one line naming the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.core.settings import SettingsError, load_settings, parse_settings, resolve_secret

VK = {"name": "vk", "platform": "vk", "token": "${VK_TOKEN}", "walls": [-1]}
RSS = {"name": "news", "platform": "rss", "url": "https://example.org/rss"}


def _error(data: dict) -> str:  # type: ignore[type-arg]
    with pytest.raises(SettingsError) as info:
        parse_settings(data)
    return str(info.value)


def test_default_settings_are_valid() -> None:
    """The shipped settings.yaml starts as it is, on SQLite, in Kamchatka time."""
    settings = load_settings()
    assert settings.organization.timezone == "Asia/Kamchatka"
    assert {s.platform for s in settings.sources} >= {"vk", "rss"}


def test_short_interval_names_the_source() -> None:
    """A poll interval under 30 s is refused with the source's index in the key."""
    assert _error({"sources": [VK, RSS, {**RSS, "name": "b", "interval": 10}]}) == (
        "sources[2].interval: must be at least 30 seconds"
    )


def test_literal_token_is_refused() -> None:
    """A secret written into the file is refused: only ${ENV} references are allowed."""
    msg = _error({"sources": [{**VK, "token": "vk1.a.realsecret"}]})
    assert msg.startswith("sources[0].token: must be an environment reference")
    assert "realsecret" not in msg


def test_unknown_key_and_bad_timezone() -> None:
    """Typos and impossible values are named, not ignored."""
    assert _error({"sorces": []}) == "sorces: unknown setting"
    assert _error({"organization": {"timezone": "Mars/Olympus"}}).startswith("organization.timezone:")
    assert _error({"sources": [VK, {**VK}]}).endswith("is used twice")


def test_own_accounts_are_checked() -> None:
    """Own accounts are per network with real ids; `own` is a feed's flag, not a VK source's."""
    assert _error({"organization": {"own_accounts": {"vk": [0]}}}).startswith("organization.own_accounts.vk:")
    assert _error({"organization": {"own_accounts": {"myspace": [1]}}}) == (  # facebook is a network now
        "organization.own_accounts.myspace: unknown setting")
    assert _error({"sources": [{**VK, "own": True}]}) == "sources[0].own: unknown setting"
    assert parse_settings({"sources": [{**RSS, "own": True}]}).sources[0].own is True  # type: ignore[union-attr]


def test_database_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """OTKLIK_DATABASE_URL wins over the file."""
    monkeypatch.setenv("OTKLIK_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert parse_settings({}).database.url == "postgresql+psycopg://u@h/db"


def test_secret_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reference resolves from the environment; an unset variable means no credential."""
    monkeypatch.setenv("VK_TOKEN", "abc")
    monkeypatch.delenv("VK_GROUP_TOKEN", raising=False)
    assert resolve_secret("${VK_TOKEN}") == "abc"
    assert resolve_secret("${VK_GROUP_TOKEN}") is None


def test_check_config_cli_reports_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`otklik check-config` on a wrong file prints one line and exits 2."""
    from monitor.cli.main import main

    bad = tmp_path / "s.yaml"
    bad.write_text("sources:\n  - {name: a, platform: rss, url: 'http://x', interval: 5}\n", encoding="utf-8")
    assert main(["--settings", str(bad), "check-config"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["otklik: ошибка в настройках: sources[0].interval: must be at least 30 seconds"]


def test_bad_watch_query_points_at_the_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unclosed parenthesis in a watch query stops start-up naming the key and the column."""
    from monitor.cli.main import main
    from monitor.core.settings import DEFAULT_SETTINGS

    bad = tmp_path / "s.yaml"
    rules = DEFAULT_SETTINGS.parent / "rules"
    bad.write_text(f"rules_dir: {rules}\nwatch:\n  query: '(вода AND нет'\n", encoding="utf-8")
    assert main(["--settings", str(bad), "check-config"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("otklik: ошибка в настройках: watch.query: column ")


@pytest.mark.parametrize(("data", "message"), [
    ({"publisher": {"lease_seconds": 0}}, "publisher.lease_seconds: Input should be greater than or equal to 1"),
    ({"notifications": {"smtp": {"port": 70000}}},
     "notifications.smtp.port: Input should be less than or equal to 65535"),
    ({"deadlines": {"return": {"duration": "0m"}}}, "deadlines.return: duration must be positive"),
    ({"units": [{"code": "x", "name": "X", "locations": ["atlantis"]}]},
     "units[0].locations: unknown location 'atlantis'; accepted: "),
])
def test_every_section_is_checked_when_the_settings_load(data: dict, message: str) -> None:  # type: ignore[type-arg]
    """Each section is refused at load, in the same one-line form, not later when first used."""
    error = _error({**data, "rules_dir": str(Path(__file__).resolve().parents[2] / "rules")})
    assert error.startswith(message) and "\n" not in error


def test_sections_are_typed_and_frozen() -> None:
    """Every section is read from the one parsed object; none can change after loading."""
    settings = load_settings()
    assert settings.publisher.lease.total_seconds() == settings.publisher.lease_seconds
    assert settings.deadlines.reply.span.minutes == 480 and settings.workflow.repeat_same_unit is True
    assert settings.unit("gkh") is settings.units[0]
    with pytest.raises(ValueError):
        settings.publisher.max_attempts = 1  # type: ignore[misc]
