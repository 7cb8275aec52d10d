"""Decide whether `otklik run` uses the sandbox network, and what the sources look like then.

The sandbox runs only when asked (``--sandbox``) or on the demo set-up: no VK credential of any
enabled VK source resolves AND the database is the default demo file (``sqlite:///var/otklik.db``,
no ``OTKLIK_DATABASE_URL``), which is `make run` on a fresh clone. Anywhere else a credential the
settings reference but the environment lacks is an error naming it, never a silent fallback to
invented posts. In the sandbox every source points at it (VK API base, feed URLs, sandbox tokens).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.core.settings import ENV_REF, Database, RssSource, Settings, SettingsError, VkSource, resolve_secret

SANDBOX_SERVICE_TOKEN = "svc.sandbox"
DEMO_DATABASE = Database().url
CREDENTIALS = (("token", "токен VK"), ("reply_token", "токен сообщества VK"))


class MissingCredentials(SettingsError):
    """Credentials the settings reference are not in the environment; one line naming each."""


@dataclass(frozen=True)
class Mode:
    sandbox: bool
    reason: str  # why, for the start-up log


def sandbox_group_token(group_id: int | None) -> str:
    return f"grp.{group_id or 0}.sandbox"


def _vk_sources(settings: Settings) -> list[tuple[int, VkSource]]:
    return [(i, s) for i, s in enumerate(settings.sources) if isinstance(s, VkSource) and s.enabled]


def missing_credentials(settings: Settings) -> list[str]:
    """Each ``${ENV}`` credential an enabled source references whose variable is unset, as a phrase."""
    missing = []
    for index, source in _vk_sources(settings):
        for key, label in CREDENTIALS:
            ref = getattr(source, key)
            match = ENV_REF.match(ref or "")
            if match and resolve_secret(ref) is None:
                missing.append(f"не задан {label}: переменная окружения {match.group(1)} (sources[{index}].{key})")
    return missing


def is_demo(settings: Settings) -> bool:
    """`make run` on a fresh clone: VK sources without a single credential, the demo database."""
    vk = [source for _, source in _vk_sources(settings)]
    return (bool(vk) and settings.database.url == DEMO_DATABASE
            and not any(resolve_secret(s.token) or resolve_secret(s.reply_token) for s in vk))


def choose_mode(settings: Settings, flag: bool | None) -> Mode:
    """Sandbox or real networks, from ``--sandbox``/``--no-sandbox`` (``flag``) and the settings.

    Raises MissingCredentials when real networks are meant and a referenced credential is unset.
    """
    if flag:
        return Mode(True, "--sandbox")
    if flag is None and is_demo(settings):
        return Mode(True, f"no VK credentials and the demo database {DEMO_DATABASE}")
    missing = missing_credentials(settings)
    if missing:
        raise MissingCredentials("; ".join(missing) + " (для демонстрации: otklik run --sandbox)")
    return Mode(False, "--no-sandbox" if flag is False else "credentials configured")


@dataclass(frozen=True)
class SourceEndpoint:
    """Where one source talks to, and with which (already resolved) credentials."""

    api_base: str | None = None
    token: str | None = None
    reply_token: str | None = None
    url: str | None = None  # feeds


def endpoint_for(source: VkSource | RssSource, sandbox_base: str | None) -> SourceEndpoint:
    if isinstance(source, VkSource):
        if sandbox_base:
            return SourceEndpoint(api_base=f"{sandbox_base}/vk", token=SANDBOX_SERVICE_TOKEN,
                                  reply_token=sandbox_group_token(source.group_id))
        return SourceEndpoint(api_base=source.api_base, token=resolve_secret(source.token),
                              reply_token=resolve_secret(source.reply_token))
    if sandbox_base:
        return SourceEndpoint(url=f"{sandbox_base}/rss/{source.name}.xml")
    return SourceEndpoint(url=source.url)


def default_owner_id(settings: Settings) -> int | None:
    """The first community the settings watch: the sandbox's default wall for injected posts."""
    for s in settings.sources:
        if isinstance(s, VkSource) and s.walls:
            return s.walls[0]
    return None
