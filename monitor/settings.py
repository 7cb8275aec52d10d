"""Settings: settings.yaml parsed once into one frozen, validated object.

A wrong setting stops start-up with one line that names the key and the problem, e.g.
``sources[2].interval: must be at least 30 seconds``. Credentials are never literal: only
environment references such as ``${VK_TOKEN}``, resolved when a connector is built.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_validator

from connectors.registry import platforms, source_settings_type
from connectors.settings import ENV_REF, SourceSettings, Watch, resolve_secret  # noqa: F401  (re-exported: notify, sandbox_mode)

DEFAULT_SETTINGS = Path(__file__).resolve().parent.parent / "settings.yaml"
DATABASE_ENV = "OTKLIK_DATABASE_URL"


class SettingsError(Exception):
    """A setting is wrong; the message is one line naming the key and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Schedule(_Strict):
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = [
        "mon", "tue", "wed", "thu", "fri",
    ]
    start: str = "09:00"
    end: str = "18:00"
    lunch_start: str | None = "13:00"
    lunch_end: str | None = "14:00"

    @field_validator("start", "end", "lunch_start", "lunch_end")
    @classmethod
    def _hhmm(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("must be a time HH:MM")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Schedule:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        if (self.lunch_start is None) != (self.lunch_end is None):
            raise ValueError("lunch_start and lunch_end go together")
        if self.lunch_start and not (self.start < self.lunch_start < self.lunch_end < self.end):  # type: ignore[operator]
            raise ValueError("lunch must lie inside the working day")
        return self


class _OwnAccounts(_Strict):
    """The organization's own accounts per network: what they write is context, never work.

    ``vk`` is checked here; another network's list is named by its platform (``ok: [...]``,
    ``telegram: [...]``) and holds that network's author ids as written there.
    """

    vk: list[int] = []  # communities (negative ids) and officials' pages (positive ids)

    @field_validator("vk")
    @classmethod
    def _ids(cls, value: list[int]) -> list[int]:
        if 0 in value:
            raise ValueError("a VK id is never 0 (communities are negative, people positive)")
        return value

    def of(self, platform: str) -> frozenset[str]:
        """The own author ids on ``platform``, as its connector writes them (strings)."""
        return frozenset(str(i) for i in (getattr(self, platform, None) or ()))


# One list per registered network; another network's ids as written there (numbers or names).
if TYPE_CHECKING:
    OwnAccounts = _OwnAccounts
else:
    OwnAccounts = create_model(
        "OwnAccounts", __base__=_OwnAccounts,
        **{p: (list[int | str], []) for p in platforms() if p not in _OwnAccounts.model_fields},
    )


class Organization(_Strict):
    name: str = "Администрация муниципального района"  # settings.yaml names the district
    timezone: str = "Asia/Kamchatka"
    schedule: Schedule = Schedule()
    extra_days_off: list[str] = []  # ISO dates declared off locally
    extra_workdays: list[str] = []
    own_accounts: OwnAccounts = OwnAccounts()

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


class Database(_Strict):
    url: str = "sqlite:///var/otklik.db"


class Address(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)


class SandboxSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(8700, ge=1, le=65535)
    scenario: str | None = None  # path to a scenario YAML; None = the built-in one


# One ``sources[]`` entry: each platform's own settings model (connectors/<platform>/settings.py),
# told apart by ``platform`` through the connector registry.
if TYPE_CHECKING:
    Source = SourceSettings
else:
    Source = source_settings_type()


class Settings(_Strict):
    organization: Organization = Organization()
    database: Database = Database()
    web: Address = Address()
    sandbox: SandboxSettings = SandboxSettings()
    watch: Watch = Watch()
    rules_dir: str = "rules"
    sources: list[Source] = []
    # Sections owned by later parts of the service, validated by their own models.
    deadlines: dict[str, Any] = {}
    workflow: dict[str, Any] = {}
    units: list[dict[str, Any]] = []
    users: list[dict[str, Any]] = []
    notifications: dict[str, Any] = {}
    publisher: dict[str, Any] = {}
    base_dir: str = "."  # folder of settings.yaml: relative paths are resolved from it

    @model_validator(mode="after")
    def _unique_sources(self) -> Settings:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice")
            seen.add(source.name)
        return self

    def path(self, relative: str) -> Path:
        """A settings path resolved against the folder settings.yaml lives in."""
        p = Path(relative)
        return p if p.is_absolute() else Path(self.base_dir) / p


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in platforms() and out.endswith("]"):
            continue  # discriminator tag adds nothing a person needs
        else:
            out += ("." if out else "") + str(part)
    return out or "settings"


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    msg = err["msg"]
    msg = re.sub(r"^(Value error|Assertion failed), ", "", msg)
    if err["type"] == "extra_forbidden":
        msg = "unknown setting"
    return f"{_location(tuple(err['loc']))}: {msg}"


def parse_settings(data: dict[str, Any], base_dir: str | Path = ".") -> Settings:
    """Validate a settings mapping; raise SettingsError with one line on the first problem."""
    data = dict(data or {})
    data.setdefault("base_dir", str(base_dir))
    url = os.environ.get(DATABASE_ENV)
    if url:
        data["database"] = {**(data.get("database") or {}), "url": url}
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_first_error(exc)) from None


def load_settings(path: str | Path | None = None) -> Settings:
    """Read and validate settings.yaml (default: the project's own)."""
    p = Path(path) if path else DEFAULT_SETTINGS
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"{p}: cannot read settings ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise SettingsError(f"{p}:{where} is not valid YAML") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{p}: must be a mapping of settings")
    return parse_settings(data, base_dir=p.resolve().parent)
