"""The fixed label codes (issue 3): every other part of the service relies on exactly these."""

from __future__ import annotations

__all__ = ["EXCLUSIONS", "IMPORTANCES", "KINDS", "LOCATIONS", "SETTLEMENT_CODES", "TOPICS"]

TOPICS: tuple[str, ...] = (
    "roads", "transport", "housing", "heating", "water", "power", "waste", "improvement",
    "animals", "health", "education", "social", "safety", "culture_sport", "economy",
    "communications", "administration", "other",
)
SETTLEMENT_CODES: tuple[str, ...] = ("sobolevo", "ustyevoye", "krutogorovsky")
LOCATIONS: tuple[str, ...] = (*SETTLEMENT_CODES, "district", "outside", "unknown")
IMPORTANCES: tuple[str, ...] = ("critical", "high", "normal", "low")
KINDS: tuple[str, ...] = ("complaint", "question", "suggestion", "gratitude", "info")
EXCLUSIONS: tuple[str, ...] = ("threat", "obscene", "insult")  # in order of precedence
