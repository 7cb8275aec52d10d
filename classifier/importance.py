"""Importance: critical, high, normal or low, from ``rules/importance.yaml``.

The decision, in order: gratitude and suggestions are ``low``; a danger to life or health or an
emergency is ``critical``; information is ``low`` unless it reports such a danger; many people
affected, a repeat, a message to an official regional-government account (p. 8) or many
reactions make it ``high``; anything else is ``normal``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from classifier.codes import IMPORTANCES, KINDS
from classifier.lexicon import Hit, Lexicon
from classifier.rules import RulesError, add_code_rules, code_sections, tally

__all__ = ["ImportanceDecision", "ImportanceRules"]

GROUP = "importance"


class ImportanceDecision(NamedTuple):
    importance: str
    rules: tuple[str, ...]


def _kinds(data: dict[str, Any], key: str, default: list[str]) -> frozenset[str]:
    values = data.get(key, default) or []
    if not isinstance(values, list) or any(v not in KINDS for v in values):
        raise RulesError(f"importance.yaml: {key}: must list kinds among {', '.join(KINDS)}")
    return frozenset(values)


@dataclass(frozen=True)
class ImportanceRules:
    low_kinds: frozenset[str] = frozenset({"gratitude", "suggestion"})
    low_unless_critical: frozenset[str] = frozenset({"info"})
    official: str = "high"
    reactions: Mapping[str, int] = field(default_factory=lambda: {"likes": 50, "comments": 20, "reposts": 15})

    @classmethod
    def compile(cls, data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str]) -> ImportanceRules:
        f = "importance.yaml"
        for code, spec in code_sections(data.get("signals"), f"{f}: signals", ("critical", "high")).items():
            add_code_rules(lex, GROUP, code, spec, f"{f}: signals.{code}", lemmatize)
        official = data.get("official", "high")
        if official not in IMPORTANCES:
            raise RulesError(f"{f}: official: must be one of {', '.join(IMPORTANCES)}")
        reactions = data.get("reactions") or {}
        if not isinstance(reactions, Mapping) or any(
            k not in ("likes", "comments", "reposts") or isinstance(v, bool) or not isinstance(v, int) or v < 1
            for k, v in reactions.items()
        ):
            raise RulesError(f"{f}: reactions: must map likes/comments/reposts to positive whole numbers")
        return cls(_kinds(data, "low_kinds", ["gratitude", "suggestion"]),
                   _kinds(data, "low_unless_critical", ["info"]), official, dict(reactions))

    def decide(self, hits: Iterable[Hit], *, kind: str, official: bool, reactions: Mapping[str, int]) -> ImportanceDecision:
        scores, why = tally(hits, GROUP)
        if kind in self.low_kinds:
            return ImportanceDecision("low", (f"importance:low:kind={kind}",))
        if scores.get("critical", 0.0) >= 1.0:
            return ImportanceDecision("critical", tuple(why["critical"]))
        if kind in self.low_unless_critical:
            return ImportanceDecision("low", (f"importance:low:kind={kind}",))
        reasons: list[str] = []
        if scores.get("high", 0.0) >= 1.0:
            reasons.extend(why["high"])
        if official:
            if self.official == "high":
                reasons.append("importance:high:official account")
            elif self.official == "critical":
                return ImportanceDecision("critical", ("importance:critical:official account",))
        for name, threshold in self.reactions.items():
            count = reactions.get(name, 0)
            if count >= threshold:
                reasons.append(f"importance:high:{name}={count}")
        if reasons:
            return ImportanceDecision("high", tuple(reasons))
        return ImportanceDecision("normal", ("importance:normal:default",))
