"""Report periods: a month or any span of local dates, as UTC instants [start, end).

Every figure of a report is counted over one period; the months compared with it (the previous
one and the same month a year earlier) are periods too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from monitor.reports.labels import MONTHS, MONTHS_GENITIVE


@dataclass(frozen=True)
class Period:
    """Local days ``first``..``last`` (inclusive) in ``tz``; ``start``/``end`` are UTC instants."""

    first: date
    last: date
    tz: ZoneInfo

    # Cached: ``contains`` runs for every row of a month (half a million times for 50,000 cards).
    @cached_property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=self.tz).astimezone(UTC)

    @cached_property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=self.tz).astimezone(UTC)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def is_month(self) -> bool:
        return self.first.day == 1 and (self.last + timedelta(days=1)).day == 1 and self.first.month == self.last.month

    def contains(self, instant: datetime | None) -> bool:
        return instant is not None and self.start <= instant < self.end

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def title(self) -> str:
        """«ноябрь 2026 г.» for a month, «с 01.11.2026 по 15.11.2026» otherwise."""
        if self.is_month:
            return f"{MONTHS[self.first.month - 1]} {self.first.year} г."
        return f"с {self.first:%d.%m.%Y} по {self.last:%d.%m.%Y}"

    def title_genitive(self) -> str:
        """«за ноябрь 2026 г.» / «за период с … по …»."""
        if self.is_month:
            return f"за {self.title()}"
        return f"за период {self.title()}"

    def code(self) -> str:
        return f"{self.first:%Y-%m}" if self.is_month else f"{self.first:%Y-%m-%d}_{self.last:%Y-%m-%d}"


def month(year: int, month_no: int, tz: ZoneInfo) -> Period:
    first = date(year, month_no, 1)
    nxt = date(year + (month_no == 12), month_no % 12 + 1, 1)
    return Period(first, nxt - timedelta(days=1), tz)


def parse_month(text: str, tz: ZoneInfo) -> Period:
    """``2026-11`` → November 2026; ValueError with a Russian message otherwise."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"Месяц «{text}» не распознан: укажите его как ГГГГ-ММ, например 2026-11")
    return month(int(m.group(1)), int(m.group(2)), tz)


def parse_period(first: str, last: str, tz: ZoneInfo) -> Period:
    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        raise ValueError("Даты укажите как ГГГГ-ММ-ДД, например 2026-11-01") from None
    if b < a:
        raise ValueError(f"Конец периода ({b:%d.%m.%Y}) раньше его начала ({a:%d.%m.%Y})")
    return Period(a, b, tz)


def previous_month(period: Period) -> Period:
    d = period.first - timedelta(days=1)
    return month(d.year, d.month, period.tz)


def year_earlier(period: Period) -> Period:
    return month(period.first.year - 1, period.first.month, period.tz)


def day_title(day: date) -> str:
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."
