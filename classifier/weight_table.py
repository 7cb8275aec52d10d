"""Learned weights kept as a plain text table inside a YAML rule file: one ``feature weight`` a line.

A YAML mapping of ten thousand weights takes the YAML parser a sixth of a second to build, node
by node; the same table as one literal block (``weights: |``) is a single string, split here in a
few milliseconds, and still reads and diffs line by line. Used by rules/threat-model.yaml,
rules/topic-weights.yaml and rules/kind-weights.yaml, all read by ``read_weights_file``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from sys import intern
from typing import Any

import yaml

from classifier.rules import RulesError

__all__ = ["TableError", "format_table", "parse_table", "read_weights_file"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # a weights file is large: the C loader when present


class TableError(ValueError):
    """A line of a weight table is not ``feature number``; the message names the line."""


def parse_table(value: Any, *, interned: bool = True) -> dict[str, float]:
    """A ``feature weight`` block (or, as older files have it, a YAML mapping) as a dict; its keys
    interned unless ``interned`` is false (a caller that splits them into keys of its own)."""
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
                   for k, v in value.items()):
            raise TableError("must map a feature to a number")
        return {k: float(v) for k, v in value.items()}
    if not isinstance(value, str):
        raise TableError("must be a block of 'feature weight' lines")
    table: dict[str, float] = {}
    key = intern if interned else str  # a message's lemmas are interned (classifier/normalize.py)
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        feature, _, weight = line.rpartition(" ")
        try:
            table[key(feature)] = float(weight)
        except ValueError:
            raise TableError(f"line {number}: {line!r} is not 'feature weight'") from None
        if not feature:
            raise TableError(f"line {number}: {line!r} is not 'feature weight'")
    return table


def format_table(weights: Mapping[str, float], indent: str = "  ") -> str:
    """The body of a ``key: |`` block: one ``feature weight`` line each, in the mapping's order."""
    return "".join(f"{indent}{feature} {weight:g}\n" for feature, weight in weights.items())


def read_weights_file(folder: Path, name: str) -> Mapping[str, Any] | None:
    """The YAML mapping of the weights file ``name`` in the rules ``folder``; None when the folder
    has none (the rules alone decide). Invalid YAML, or a file that is not a mapping, is a
    RulesError naming the file."""
    path = folder / name
    if not path.exists():
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise RulesError(f"{name}: not valid YAML ({exc})") from None
    if not isinstance(data, Mapping):
        raise RulesError(f"{name}: must be a mapping")
    return data
