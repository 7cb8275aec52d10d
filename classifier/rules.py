"""Reading the rule files in ``rules/``: YAML an administrator edits, checked once at start-up.

Every rule file shares one shape for "signals that vote for a code"::

    heating:                      # the code
      words: [отопление, батарея] # weight 1 each
      strong: [котельная]         # weight 2
      weak: [холодно]             # weight 0.5
      combos:                     # all groups must match somewhere in the message
        - all: [[холодно, мерзнуть], [квартира, дом]]
          weight: 2
          unless: [на улице]      # none of these may match

A mistake stops start-up with one line naming the file, the key and the problem, e.g.
``topics.yaml: topics.heating.words[2]: 'гор@чая' is not a word, stem* or !form``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from classifier.lexicon import Entry, EntryError, Hit, Lexicon, Rule, parse_entry
from classifier.normalize import inflect

__all__ = ["WEIGHTS", "RulesError", "add_code_rules", "entries", "expand", "read_rule_file", "word_set"]

#: Default weight of each list in a code's signals.
WEIGHTS: dict[str, float] = {"words": 1.0, "strong": 2.0, "weak": 0.5}
_SIGNAL_KEYS = set(WEIGHTS) | {"combos"}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BRACES = re.compile(r"\{([^{}]*)\}")


class RulesError(Exception):
    """A rule file is missing or wrong; the message is one line naming the file, key and problem."""


def read_rule_file(folder: Path, name: str, *, required: bool = True) -> dict[str, Any]:
    """Parse one YAML rule file into a mapping (empty when optional and absent)."""
    path = folder / name
    if not path.exists():
        if required:
            raise RulesError(f"{path}: rule file is missing")
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise RulesError(f"{name}:{where} is not valid YAML") from None
    except OSError as exc:
        raise RulesError(f"{path}: cannot read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise RulesError(f"{name}: must be a mapping")
    return data


def expand(value: str) -> list[str]:
    """An entry with alternatives in braces, one entry per choice: «{второй|третий} {день|неделя}» is
    «второй день», «второй неделя», «третий день», «третий неделя»."""
    match = _BRACES.search(value)
    if match is None:
        return [value]
    head, tail = value[: match.start()], value[match.end():]
    return [e for choice in match.group(1).split("|") for e in expand(head + choice.strip() + tail)]


def entries(values: Any, where: str, lemmatize: Callable[[str], str], *, exact: bool = False) -> list[Entry]:
    """Parse a YAML list of entries; ``exact`` makes plain words exact token forms. Braces in an
    entry hold alternatives (see ``expand``)."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise RulesError(f"{where}: must be a list of words or phrases")
    if any(isinstance(v, str) and "{" in v for v in values):
        values = [e for v in values for e in (expand(v) if isinstance(v, str) else [v])]
    parsed: list[Entry] = []
    for i, value in enumerate(values):
        if exact and isinstance(value, str) and "*" not in value:
            words, weight = _split_weight(value)
            value = " ".join(w if w == "..." else "|".join(c if c.startswith("!") else "!" + c for c in w.split("|"))
                             for w in words.split()) + weight
        try:
            parsed.append(parse_entry(value, lemmatize, inflect))
        except EntryError as exc:
            raise RulesError(f"{where}[{i}]: {exc}") from None
    return parsed


def _split_weight(value: str) -> tuple[str, str]:
    """(words, " =N" or "") of an entry."""
    m = re.search(r"\s*=\s*-?\d+(?:\.\d+)?\s*$", value)
    return (value[: m.start()], " " + m.group().strip()) if m else (value, "")


def _weight(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError(f"{where}: must be a number")
    return float(value)


def add_code_rules(lex: Lexicon, group: str, code: str, spec: Any, where: str,
                   lemmatize: Callable[[str], str], prefix: str = "") -> int:
    """Compile one code's signals (words/strong/weak/combos) into the lexicon; returns the rule count.
    ``prefix`` starts every rule's name in explanations («duration:» in «importance:high:duration:…»)."""
    if spec is None:
        return 0
    if isinstance(spec, list):
        spec = {"words": spec}
    if not isinstance(spec, Mapping):
        raise RulesError(f"{where}: must be a mapping with words/strong/weak/combos")
    unknown = set(spec) - _SIGNAL_KEYS
    if unknown:
        raise RulesError(f"{where}.{min(unknown)}: unknown key (use {', '.join(sorted(_SIGNAL_KEYS))})")
    count = 0
    seen: set[str] = set()
    for key, weight in sorted(WEIGHTS.items(), key=lambda kv: -kv[1]):
        for entry in entries(spec.get(key), f"{where}.{key}", lemmatize):
            if entry.text in seen:
                continue  # listed twice (say in strong and in words): the heavier list counts
            seen.add(entry.text)
            if prefix:
                lex.add_rule(Rule(group, code, prefix + entry.label,
                                  entry.weight if entry.weight is not None else weight), [[entry]])
            else:
                lex.add_entry(group, code, entry, weight)
            count += 1
    combos = spec.get("combos") or []
    if not isinstance(combos, list):
        raise RulesError(f"{where}.combos: must be a list")
    for i, combo in enumerate(combos):
        cwhere = f"{where}.combos[{i}]"
        if not isinstance(combo, Mapping) or not isinstance(combo.get("all"), list) or not combo["all"]:
            raise RulesError(f"{cwhere}: needs 'all': a list of word lists")
        extra = set(combo) - {"all", "weight", "unless", "name"}
        if extra:
            raise RulesError(f"{cwhere}.{min(extra)}: unknown key (use all, weight, unless, name)")
        groups = [entries(g, f"{cwhere}.all[{j}]", lemmatize) for j, g in enumerate(combo["all"])]
        if any(not g for g in groups):
            raise RulesError(f"{cwhere}.all: every group needs at least one word")
        unless = entries(combo.get("unless"), f"{cwhere}.unless", lemmatize)
        weight = _weight(combo.get("weight", 2.0), f"{cwhere}.weight")
        name = str(combo.get("name") or "+".join(g[0].text for g in groups))
        lex.add_rule(Rule(group, code, f"{prefix}combo={name}", weight), groups, unless)
        count += 1
    return count


def string_list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    """``data[key]`` as folded words (lower case, ё → е); a clear error unless a list of strings."""
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RulesError(f"{where}.{key}: must be a list of non-empty strings")
    return tuple(v.strip().lower().replace("ё", "е") for v in values)


def word_set(data: Mapping[str, Any], key: str, file: str) -> frozenset[str]:
    """A top-level list of plain words of a rule file (``not_topical``, ``common_words``), folded."""
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RulesError(f"{file}: {key}: must be a list of words")
    return frozenset(v.strip().lower().replace("ё", "е") for v in values)


def tally(hits: Iterable[Hit], group: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Per code of ``group``: the summed weight of its hits, and the rules behind them in order."""
    scores: dict[str, float] = {}
    why: dict[str, list[str]] = {}
    for hit in hits:
        rule = hit.rule
        if rule.group == group:
            scores[rule.code] = scores.get(rule.code, 0.0) + hit.weight
            why.setdefault(rule.code, []).append(rule.label)
    return scores, why


def code_sections(data: Any, where: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A mapping of code → signals, checking codes against the allowed set."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise RulesError(f"{where}: must be a mapping of codes")
    if allowed is not None:
        for code in data:
            if code not in allowed:
                raise RulesError(f"{where}.{code}: unknown code (expected one of {', '.join(allowed)})")
    return dict(data)
