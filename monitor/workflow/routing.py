"""Which units a card belongs to, by competence (topic and location); pure, no database.

A unit is competent for a card when its topics include the card's topic and its locations
include the card's location. Among competent units the most local wins: a settlement's
administration (one location) comes before a district department that covers every location,
so improvement, waste or animals in a settlement go to its own administration. Secondary topics
of the message add their own best units. A repeat (p. 18) is suggested to the earlier card's
units first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    topics: frozenset[str]
    locations: frozenset[str]


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    reason: str  # Russian, shown to the curator


@dataclass(frozen=True)
class RoutingAdvice:
    suggestions: tuple[Suggestion, ...]
    unambiguous: bool  # exactly one unit and nothing else competes: auto-routing may act

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.suggestions]


def _best_for(units: Sequence[UnitInfo], topic: str, location: str) -> list[UnitInfo]:
    competent = [u for u in units if topic in u.topics and location in u.locations]
    if not competent:
        return []
    narrowest = min(len(u.locations) for u in competent)
    return [u for u in competent if len(u.locations) == narrowest]


def suggest_units(units: Sequence[UnitInfo], *, topic: str | None, location: str | None,
                  topics: Iterable[str] = (), previous: Sequence[str] = ()) -> RoutingAdvice:
    """Units to route a card to, best first, each with the reason it is suggested."""
    by_code = {u.code: u for u in units}
    out: list[Suggestion] = []
    seen: set[str] = set()

    def add(unit: UnitInfo, reason: str) -> None:
        if unit.code not in seen:
            seen.add(unit.code)
            out.append(Suggestion(unit.code, unit.name, reason))

    for code in previous:
        if code in by_code:
            add(by_code[code], "повторное обращение: то же подразделение, что и ранее (п. 18)")
    primary_topic = topic or "other"
    place = location or "unknown"
    primary = _best_for(units, primary_topic, place)
    if not primary and place != "unknown":
        primary = _best_for(units, primary_topic, "district")
    for unit in primary:
        add(unit, f"компетенция: тема «{primary_topic}», локация «{place}»")
    extra = 0
    for other in topics:
        if other == primary_topic:
            continue
        for unit in _best_for(units, other, place):
            if unit.code not in seen:
                extra += 1
            add(unit, f"компетенция: дополнительная тема «{other}»")
    unambiguous = len(out) == 1 and not previous and extra == 0 and len(primary) == 1
    if previous:
        unambiguous = len([c for c in previous if c in by_code]) >= 1 and extra == 0 and all(
            s.code in previous for s in out)
    return RoutingAdvice(tuple(out), unambiguous)
