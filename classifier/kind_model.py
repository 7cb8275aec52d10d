"""Learned kind weights (``rules/kind-weights.yaml``): a second opinion added to the kind rules' scores.

The kind rules (rules/kinds.yaml, classifier/kind.py) were written from our own messages; on sets
written by people who never saw them they miss in the same few ways: a notice about an outage or
a closed road read as a complaint, a complaint phrased as a question and back, a suggestion read
as a complaint. ``scripts/train_kind_weights.py`` fits a logistic regression over the message's
lemmas (short ones too: «ли», «бы», «не» tell a question or a proposal) and a few marks of its form
the rules already read (``kind_features``), offline, on our labelled sets, and keeps it as a plain
table; nothing here needs a machine-learning library.

How it combines: each kind the rules score at least ``min_score`` keeps that score (the default
kind gets ``min_score`` when none does), and every kind adds ``scale`` times the table's score for
it (its bias plus the weights of the message's features). The highest sum wins, a tie going to the
earlier kind in the rules' ``priority``. Where that overturns the rules the label names the table
and the features that carried it: ``kind:info:model=+1.2 (отключение, notice=times, график)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from classifier.codes import KINDS
from classifier.linear_table import Guess, LinearTable, parse_codes
from classifier.normalize import verb_form
from classifier.notice import MARKS, notice_marks
from classifier.question_form import proposes
from classifier.rules import RulesError

__all__ = ["KIND_WEIGHTS_FILE", "KindModel", "kind_features"]

KIND_WEIGHTS_FILE = "kind-weights.yaml"
FIRST = 3  # the first lemmas of a message count once more as openers («спасибо», «подсказать», «хорошо»)
FORM = "form:"
OPENS = "first:"
_ASKS, _EXCLAIMS, _PROPOSES = FORM + "?", FORM + "!", FORM + "proposes"
#: the endings of a plural imperative («звоните») and a third-person plural («привезут», «откроют»)
_VERB_ENDINGS = ("те", "ут", "ют", "ат", "ят")
_NOTICE = {mark: f"{FORM}notice={mark}" for mark in MARKS}


def kind_features(lemmas: Sequence[str], text: str, marks: Mapping[str, bool] | None = None,
                  proposed: bool | None = None, tokens: Sequence[str] = ()) -> list[str]:
    """What the kind table reads, each once, in the message's order (so that its scores are summed
    alike on every run): a message's lemmas (words only, of any length), its first ``FIRST`` lemmas
    as openers, the verbs among its ``tokens`` that advise the readers or tell what «they» will do
    («звоните» → «impr:звонить», «привезут» → «they:привезти»: a notice's voice, where a complaint
    reports what was not done), and the marks of its form in its folded ``text`` (``marks``: its
    notice marks and ``proposed``: whether it proposes with «может», when the caller has read them
    already)."""
    words = list(filter(str.isalpha, lemmas))
    found = list(dict.fromkeys(words)) + list(dict.fromkeys(OPENS + lemma for lemma in words[:FIRST]))
    verbs = filter(None, map(verb_form, [t for t in tokens if t.endswith(_VERB_ENDINGS)]))
    found += dict.fromkeys(f"{form}:{lemma}" for form, lemma in verbs)
    if "?" in text:
        found.append(_ASKS)
    if "!" in text:
        found.append(_EXCLAIMS)
    if proposes(text) if proposed is None else proposed:
        found.append(_PROPOSES)
    found += [_NOTICE[mark] for mark, present in (marks or notice_marks(text)).items() if present]
    return found


@dataclass(frozen=True)
class KindModel(LinearTable):
    """Per kind: a bias and the weights of lemmas and form marks (classifier/linear_table.py)."""

    FILE = KIND_WEIGHTS_FILE

    #: what the table's score is worth in the rules' units when the two are added
    scale: float = 0.5

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KindModel:
        scale = data.get("scale", 0.5)
        if isinstance(scale, bool) or not isinstance(scale, int | float) or scale < 0:
            raise RulesError(f"{KIND_WEIGHTS_FILE}: scale: must be a number, 0 or more")
        biases, weights = parse_codes(data.get("kinds") or {}, f"{KIND_WEIGHTS_FILE}: kinds", KINDS, "kind")
        return cls(biases, weights, scale=float(scale))

    def revise(self, rules: Mapping[str, float], features: Sequence[str], priority: Sequence[str] = KINDS,
               keep: str | None = None) -> Guess | None:
        """The best kind by the rules' scores (``rules``: those that count) plus ``scale`` times the
        table's, with its lead over the next and the features that carried it; None when it is ``keep``
        (the rules' own choice, which needs no other explanation). ``features``: ``kind_features``."""
        learned, scale = self._scores(features, None), self.scale
        total = {k: rules.get(k, 0.0) + scale * learned.get(k, 0.0) for k in priority}
        best = max(priority, key=total.__getitem__)  # the first of the highest: the earlier in ``priority``
        if best == keep:
            return None
        second = max(total[k] for k in priority if k != best)
        carried = self.carried(best, features) if best in self.weights else []
        return Guess("kind", best, total[best] - second, _shown(f for _, f in carried))


def _shown(features: Iterable[str]) -> tuple[str, ...]:
    """The first three features worth naming to a curator: a mark of form or a word of three letters
    or more («на», «с» weigh a little everywhere and explain nothing); an opener as its word."""
    named = (f.removeprefix(OPENS) for f in features if f.startswith(FORM) or len(f.removeprefix(OPENS)) >= 3)
    return tuple(dict.fromkeys(f.removeprefix(FORM) for f in named))[:3]
