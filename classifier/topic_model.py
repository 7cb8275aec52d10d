"""Learned topic weights (``rules/topic-weights.yaml``): a second opinion where the topic rules are
silent, tied or weak.

The rules were written from our own invented messages; real appeals use other words for the same
things («ливнёвка», «засор», «парадная»). ``scripts/train_topic_weights.py`` fits a linear model
over lemmas, offline, on real appeals mapped to our codes plus our labelled sets, and keeps the
strongest weights of each topic as a plain table; nothing here needs a machine-learning library.
A message's score for a topic is that topic's bias plus the weights of its distinct lemmas; the
best topic must beat the second by ``margin`` (in the same units; ``silent_margin`` where the rules
name no topic at all) to be believed, and the message's own words must weigh at least ``min_words``
for it: a message about nothing in particular stays ``other``. The label names
the lemmas that carried it, so a curator can see why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from math import fsum
from pathlib import Path
from typing import Any, NamedTuple

from classifier.codes import TOPICS
from classifier.rules import RulesError
from classifier.weight_table import TableError, parse_table, read_weights_file

__all__ = ["WEIGHTS_FILE", "TopicGuess", "TopicModel", "features"]

WEIGHTS_FILE = "topic-weights.yaml"
FEW = 4  # up to this many topics are scored from their own tables; more, from the rows of the message's words


def features(lemmas: Iterable[str]) -> set[str]:
    """The words a topic is read from: distinct lemmas of three letters or more (no numbers)."""
    return {lemma for lemma in lemmas if len(lemma) >= 3 and lemma.isalpha()}


class TopicGuess(NamedTuple):
    topic: str
    margin: float  # how far ahead of the next topic, in score units
    words: tuple[str, ...]  # the lemmas that weighed most for it

    def label(self) -> str:
        """``topic:water:model=+2.1 (канализация, засор, подвал)``."""
        return f"topic:{self.topic}:model=+{self.margin:.1f} ({', '.join(self.words)})"


@dataclass(frozen=True)
class TopicModel:
    """Per topic: a bias and the weights of its strongest lemmas."""

    biases: Mapping[str, float] = field(default_factory=dict)
    weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    margin: float = 1.0
    #: the lead asked of the best topic where the rules are silent (no rule topic at all)
    silent_margin: float = 0.0
    #: the least summed weight of the message's own words for the best topic («спасибо всем» has none)
    min_words: float = 1.0
    #: the table turned around: lemma → its weight for every topic, in the order of ``weights``; a
    #: message's scores are then column sums of a few rows, with no loop over topics and words
    _rows: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        rows: dict[str, list[float]] = {}
        blank = [0.0] * len(self.weights)
        for column, table in enumerate(self.weights.values()):
            for lemma, weight in table.items():
                row = rows.get(lemma)
                if row is None:
                    row = rows[lemma] = blank.copy()
                row[column] = weight
        self._rows.update((lemma, tuple(row)) for lemma, row in rows.items())

    @classmethod
    def load(cls, folder: Path) -> TopicModel | None:
        """The table in ``folder``, or None when the rules folder has none (the rules alone decide)."""
        data = read_weights_file(folder, WEIGHTS_FILE)
        return None if data is None else cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TopicModel:
        margin, silent, least = data.get("margin", 1.0), data.get("silent_margin", 0.0), data.get("min_words", 1.0)
        for key, value in (("margin", margin), ("silent_margin", silent), ("min_words", least)):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise RulesError(f"{WEIGHTS_FILE}: {key}: must be a number, 0 or more")
        topics = data.get("topics") or {}
        if not isinstance(topics, Mapping):
            raise RulesError(f"{WEIGHTS_FILE}: topics: must map a topic to its bias and weights")
        biases: dict[str, float] = {}
        weights: dict[str, dict[str, float]] = {}
        for topic, spec in topics.items():
            where = f"{WEIGHTS_FILE}: topics.{topic}"
            if topic not in TOPICS:
                raise RulesError(f"{where}: unknown topic (expected one of {', '.join(TOPICS)})")
            if not isinstance(spec, Mapping):
                raise RulesError(f"{where}: needs bias and weights")
            bias = spec.get("bias", 0.0)
            if isinstance(bias, bool) or not isinstance(bias, int | float):
                raise RulesError(f"{where}.bias: must be a number")
            try:
                weights[topic] = parse_table(spec.get("weights") or {})
            except TableError as exc:
                raise RulesError(f"{where}.weights: {exc}") from None
            biases[topic] = float(bias)
        return cls(biases, weights, float(margin), float(silent), float(least))

    def scores(self, lemmas: Iterable[str], among: Iterable[str] | None = None) -> dict[str, float]:
        """The score of every topic (of ``among``, when given) for a message's lemmas."""
        return self._scores(set(lemmas), among)

    def _scores(self, words: set[str], among: Iterable[str] | None) -> dict[str, float]:
        # fsum: exact, so the score (and the explanation) does not depend on the set's iteration order
        if among is not None:
            topics = [t for t in among if t in self.weights]
            if len(topics) <= FEW:  # the usual tie of two or three: each topic's table read directly
                return {t: self.biases.get(t, 0.0) + fsum(filter(None, map(self.weights[t].get, words)))
                        for t in topics}
        rows = list(filter(None, map(self._rows.get, words)))
        columns = list(map(fsum, zip(*rows, strict=True))) if rows else [0.0] * len(self.weights)
        sums = dict(zip(self.weights, columns, strict=True))
        return {t: self.biases.get(t, 0.0) + sums[t] for t in (self.weights if among is None else topics)}

    def guess(self, lemmas: Sequence[str], among: Iterable[str] | None = None,
              margin: float | None = None) -> TopicGuess | None:
        """The best topic of ``among`` (topics the rules tie) if it leads the next by ``margin`` (the
        table's own unless given); with no ``among`` (the rules are silent), the best of all if it
        leads by ``silent_margin``."""
        words = set(lemmas)
        scores = self._scores(words, among)
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        best_score = scores.pop(best)
        lead = best_score - max(scores.values()) if scores else best_score
        if margin is None:
            margin = self.margin if among is not None else self.silent_margin
        if lead < margin:
            return None
        table = self.weights[best]
        # every word of a table is a feature (the script keeps no others): look the words up as they are
        carried = sorted(((w, lemma) for lemma in table.keys() & words if (w := table[lemma]) > 0), reverse=True)
        if sum(w for w, _ in carried) < self.min_words:
            return None  # the biases alone, or a word or two of little weight, say nothing about the message
        return TopicGuess(best, lead, tuple(lemma for _, lemma in carried[:3]))
