"""Settings: settings.yaml parsed once into one frozen, validated object.

A wrong setting stops start-up with one line that names the key and the problem, e.g.
``sources[2].interval: must be at least 30 seconds``. Credentials are never literal: only
environment references such as ``${VK_TOKEN}``, resolved when a connector is built.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import Field, ValidationError, create_model, field_validator, model_validator

from connectors.registry import platforms, source_settings_type
from connectors.settings import ENV_REF, SourceSettings, StrictModel, Watch, env_ref, resolve_secret
from monitor.core.sections.notifications import NotificationSettings
from monitor.core.sections.publisher import PublisherSettings
from monitor.core.sections.workflow import DeadlinesConfig, UnitConfig, UserConfig, WorkflowConfig

__all__ = ["ENV_REF", "Settings", "SettingsError", "SourceSettings", "StrictModel", "Watch", "env_ref",
           "load_settings", "parse_settings", "resolve_secret"]

DEFAULT_SETTINGS = Path(__file__).resolve().parents[2] / "settings.yaml"
DATABASE_ENV = "OTKLIK_DATABASE_URL"
DATABASE_FORMS = "sqlite:///path/to/file.db or postgresql+psycopg://user@host/name"


class _SettingsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as written: a date stays the text it was (``2026-13-45`` too), so the settings'
    own validation can name the key instead of PyYAML failing on an impossible day."""


_SettingsLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class SettingsError(Exception):
    """A setting is wrong; the message is one line naming the key and the problem."""


class Schedule(StrictModel):
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


class _OwnAccounts(StrictModel):
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


class Organization(StrictModel):
    name: str = "Администрация муниципального района"  # settings.yaml names the district
    timezone: str = "Asia/Kamchatka"
    schedule: Schedule = Schedule()
    extra_days_off: list[str] = []  # ISO dates declared off locally (checked by the work calendar)
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


class Database(StrictModel):
    url: str = "sqlite:///var/otklik.db"

    @field_validator("url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        """Only databases the migrations are written for, with a driver that is installed."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(f"not a database URL; expected {DATABASE_FORMS}") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(f"unknown database {url.drivername!r}; expected {DATABASE_FORMS}")
        try:
            url.get_dialect().import_dbapi()
        except (NoSuchModuleError, ImportError):
            raise ValueError(f"database driver {url.drivername!r} is not installed; "
                             f"expected {DATABASE_FORMS}") from None
        return value


class IngestSettings(StrictModel):
    """How fetches are stored."""

    # The big pages of a fetch (a first poll of many walls) are labelled in a second process
    # while the page before is written: more messages a second where there is a second core
    # (none is used on one), for about 150 MB more memory while it runs.
    label_process: bool = True


class Address(StrictModel):
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)


class WebSettings(Address):
    """The web desk's port and its sign-in policy."""

    session_idle_minutes: int = Field(30, ge=1)  # signed out after this long without a request
    session_absolute_hours: int = Field(12, ge=1)  # signed out this long after signing in, whatever happens
    secure_cookies: bool = False  # set true behind https: cookies then travel only over TLS
    failures_before_lock: int = Field(5, ge=1)  # failed sign-ins (per login, per address) before the lock
    lock_minutes: int = Field(15, ge=1)
    # Who reads /metrics (monitor/web/metrics.py): a scraper sending this ${ENV} token as
    # ``Authorization: Bearer``, and, when metrics_from_loopback, anyone on this machine.
    metrics_token: str | None = None
    metrics_from_loopback: bool = True

    _metrics_ref = field_validator("metrics_token")(classmethod(lambda cls, v: env_ref(v)))
    uploads_dir: str = "var/uploads"  # photos attached to replies (p. 19), under the data dir, random names
    upload_max_mb: float = Field(5, gt=0, le=50)  # a larger photo is refused (VK itself takes up to 50 MB)


class SandboxSettings(StrictModel):
    host: str = "127.0.0.1"
    port: int = Field(8700, ge=1, le=65535)
    scenario: str | None = None  # path to a scenario YAML; None = the built-in one
    # How often every source is read while the sandbox stands in for the networks: it has no
    # rate limits, so an injected post is a card within seconds, not within a source's interval.
    poll_seconds: int = Field(5, ge=1, le=600)


# One ``sources[]`` entry: each platform's own settings model (connectors/<platform>/settings.py),
# told apart by ``platform`` through the connector registry.
if TYPE_CHECKING:
    Source = SourceSettings
else:
    Source = source_settings_type()


class Settings(StrictModel):
    organization: Organization = Organization()
    database: Database = Database()
    web: WebSettings = WebSettings()
    sandbox: SandboxSettings = SandboxSettings()
    watch: Watch = Watch()
    ingest: IngestSettings = IngestSettings()
    rules_dir: str = "rules"
    sources: list[Source] = []
    deadlines: DeadlinesConfig = DeadlinesConfig.model_validate({})
    workflow: WorkflowConfig = WorkflowConfig()
    units: list[UnitConfig] = []
    users: list[UserConfig] = []
    notifications: NotificationSettings = NotificationSettings()
    publisher: PublisherSettings = PublisherSettings()
    reports: dict[str, Any] = {}  # validated by monitor.reports.config
    base_dir: str = "."  # folder of settings.yaml: relative paths are resolved from it

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        for what, names in (("source name", [s.name for s in self.sources]),
                            ("unit code", [u.code for u in self.units]), ("login", [u.login for u in self.users])):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"{what} {name!r} is used twice")
                seen.add(name)
        codes = {u.code for u in self.units}
        for user in self.users:
            if user.unit and user.unit not in codes:
                raise ValueError(f"user {user.login!r}: unknown unit {user.unit!r}")
        return self

    @cached_property
    def locations(self) -> tuple[str, ...]:
        """Every location code the settings may name: the settlements of the rules, then the areas."""
        from monitor.core.places import location_codes

        return location_codes(self)

    def unit(self, code: str) -> UnitConfig | None:
        return next((u for u in self.units if u.code == code), None)

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
            out += ("." if out else "") + ("return" if part == "return_" else str(part))
    return out or "settings"


def _first_error(exc: ValidationError, from_env: bool = False) -> str:
    err = exc.errors()[0]
    msg = err["msg"]
    msg = re.sub(r"^(Value error|Assertion failed), ", "", msg)
    if err["type"] == "extra_forbidden":
        msg = "unknown setting"
    where = _location(tuple(err["loc"]))
    if from_env and where == "database.url":
        where += f" ({DATABASE_ENV})"
    return f"{where}: {msg}"


def parse_settings(data: dict[str, Any], base_dir: str | Path = ".") -> Settings:
    """Validate a settings mapping; raise SettingsError with one line on the first problem."""
    data = dict(data or {})
    data.setdefault("base_dir", str(base_dir))
    url = os.environ.get(DATABASE_ENV)
    if url:
        data["database"] = {**(data.get("database") or {}), "url": url}
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_first_error(exc, from_env=bool(url))) from None
    if any(unit.locations for unit in settings.units):  # the district's codes come from its rules
        for i, unit in enumerate(settings.units):
            if problem := unit.unknown_location(settings.locations):
                raise SettingsError(f"units[{i}].locations: {problem}")
    return settings


def load_settings(path: str | Path | None = None) -> Settings:
    """Read and validate settings.yaml (default: the project's own)."""
    p = Path(path) if path else DEFAULT_SETTINGS
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise SettingsError(f"{p}: cannot read settings ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SettingsError(f"{p}: line {line} is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                            "save the file in UTF-8") from None
    try:
        data = yaml.load(text, Loader=_SettingsLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise SettingsError(f"{p}:{where} is not valid YAML") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{p}: must be a mapping of settings")
    return parse_settings(data, base_dir=p.resolve().parent)
