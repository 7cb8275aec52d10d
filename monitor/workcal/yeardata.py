"""One year of a production calendar, and the project's own JSON format for it.

The format is compact on purpose: per year, three lists of ``MM-DD`` dates::

    {"format": "otklik-production-calendar/1",
     "years": {"2027": {"days_off": ["01-01", ...], "working_weekends": [], "short": ["02-22"]}}}

``days_off`` are non-working days (holidays, transferred and decreed days off; weekend ones may
be listed too), ``working_weekends`` are Saturdays/Sundays that are working days by transfer,
``short`` are pre-holiday days one hour shorter (a working weekend day may be short as well).
A year may carry its own ``source`` (shown to people: where a provisional year came from) and
the document ``notes`` for developers.
Messages of :class:`CalendarDataError` reach administrators through the CLI, so they are Russian.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

FORMAT_TAG = "otklik-production-calendar/1"
MIN_YEAR, MAX_YEAR = 1990, 2100
Origin = Literal["builtin", "loaded", "decreed", "statutory"]
_LIST_KEYS = ("days_off", "working_weekends", "short")
_YEAR_SOURCE = "source"
_DOCUMENT_KEYS = ("format", "about", "notes", "source", "years")
_MM_DD = re.compile(r"^(\d{2})-(\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class CalendarDataError(ValueError):
    """Production-calendar data is malformed; the message names the problem (in Russian)."""


@dataclass(frozen=True)
class YearCalendar:
    """The production calendar of one year for a five-day week."""

    year: int
    days_off: frozenset[date]
    working_weekends: frozenset[date] = frozenset()
    short: frozenset[date] = frozenset()
    origin: Origin = field(default="builtin", compare=False)
    source: str = field(default="", compare=False)  # where it came from, for people

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise CalendarDataError(f"год {self.year} вне допустимого диапазона {MIN_YEAR}-{MAX_YEAR}")
        for name in _LIST_KEYS:
            for day in getattr(self, name):
                if day.year != self.year:
                    raise CalendarDataError(f"{name}: дата {day.isoformat()} не из {self.year} года")
        both = self.days_off & self.working_weekends
        if both:
            raise CalendarDataError(f"день {_first(both)} указан и нерабочим, и рабочим выходным")
        off_and_short = self.days_off & self.short
        if off_and_short:
            raise CalendarDataError(f"день {_first(off_and_short)} указан и нерабочим, и сокращённым")

    def holidays_on_weekdays(self) -> frozenset[date]:
        """Days off falling on Monday-Friday: what a five-day week actually loses."""
        return frozenset(d for d in self.days_off if d.weekday() < 5)


def _first(days: frozenset[date]) -> str:
    return min(days).isoformat()


def _parse_day(value: Any, year: int, where: str) -> date:
    if not isinstance(value, str):
        raise CalendarDataError(f"{where}: ожидается дата строкой ММ-ДД, получено {value!r}")
    match = _MM_DD.match(value)
    if match:
        y, m, d = year, int(match.group(1)), int(match.group(2))
    else:
        iso = _ISO.match(value)
        if not iso:
            raise CalendarDataError(f"{where}: {value!r} — ожидается дата в виде ММ-ДД или ГГГГ-ММ-ДД")
        y, m, d = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        if y != year:
            raise CalendarDataError(f"{where}: дата {value} не из {year} года")
    try:
        return date(y, m, d)
    except ValueError:
        raise CalendarDataError(f"{where}: {value!r} — такой даты нет") from None


def _parse_year_key(key: Any) -> int:
    text = str(key)
    if not re.fullmatch(r"\d{4}", text):
        raise CalendarDataError(f"years: ключ {key!r} — ожидается год из четырёх цифр")
    return int(text)


def year_from_mapping(year: int, body: Any, origin: Origin, source: str) -> YearCalendar:
    """One year from its ``{"days_off": [...], ...}`` mapping, validated."""
    if not isinstance(body, dict):
        raise CalendarDataError(f"years.{year}: ожидается объект с days_off, working_weekends, short")
    unknown = sorted(set(body) - {*_LIST_KEYS, _YEAR_SOURCE})
    if unknown:
        raise CalendarDataError(
            f"years.{year}: неизвестный ключ {unknown[0]!r} (допустимы: {', '.join(_LIST_KEYS)}, {_YEAR_SOURCE})"
        )
    own_source = body.get(_YEAR_SOURCE)
    if own_source is not None and not isinstance(own_source, str):
        raise CalendarDataError(f"years.{year}.{_YEAR_SOURCE}: ожидается строка")
    if "days_off" not in body:
        raise CalendarDataError(f"years.{year}: нет списка days_off")
    lists: dict[str, frozenset[date]] = {}
    for name in _LIST_KEYS:
        raw = body.get(name, [])
        if not isinstance(raw, list):
            raise CalendarDataError(f"years.{year}.{name}: ожидается список дат")
        days = [_parse_day(v, year, f"years.{year}.{name}[{i}]") for i, v in enumerate(raw)]
        lists[name] = frozenset(days)
    if not lists["days_off"]:
        raise CalendarDataError(f"years.{year}.days_off: список пуст — в году всегда есть праздники")
    return YearCalendar(
        year=year,
        days_off=lists["days_off"],
        working_weekends=lists["working_weekends"],
        short=lists["short"],
        origin=origin,
        source=own_source or source,
    )


def years_from_json(data: Any, origin: Origin = "loaded", source: str = "") -> list[YearCalendar]:
    """Every year in a document of the project's format (or one ``{"year": ..., ...}`` object)."""
    if not isinstance(data, dict):
        raise CalendarDataError("ожидается JSON-объект с ключом years")
    if "year" in data and "years" not in data:
        body = {k: v for k, v in data.items() if k not in ("year", *_DOCUMENT_KEYS)}
        return [year_from_mapping(_parse_year_key(data["year"]), body, origin, source)]
    tag = data.get("format", FORMAT_TAG)
    if tag != FORMAT_TAG:
        raise CalendarDataError(f"format: {tag!r} не поддерживается (ожидается {FORMAT_TAG!r})")
    unknown = sorted(set(data) - set(_DOCUMENT_KEYS))
    if unknown:
        raise CalendarDataError(f"неизвестный ключ {unknown[0]!r} (допустимы: {', '.join(_DOCUMENT_KEYS)})")
    years = data.get("years")
    if not isinstance(years, dict) or not years:
        raise CalendarDataError("years: ожидается непустой объект {\"ГГГГ\": {...}}")
    return [year_from_mapping(_parse_year_key(k), v, origin, source) for k, v in years.items()]


def year_to_mapping(calendar: YearCalendar) -> dict[str, list[str]]:
    """The ``{"days_off": [...], ...}`` body of one year, dates as ``MM-DD``."""
    return {
        name: [d.strftime("%m-%d") for d in sorted(getattr(calendar, name))] for name in _LIST_KEYS
    }


def dumps_years(calendars: list[YearCalendar], source: str = "") -> str:
    """A document of the project's format, one line per list so diffs stay readable."""
    lines = ["{", f'  "format": {json.dumps(FORMAT_TAG)},']
    if source:
        lines.append(f'  "source": {json.dumps(source, ensure_ascii=False)},')
    lines.append('  "years": {')
    ordered = sorted(calendars, key=lambda c: c.year)
    for i, cal in enumerate(ordered):
        body = year_to_mapping(cal)
        lines.append(f'    "{cal.year}": {{')
        for j, name in enumerate(_LIST_KEYS):
            comma = "," if j < len(_LIST_KEYS) - 1 else ""
            lines.append(f'      "{name}": {json.dumps(body[name])}{comma}')
        lines.append("    }" + ("," if i < len(ordered) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"
