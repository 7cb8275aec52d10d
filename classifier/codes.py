"""The fixed label codes (issue 3): every other part of the service relies on exactly these."""

from __future__ import annotations

__all__ = ["AREAS", "EXCLUSIONS", "IMPORTANCES", "KINDS", "TOPICS"]

TOPICS: tuple[str, ...] = (
    "roads", "transport", "housing", "heating", "water", "power", "waste", "improvement",
    "animals", "health", "education", "social", "safety", "culture_sport", "economy",
    "communications", "administration", "other",
)
#: the locations that are not a settlement: the whole district, a place outside it, no place named.
#: A location is one of these or the code of a settlement of the district, and the settlements
#: are the district's own: they come from rules/gazetteer.yaml (see classifier/location.py).
AREAS: tuple[str, ...] = ("district", "outside", "unknown")
IMPORTANCES: tuple[str, ...] = ("critical", "high", "normal", "low")
KINDS: tuple[str, ...] = ("complaint", "question", "suggestion", "gratitude", "info")
EXCLUSIONS: tuple[str, ...] = ("threat", "obscene", "insult")  # in order of precedence
