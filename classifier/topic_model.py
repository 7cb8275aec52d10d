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
from dataclasses import dataclass
from typing import Any

from classifier.codes import TOPICS
from classifier.linear_table import Guess, LinearTable, parse_codes
from classifier.rules import RulesError

__all__ = ["WEIGHTS_FILE", "TopicModel", "features"]

WEIGHTS_FILE = "topic-weights.yaml"


def features(lemmas: Iterable[str]) -> set[str]:
    """The words a topic is read from: distinct lemmas of three letters or more (no numbers)."""
    return {lemma for lemma in lemmas if len(lemma) >= 3 and lemma.isalpha()}


@dataclass(frozen=True)
class TopicModel(LinearTable):
    """Per topic: a bias and the weights of its strongest lemmas (classifier/linear_table.py)."""

    FILE = WEIGHTS_FILE

    margin: float = 1.0
    #: the lead asked of the best topic where the rules are silent (no rule topic at all)
    silent_margin: float = 0.0
    #: the least summed weight of the message's own words for the best topic («спасибо всем» has none)
    min_words: float = 1.0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TopicModel:
        margin, silent, least = data.get("margin", 1.0), data.get("silent_margin", 0.0), data.get("min_words", 1.0)
        for key, value in (("margin", margin), ("silent_margin", silent), ("min_words", least)):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise RulesError(f"{WEIGHTS_FILE}: {key}: must be a number, 0 or more")
        biases, weights = parse_codes(data.get("topics") or {}, f"{WEIGHTS_FILE}: topics", TOPICS, "topic")
        return cls(biases, weights, margin=float(margin), silent_margin=float(silent), min_words=float(least))

    def guess(self, lemmas: Sequence[str], among: Iterable[str] | None = None,
              margin: float | None = None) -> Guess | None:
        """The best topic of ``among`` (topics the rules tie) if it leads the next by ``margin`` (the
        table's own unless given); with no ``among`` (the rules are silent), the best of all if it
        leads by ``silent_margin``."""
        words = list(dict.fromkeys(lemmas))
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
        carried = self.carried(best, words)
        if sum(w for w, _ in carried) < self.min_words:
            return None  # the biases alone, or a word or two of little weight, say nothing about the message
        return Guess("topic", best, lead, tuple(lemma for _, lemma in carried[:3]))
