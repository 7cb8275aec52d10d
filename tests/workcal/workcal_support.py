"""Helpers shared by the calendar tests (kept out of conftest so tests can import them)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

KAMCHATKA = ZoneInfo("Asia/Kamchatka")
BERLIN = ZoneInfo("Europe/Berlin")


def kam(text: str) -> datetime:
    """A wall-clock instant in Kamchatka, e.g. kam('2025-03-07 16:00')."""
    return datetime.fromisoformat(text).replace(tzinfo=KAMCHATKA)


def berlin(text: str) -> datetime:
    """A wall-clock instant in Berlin (fold=0 for an ambiguous hour)."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)
