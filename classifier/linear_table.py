"""A learned linear score per code, read from a plain weight table: the code's bias plus the weights
of the features a message has.

Shared by the learned topic weights (classifier/topic_model.py) and the learned kind weights
(classifier/kind_model.py): both are a logistic regression fitted offline
(classifier/table_training.py) and kept as one ``bias`` and one ``weights: |`` block per code, so
the classifier scores a message with dictionary reads and no machine-learning library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import add
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Self

from classifier.rules import RulesError
from classifier.weight_table import TableError, parse_table, read_weights_file

__all__ = ["Guess", "LinearTable", "parse_codes"]

FEW = 4  # up to this many codes are scored from their own tables; more, from the rows of the message's features


def parse_codes(data: Any, where: str, allowed: tuple[str, ...],
                noun: str = "code") -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(biases, weights) of a ``code: {bias, weights}`` section; ``where`` and ``noun`` (what a
    code is: a topic, a kind) name it in errors."""
    if not isinstance(data, Mapping):
        raise RulesError(f"{where}: must map a {noun} to its bias and weights")
    biases: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    for code, spec in data.items():
        at = f"{where}.{code}"
        if code not in allowed:
            raise RulesError(f"{at}: unknown {noun} (expected one of {', '.join(allowed)})")
        if not isinstance(spec, Mapping):
            raise RulesError(f"{at}: needs bias and weights")
        bias = spec.get("bias", 0.0)
        if isinstance(bias, bool) or not isinstance(bias, int | float):
            raise RulesError(f"{at}.bias: must be a number")
        try:
            weights[code] = parse_table(spec.get("weights") or {})
        except TableError as exc:
            raise RulesError(f"{at}.weights: {exc}") from None
        biases[code] = float(bias)
    return biases, weights


class Guess(NamedTuple):
    """A learned table's answer: the code, its lead over the next and the features that carried it."""

    field: str  # what the code is: topic, kind (the label's first part)
    code: str
    margin: float  # how far ahead of the next code
    words: tuple[str, ...]  # the features that weighed most for it

    def label(self) -> str:
        """``topic:water:model=+2.1 (канализация, засор, подвал)``."""
        return f"{self.field}:{self.code}:model=+{self.margin:.1f} ({', '.join(self.words)})"


@dataclass(frozen=True)
class LinearTable:
    """Per code: a bias and the weights of its features."""

    #: the rules folder's file that holds the table (a subclass names its own)
    FILE: ClassVar[str] = ""

    biases: Mapping[str, float] = field(default_factory=dict)
    weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    #: the table turned around: feature → its weight for every code, in the order of ``weights``; a
    #: message's scores are then column sums of a few rows, with no loop over codes and features
    _rows: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False, compare=False)
    #: the biases in the same order, so that every code's score is one column sum plus its bias
    _biases: list[float] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path) -> Self | None:
        """The table in ``folder``, or None when the rules folder has none (the rules alone decide)."""
        data = read_weights_file(folder, cls.FILE)
        return None if data is None else cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The table from its file's YAML mapping (each subclass reads its own settings)."""
        raise NotImplementedError

    def __post_init__(self) -> None:
        rows: dict[str, list[float]] = {}
        blank = [0.0] * len(self.weights)
        for column, table in enumerate(self.weights.values()):
            for feature, weight in table.items():
                row = rows.get(feature)
                if row is None:
                    row = rows[feature] = blank.copy()
                row[column] = weight
        self._rows.update((feature, tuple(row)) for feature, row in rows.items())
        self._biases.extend(self.biases.get(code, 0.0) for code in self.weights)

    def scores(self, features: Iterable[str], among: Iterable[str] | None = None) -> dict[str, float]:
        """The score of every code (of ``among``, when given) for a message's features."""
        return self._scores(list(dict.fromkeys(features)), among)

    def _scores(self, features: Sequence[str], among: Iterable[str] | None) -> dict[str, float]:
        # ``features``: each once, in the message's order, so that a plain sum is the same on every
        # run (a set's order changes from run to run, and with it the last bits of a float sum)
        if among is not None:
            codes = [c for c in among if c in self.weights]
            if len(codes) <= FEW:  # the usual tie of two or three: each code's table read directly
                return {c: self.biases.get(c, 0.0) + sum(filter(None, map(self.weights[c].get, features)))
                        for c in codes}
        rows = list(filter(None, map(self._rows.get, features)))
        if among is None:  # every code (the kind table, a topic where the rules are silent): one pass
            return dict(zip(self.weights, map(add, self._biases, map(sum, zip(*rows, strict=True))) if rows
                            else self._biases, strict=True))
        columns = list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * len(self.weights)
        sums = dict(zip(self.weights, columns, strict=True))
        return {c: self.biases.get(c, 0.0) + sums[c] for c in codes}

    def carried(self, code: str, features: Iterable[str]) -> list[tuple[float, str]]:
        """The message's features that weigh for ``code``, heaviest first, as (weight, feature)."""
        table = self.weights[code]
        # every feature of a table is one the script kept: look the message's features up as they are
        return sorted(((w, f) for f in table.keys() & features if (w := table[f]) > 0), reverse=True)
