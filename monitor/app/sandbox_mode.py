"""Decide whether `otklik run` uses the sandbox network, and what the sources look like then.

The sandbox runs only when asked (``--sandbox``) or on the demo set-up: no VK credential of any
enabled source resolves AND the database is the default demo file (``sqlite:///var/otklik.db``,
no ``OTKLIK_DATABASE_URL``), which is `make run` on a fresh clone. Anywhere else a credential the
settings reference but the environment lacks is an error naming it, never a silent fallback to
invented posts. In the sandbox every source points at it (VK API base, feed URLs, sandbox tokens).
"""

from __future__ import annotations

from dataclasses import dataclass

from connectors.settings import SourceSettings
from connectors.vk import VkSource
from monitor.core.settings import ENV_REF, Database, Settings, SettingsError, resolve_secret

DEMO_DATABASE = Database().url


class MissingCredentials(SettingsError):
    """Credentials the settings reference are not in the environment; one line naming each."""


@dataclass(frozen=True)
class Mode:
    sandbox: bool
    reason: str  # why, for the start-up log


def _credentialed_sources(settings: Settings) -> list[tuple[int, SourceSettings]]:
    """Enabled sources whose network takes credentials (a feed takes none)."""
    return [(i, s) for i, s in enumerate(settings.sources) if s.secrets and s.enabled]


def missing_credentials(settings: Settings) -> list[str]:
    """Each ``${ENV}`` credential an enabled source references whose variable is unset, as a phrase."""
    missing = []
    for index, source in _credentialed_sources(settings):
        for key, ref in source.credential_refs().items():
            label = source.secrets[key]
            match = ENV_REF.match(ref or "")
            if match and resolve_secret(ref) is None:
                missing.append(f"не задан {label}: переменная окружения {match.group(1)} (sources[{index}].{key})")
    return missing


def is_demo(settings: Settings) -> bool:
    """`make run` on a fresh clone: sources that take credentials without a single one, the demo database."""
    refs = [ref for _, source in _credentialed_sources(settings) for ref in source.credential_refs().values()]
    return (bool(refs) and settings.database.url == DEMO_DATABASE
            and not any(resolve_secret(ref) for ref in refs))


def choose_mode(settings: Settings, flag: bool | None) -> Mode:
    """Sandbox or real networks, from ``--sandbox``/``--no-sandbox`` (``flag``) and the settings.

    Raises MissingCredentials when real networks are meant and a referenced credential is unset.
    """
    if flag:
        return Mode(True, "--sandbox")
    if flag is None and is_demo(settings):
        return Mode(True, f"no network credentials and the demo database {DEMO_DATABASE}")
    missing = missing_credentials(settings)
    if missing:
        raise MissingCredentials("; ".join(missing) + " (для демонстрации: otklik run --sandbox)")
    return Mode(False, "--no-sandbox" if flag is False else "credentials configured")


def default_owner_id(settings: Settings) -> int | None:
    """The first community the settings watch: the sandbox's default wall for injected posts."""
    for s in settings.sources:
        if isinstance(s, VkSource) and s.walls:
            return s.walls[0]
    return None
