"""Reading the xmlcalendar.ru XML format, in which official calendars are published.

``<calendar year="2027"><days><day d="01.01" t="1" h="1"/>...</days></calendar>``: ``t="1"`` a
non-working day, ``t="2"`` a shortened working day (on a Saturday or Sunday it is also a working
weekend day), ``t="3"`` a working weekend day. Attributes ``h`` (holiday id) and ``f`` (the day
a day off was moved from) are informative only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from monitor.workcal.yeardata import MAX_YEAR, MIN_YEAR, CalendarDataError, YearCalendar

_DAY = re.compile(r"^(\d{2})\.(\d{2})$")
# Some published files lack the space between two attributes (`date="2024.12.01"country="ru"`).
_GLUED_ATTRIBUTES = re.compile(r'(=\s*"[^"<>]*")(?=[A-Za-z_])')
DAY_OFF, SHORT, WORKING_WEEKEND = "1", "2", "3"


def _repair(text: str) -> str:
    return _GLUED_ATTRIBUTES.sub(r"\1 ", text)


def _year_of(root: ET.Element) -> int:
    raw = root.get("year")
    if raw is None:
        raise CalendarDataError('у элемента <calendar> нет атрибута year')
    if not re.fullmatch(r"\d{4}", raw.strip()):
        raise CalendarDataError(f'<calendar year="{raw}">: ожидается год из четырёх цифр')
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarDataError(f"год {year} вне допустимого диапазона {MIN_YEAR}-{MAX_YEAR}")
    return year


def _date_of(raw: str | None, year: int) -> date:
    match = _DAY.match((raw or "").strip())
    if not match:
        raise CalendarDataError(f'<day d="{raw}">: дата должна быть в виде ММ.ДД, например 01.01')
    try:
        return date(year, int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise CalendarDataError(f'<day d="{raw}">: такой даты нет в {year} году') from None


def parse_xmlcalendar(text: str, source: str = "") -> YearCalendar:
    """One year from an xmlcalendar.ru document; CalendarDataError names what is wrong."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise CalendarDataError("XML с DOCTYPE или ENTITY не принимается")
    try:
        root = ET.fromstring(_repair(text))
    except ET.ParseError as exc:
        raise CalendarDataError(f"файл не является корректным XML ({exc})") from None
    if root.tag != "calendar":
        raise CalendarDataError(f"корневой элемент должен быть <calendar>, а не <{root.tag}>")
    year = _year_of(root)
    days = root.find("days")
    if days is None:
        raise CalendarDataError("нет элемента <days> со списком дней")
    days_off: set[date] = set()
    working_weekends: set[date] = set()
    short: set[date] = set()
    seen: set[date] = set()
    for element in days:
        if element.tag != "day":
            raise CalendarDataError(f"в <days> допустимы только <day>, встречен <{element.tag}>")
        day = _date_of(element.get("d"), year)
        if day in seen:
            raise CalendarDataError(f'<day d="{element.get("d")}">: день указан дважды')
        seen.add(day)
        kind = (element.get("t") or "").strip()
        if kind == DAY_OFF:
            days_off.add(day)
        elif kind == SHORT:
            short.add(day)
            if day.weekday() >= 5:
                working_weekends.add(day)
        elif kind == WORKING_WEEKEND:
            working_weekends.add(day)
        else:
            raise CalendarDataError(
                f'<day d="{element.get("d")}" t="{element.get("t")}">: t должен быть '
                "1 (нерабочий день), 2 (сокращённый) или 3 (рабочий выходной)"
            )
    if not days_off:
        raise CalendarDataError("в <days> нет ни одного нерабочего дня (t=\"1\") — это не производственный календарь")
    return YearCalendar(
        year=year,
        days_off=frozenset(days_off),
        working_weekends=frozenset(working_weekends),
        short=frozenset(short),
        origin="loaded",
        source=source,
    )
