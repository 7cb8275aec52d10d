"""Which production calendar applies to a year: loaded, built in, by decree, or art. 112.

A year loaded with ``otklik calendar load`` (stored as ``<dir>/<year>.json``) overrides the
built-in one; a year in neither takes the decree's transfers from the ``holidays`` package
(``decreed.py``); a year that package knows no decree for falls back to the Labour Code alone,
and the service logs ``calendar.year_missing`` once per year and calendar object so somebody
loads the official one (``coverage.py`` warns 60 days ahead).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.core.logs import get_logger
from monitor.workcal.decreed import decreed_year
from monitor.workcal.statutory import statutory_year
from monitor.workcal.xmlcalendar import parse_xmlcalendar
from monitor.workcal.yeardata import (
    CalendarDataError,
    YearCalendar,
    dumps_years,
    years_from_json,
)

if TYPE_CHECKING:
    from monitor.core.settings import Settings

BUILTIN_DATA = Path(__file__).resolve().parent / "data" / "ru-production-calendar.json"
BUILTIN_SOURCE = "данные xmlcalendar.ru"  # unless a year names its own source
LOADED_DIR = "var/calendar"  # relative to the folder of settings.yaml, like the SQLite file


def loaded_calendar_dir(settings: Settings) -> Path:
    """Where ``otklik calendar load`` stores official years for this deployment."""
    return settings.path(LOADED_DIR)


@lru_cache(maxsize=1)
def builtin_years() -> Mapping[int, YearCalendar]:
    """The calendars shipped with the project (2020-2027), parsed once per process."""
    data = json.loads(BUILTIN_DATA.read_text(encoding="utf-8"))
    return {c.year: c for c in years_from_json(data, origin="builtin", source=BUILTIN_SOURCE)}


def read_calendar_file(path: Path) -> list[YearCalendar]:
    """Years from an xmlcalendar.ru XML file or a JSON file in the project's format."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CalendarDataError(f"не удалось прочитать файл ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CalendarDataError("файл не в кодировке UTF-8") from None
    stripped = text.lstrip()
    if not stripped:
        raise CalendarDataError("файл пуст")
    if stripped.startswith("<"):
        return [parse_xmlcalendar(stripped, source=path.name)]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarDataError(
            f"файл не является ни XML, ни корректным JSON (строка {exc.lineno}: {exc.msg})"
        ) from None
    return years_from_json(data, origin="loaded", source=path.name)


def load_directory(directory: Path | None) -> dict[int, YearCalendar]:
    """Years an administrator loaded earlier; an absent directory simply has none."""
    if directory is None or not directory.is_dir():
        return {}
    years: dict[int, YearCalendar] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            origin_file = data.get("source") if isinstance(data, dict) else None
            source = f"{path}, из {origin_file}" if origin_file else str(path)
            found = years_from_json(data, "loaded", source)
        except (OSError, ValueError) as exc:  # CalendarDataError and JSONDecodeError are ValueErrors
            raise CalendarDataError(f"{path}: загруженный календарь повреждён: {exc}") from None
        for calendar in found:
            years[calendar.year] = calendar
    return years


def store_years(directory: Path, calendars: Iterable[YearCalendar]) -> list[Path]:
    """Write each year to ``<directory>/<year>.json`` atomically; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for calendar in calendars:
        target = directory / f"{calendar.year}.json"
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{calendar.year}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(dumps_years([calendar], source=calendar.source))
            os.chmod(tmp, 0o644)  # mkstemp makes it private; a calendar is no secret
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


class ProductionCalendar:
    """The production calendar of any year, with the source of each year known.

    ``decreed`` gives a year from the decree's transfers or None (default: python-holidays).
    """

    def __init__(
        self,
        builtin: Mapping[int, YearCalendar] | None = None,
        loaded: Mapping[int, YearCalendar] | None = None,
        decreed: Callable[[int], YearCalendar | None] = decreed_year,
    ) -> None:
        self._builtin = dict(builtin_years() if builtin is None else builtin)
        self._loaded = dict(loaded or {})
        self._decreed = decreed
        self._fallbacks: dict[int, YearCalendar] = {}

    @classmethod
    def from_directory(cls, loaded_dir: Path | None) -> ProductionCalendar:
        """The built-in years overridden by those loaded into ``loaded_dir``."""
        return cls(loaded=load_directory(loaded_dir))

    def official_years(self) -> list[int]:
        """Years built in or loaded (a built-in year may be provisional, see its source)."""
        return sorted(set(self._builtin) | set(self._loaded))

    def covers(self, year: int) -> bool:
        """Whether ``year`` has more than art. 112: loaded, built in or known by decree."""
        return year in self._loaded or year in self._builtin or self._decreed(year) is not None

    def year(self, year: int) -> YearCalendar:
        """The calendar in force for ``year``; warns once when only art. 112 is known."""
        found = self._loaded.get(year) or self._builtin.get(year) or self._fallbacks.get(year)
        if found is not None:
            return found
        decreed = self._decreed(year)
        if decreed is not None:
            self._fallbacks[year] = decreed
            get_logger().info("calendar.year_decreed", year=year, source=decreed.source)
            return decreed
        fallback = statutory_year(year)
        self._fallbacks[year] = fallback
        get_logger().warning(
            "calendar.year_missing",
            year=year,
            fallback="art. 112 Labour Code",
            action="load the official calendar: otklik calendar load FILE",
        )
        return fallback
