"""Learned word weights for threats (p. 20): a second opinion where the threat rules stay silent.

Threats are open-ended: three sets of comments written blind (by authors who saw neither the
rules nor the data) showed the hand-written threat rules catching about half of the threats in a
new set. ``rules/threat-model.yaml`` holds weights (a ``feature weight`` table) for lemmas and lemma pairs («убить»,
«встретить_после»), learned by logistic regression from the labelled examples in the
repository, and for a long message the lemmas of its last ``tail`` words once more, marked «$»
(«$пожалеть»): a threat is often the last sentence of a long civic complaint, whose many civic
words would otherwise outweigh it; and the ``classes`` its words belong to («@weapon» for
«обрез» and «двустволка» alike, «@wild» for the taiga and thin ice, «@person» for a word naming
a person), so a weapon or a danger the examples never named still weighs
(``python -m classifier.threat_training`` writes it; see that module). A message
whose weights add up to a probability of at least ``threshold`` is a threat, and its label
names the words that weighed most, so the decision stays explainable and the file reviewable.
The weights speak only where the message names someone a threat could be aimed at (``needs``: a
person, an official, a family member, a home or a car; with ``needs_person``, also any word that
names a person: an animate noun such as «пристав» or «водовоз», a name or a patronymic): nine in
ten threats of the blind sets do, and half the civic look-alikes (advice «не ходите ночью по
льду», «терпение кончится») do not.

Pure: the weights are read once; scoring is a sum of dictionary reads over a message's lemmas.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from sys import intern
from typing import Any

from classifier.normalize import names_person
from classifier.rules import RulesError
from classifier.weight_table import TableError, parse_table, read_weights_file

__all__ = ["MODEL_FILE", "ThreatModel", "features"]

MODEL_FILE = "threat-model.yaml"


def features(lemmas: Sequence[str], tail: int = 0, classes: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    """A message's features: each lemma, each pair of neighbouring lemmas joined by «_», in a
    message longer than ``tail`` words each lemma of its last ``tail`` words marked «$», and the
    classes of its words (``classes``: lemma → «@class» features, see ``class_index``)."""
    found = set(lemmas)
    found.update(f"{a}_{b}" for a, b in pairwise(lemmas))
    found.update(_ending(lemmas, tail))
    if classes:
        found.update(_classes(lemmas, classes))
    return found


def class_index(classes: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Lemma → its «@class» features, from class → lemmas; the class ``person`` also takes every
    word that names a person (classifier.normalize.names_person)."""
    index: dict[str, list[str]] = {"@person": ["@person"]} if "person" in classes else {}
    for name, words in classes.items():
        for word in words:
            index.setdefault(word, []).append(intern(f"@{name}"))
    return {word: tuple(names) for word, names in index.items()}


def _classes(lemmas: Sequence[str], index: Mapping[str, tuple[str, ...]]) -> set[str]:
    found = {name for lemma in index.keys() & lemmas for name in index[lemma]}  # the few words with a class
    if "@person" in index and "@person" not in found and any(map(names_person, lemmas)):
        found.add("@person")
    return found


class _Weights(Mapping[str, float]):
    """A model's weights read by feature name («убить», «встретить_после», «$жди») from its split tables."""

    def __init__(self, words: Mapping[str, float], pairs: Mapping[tuple[str, str], float],
                 ends: Mapping[str, float]) -> None:
        self._words, self._pairs, self._ends = words, pairs, ends

    def __getitem__(self, feature: str) -> float:
        first, joined, second = feature.partition("_")
        if joined:
            return self._pairs[(first, second)]
        if feature.startswith("$"):
            return self._ends[feature[1:]]
        return self._words[feature]

    def __iter__(self) -> Iterator[str]:
        yield from self._words
        yield from (f"{a}_{b}" for a, b in self._pairs)
        yield from (f"${lemma}" for lemma in self._ends)

    def __len__(self) -> int:
        return len(self._words) + len(self._pairs) + len(self._ends)


def _ending(lemmas: Sequence[str], tail: int) -> list[str]:
    """«$» + each lemma of the last ``tail`` words, when the message is longer than that."""
    return [f"${lemma}" for lemma in lemmas[-tail:]] if 0 < tail < len(lemmas) else []


@dataclass(frozen=True)
class ThreatModel:
    """Feature weights, a bias and the probability from which a message counts as a threat."""

    weights: Mapping[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.7
    #: lemmas of which the message must hold one for the weights to speak (none listed: always)
    needs: frozenset[str] = frozenset()
    #: whether a word naming a person (an animate noun, a name, a patronymic) also lets the weights speak
    needs_person: bool = False
    #: how many last words of a longer message count once more as features of its ending («$» + lemma)
    tail: int = 0
    #: lemma → the «@class» features it gives (``class_index`` of the file's ``classes``)
    classes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the weights split as a message yields its features, each kind in a table of its own with
    #: interned keys (a hit is then an identity check): a lemma or «@class», a (lemma, next lemma)
    #: pair, and a lemma of the ending (the «$» feature, keyed by its lemma)
    _words: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    _pairs: dict[tuple[str, str], float] = field(default_factory=dict, repr=False, compare=False)
    _ends: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for feature, weight in self.weights.items():
            first, joined, second = feature.partition("_")
            if joined:
                self._pairs[(intern(first), intern(second))] = weight
            elif feature.startswith("$"):
                self._ends[intern(feature[1:])] = weight
            else:
                self._words[intern(feature)] = weight
        # the table as given is dropped: its 70,000 joined «a_b» keys held ~12 MB that the split tables repeat
        object.__setattr__(self, "weights", _Weights(self._words, self._pairs, self._ends))

    @classmethod
    def load(cls, folder: Path) -> ThreatModel | None:
        """The model in ``folder``, or None when the rules folder has none (the rules alone decide)."""
        data = read_weights_file(folder, MODEL_FILE)
        return None if data is None else cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThreatModel:
        bias, threshold, needs = data.get("bias", 0.0), data.get("threshold", 0.7), data.get("needs") or []
        needs_person, tail, classes = data.get("needs_person", False), data.get("tail", 0), data.get("classes") or {}
        try:
            weights = parse_table(data.get("weights") or {}, interned=False)  # __post_init__ interns the parts
        except TableError as exc:
            raise RulesError(f"{MODEL_FILE}: weights: {exc}") from None
        if isinstance(bias, bool) or not isinstance(bias, int | float):
            raise RulesError(f"{MODEL_FILE}: bias: must be a number")
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 < threshold < 1:
            raise RulesError(f"{MODEL_FILE}: threshold: must be a probability between 0 and 1")
        if not isinstance(needs, list) or not all(isinstance(word, str) and word for word in needs):
            raise RulesError(f"{MODEL_FILE}: needs: must be a list of words")
        if not isinstance(needs_person, bool):
            raise RulesError(f"{MODEL_FILE}: needs_person: must be true or false")
        if isinstance(tail, bool) or not isinstance(tail, int) or tail < 0:
            raise RulesError(f"{MODEL_FILE}: tail: must be a whole number of words, 0 or more")
        if not isinstance(classes, dict) or not all(
                isinstance(name, str) and isinstance(words, list) and all(isinstance(w, str) for w in words)
                for name, words in classes.items()):
            raise RulesError(f"{MODEL_FILE}: classes: must map a class name to a list of words")
        return cls(weights, float(bias), float(threshold), frozenset(needs), needs_person, tail, class_index(classes))

    def speaks(self, lemmas: Sequence[str]) -> bool:
        """Whether the message names someone a threat could be aimed at (see ``needs``)."""
        return (not self.needs or not self.needs.isdisjoint(lemmas)
                or (self.needs_person and any(map(names_person, lemmas))))

    def probability(self, lemmas: Sequence[str]) -> float:
        """The probability that the message is a threat: the bias plus every feature's weight, squashed."""
        # the weights of the distinct features that have one (a missing feature maps to None and is dropped),
        # summed in the message's order: a set's order changes with each process's hash seed, and with it the
        # last bits of the sum (the labelling process and the service must give a message the same label)
        words = self._words.get
        z = self.bias + sum(filter(None, map(words, dict.fromkeys(lemmas))))
        z += sum(filter(None, map(self._pairs.get, dict.fromkeys(pairwise(lemmas)))))
        if 0 < self.tail < len(lemmas):
            z += sum(filter(None, map(self._ends.get, dict.fromkeys(lemmas[-self.tail:]))))
        if self.classes:
            z += sum(filter(None, map(words, sorted(_classes(lemmas, self.classes)))))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def explain(self, lemmas: Sequence[str]) -> str | None:
        """``exclusion:threat:model=0.83 (встретить_после +1.4, …)`` when the message is a threat, else None."""
        if not self.speaks(lemmas):
            return None
        p = self.probability(lemmas)
        if p < self.threshold:
            return None
        get = self.weights.get
        top = sorted(((get(f, 0.0), f) for f in features(lemmas, self.tail, self.classes)), reverse=True)[:3]
        words = ", ".join(f"{f} {w:+.1f}" for w, f in top if w > 0)
        return f"exclusion:threat:model={p:.2f} ({words})"
