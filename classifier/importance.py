"""Importance: critical, high, normal or low, from ``rules/importance.yaml``.

The rules are grouped in named reasons (danger, duration, repetition, scale, vulnerable people,
isolation, a warning…), each voting for ``critical`` or ``high``; the explanation names the reason
and the words behind it (``importance:high:duration:phrase=третий день``). The decision, in order:
gratitude and suggestions are ``low``; a danger to life or health or an emergency is ``critical``;
information is ``low`` unless it reports such a danger, or a reason that also holds for information
(a warning: «кипятите воду») makes it ``high``; a high reason, a message to an official
regional-government account (p. 8) or the network's reactions (likes, comments, reposts) at their
thresholds make it ``high``; anything else is ``normal``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from classifier.codes import IMPORTANCES, KINDS
from classifier.lexicon import Hit, Lexicon
from classifier.rules import RulesError, add_code_rules, code_sections

__all__ = ["REACTIONS", "ImportanceDecision", "ImportanceRules"]

GROUP = "importance"
LEVELS = ("critical", "high")
REACTIONS = ("likes", "comments", "reposts")
_REASON_KEYS = {"level", "kinds", "words", "strong", "weak", "combos"}


class ImportanceDecision(NamedTuple):
    importance: str
    rules: tuple[str, ...]


def _kinds(data: Mapping[str, Any], key: str, default: list[str], where: str = "importance.yaml") -> frozenset[str]:
    values = data.get(key, default) or []
    if not isinstance(values, list) or any(v not in KINDS for v in values):
        raise RulesError(f"{where}: {key}: must list kinds among {', '.join(KINDS)}")
    return frozenset(values)


@dataclass(frozen=True)
class ImportanceRules:
    low_kinds: frozenset[str] = frozenset({"gratitude", "suggestion"})
    low_unless_critical: frozenset[str] = frozenset({"info"})
    official: str = "high"
    reactions: Mapping[str, int] = field(default_factory=lambda: {"likes": 50, "comments": 20, "reposts": 15})
    #: reason → the kinds it holds for (a reason not listed holds for every kind not made low)
    reason_kinds: Mapping[str, frozenset[str]] = field(default_factory=dict)
    _held: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def compile(cls, data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str]) -> ImportanceRules:
        f = "importance.yaml"
        for code, spec in code_sections(data.get("signals"), f"{f}: signals", LEVELS).items():
            add_code_rules(lex, GROUP, code, spec, f"{f}: signals.{code}", lemmatize)
        reasons = data.get("reasons") or {}
        if not isinstance(reasons, Mapping):
            raise RulesError(f"{f}: reasons: must map a reason's name to its level and words")
        reason_kinds: dict[str, frozenset[str]] = {}
        for name, spec in reasons.items():
            where = f"{f}: reasons.{name}"
            if not isinstance(name, str) or not name.replace("_", "").isalpha():
                raise RulesError(f"{where}: a reason's name is one word (letters and _)")
            if not isinstance(spec, Mapping):
                raise RulesError(f"{where}: must be a mapping with level and words/strong/weak/combos")
            extra = set(spec) - _REASON_KEYS
            if extra:
                raise RulesError(f"{where}.{min(extra)}: unknown key (use {', '.join(sorted(_REASON_KEYS))})")
            level = spec.get("level")
            if level not in LEVELS:
                raise RulesError(f"{where}.level: must be one of {', '.join(LEVELS)}")
            if "kinds" in spec:
                reason_kinds[name] = _kinds(spec, "kinds", [], where)
            signals = {k: v for k, v in spec.items() if k not in ("level", "kinds")}
            add_code_rules(lex, GROUP, level, signals, where, lemmatize, prefix=f"{name}:")
        official = data.get("official", "high")
        if official not in IMPORTANCES:
            raise RulesError(f"{f}: official: must be one of {', '.join(IMPORTANCES)}")
        reactions = data.get("reactions") or {}
        if not isinstance(reactions, Mapping) or any(
            k not in REACTIONS or isinstance(v, bool) or not isinstance(v, int) or v < 1
            for k, v in reactions.items()
        ):
            raise RulesError(f"{f}: reactions: must map likes/comments/reposts to positive whole numbers")
        return cls(_kinds(data, "low_kinds", ["gratitude", "suggestion"]),
                   _kinds(data, "low_unless_critical", ["info"]), official, dict(reactions), reason_kinds)

    def _holds(self, label: str, kind: str) -> bool:
        """Whether the rule behind ``label`` («importance:high:duration:…») counts for a message of ``kind``
        (cached: the labels and kinds are few)."""
        key = (label, kind)
        known = self._held.get(key)
        if known is None:
            kinds = self.reason_kinds.get(label.split(":", 3)[2])
            if kinds is not None:
                known = kind in kinds
            else:
                known = kind not in self.low_unless_critical or label.startswith("importance:critical:")
            self._held[key] = known
        return known

    def decide(self, hits: Iterable[Hit], *, kind: str, official: bool,
               reactions: Mapping[str, int]) -> ImportanceDecision:
        if kind in self.low_kinds:
            return ImportanceDecision("low", (f"importance:low:kind={kind}",))
        scores: dict[str, float] = {}
        why: dict[str, list[tuple[str, float]]] = {}
        for hit in hits:
            rule = hit.rule
            if rule.group == GROUP and self._holds(rule.label, kind):
                scores[rule.code] = scores.get(rule.code, 0.0) + hit.weight
                why.setdefault(rule.code, []).append((rule.label, hit.weight))
        if scores.get("critical", 0.0) >= 1.0:
            return ImportanceDecision("critical", _needed(why["critical"]))
        reasons: list[str] = []
        if scores.get("high", 0.0) >= 1.0:
            reasons.extend(_needed(why["high"]))
        if kind in self.low_unless_critical and not reasons:
            return ImportanceDecision("low", (f"importance:low:kind={kind}",))
        if official:
            if self.official == "high":
                reasons.append("importance:high:official account")
            elif self.official == "critical":
                return ImportanceDecision("critical", ("importance:critical:official account",))
        for name, threshold in self.reactions.items():
            count = reactions.get(name, 0)
            if count >= threshold:
                reasons.append(f"importance:high:engagement:{name}={count}")
        if reasons:
            return ImportanceDecision("high", tuple(reasons))
        return ImportanceDecision("normal", ("importance:normal:default",))


def _needed(found: list[tuple[str, float]]) -> tuple[str, ...]:
    """The explanation of a level: the rules (``scale``, ``vulnerable``…) that reach it on their own,
    when some do, so that a weak hint beside them is not named as a reason («Люди добрые, … ребёнок
    болеет» is high for the child, not for «люди»); else every hint that added up to it."""
    totals: dict[str, float] = {}
    for label, weight in found:
        family = label.split(":", 3)[2]
        totals[family] = totals.get(family, 0.0) + weight
    strong = {family for family, total in totals.items() if total >= 1.0}
    return tuple(label for label, _ in found if label and (not strong or label.split(":", 3)[2] in strong))
