"""Helpers shared by the calendar tests (kept out of conftest so tests can import them)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from monitor.workcal import YearCalendar

KAMCHATKA = ZoneInfo("Asia/Kamchatka")
BERLIN = ZoneInfo("Europe/Berlin")


def kam(text: str) -> datetime:
    """A wall-clock instant in Kamchatka, e.g. kam('2025-03-07 16:00')."""
    return datetime.fromisoformat(text).replace(tzinfo=KAMCHATKA)


def berlin(text: str) -> datetime:
    """A wall-clock instant in Berlin (fold=0 for an ambiguous hour)."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def shared_calendar_file() -> Path | None:
    """``shared/data/ru-production-calendar.json`` beside the checkout (or a worktree's parent)."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "ru-production-calendar.json"
        if candidate.exists():
            return candidate
    return None


def shared_year(year: int, body: dict[str, Any]) -> YearCalendar:
    """A year of the shared file read on its own terms (ISO lists), independent of our format."""
    dates = lambda values: frozenset(date.fromisoformat(v) for v in values)  # noqa: E731
    return YearCalendar(
        year=year,
        days_off=dates(body["holidays"]) | dates(d["date"] for d in body["nonworking_all"]),
        working_weekends=dates(body["workdays"]),
        short=dates(body["short"]),
    )
