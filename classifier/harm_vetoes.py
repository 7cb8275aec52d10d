"""A harm verb acting on a harmless thing (rules/threats.yaml: ``harm_unless``, ``harm_objects``,
``harm_times``): «сжечь мусор», «мусор … спалить», «убью этот принтер», «убью сегодня весь вечер».

Written as the lexicon's «unless» entries these took one entry per verb and thing (68 verbs × ~130
things: some 18,000, a third of every entry the rules held, and 9 MB of the built classifier's
memory). The threat compiler hands the lists here instead, and the exclusion rules drop the hits
of a verb's harm rule (``harm=<verb>``) where the message holds the verb by one of its things, just
where those entries matched, so the rule is vetoed exactly as before:

- ``things`` (a word or a phrase): right after the verb, or ending within ``GAP_WORDS`` words before it;
- ``objects`` (exact forms): within ``GAP_WORDS`` words either side;
- ``times`` (exact forms): right next to the verb either side, or after one of ``wholes`` («весь»,
  «целый», «все») standing within ``GAP_WORDS`` words after it;
- ``animals`` (lemmas), and the one-word things: what a pronoun right by the verb stands for, the
  nearest living being before it of the pronoun's gender and number («медведь вчера опять у помойки
  ходил, пристрелить бы его», not «медведь ходит, а глава молчит, пристрелить бы его»).

Pure: the normalized tokens and lemmas of one message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from classifier.lexicon import GAP_WORDS, Hit, Part
from classifier.normalize import may_stand_for

__all__ = ["HarmVetoes"]

_PRONOUNS = frozenset({"его", "ее", "их"})  # the verb's object, a person or an animal told of before


@dataclass(frozen=True)
class HarmVetoes:
    """Per harm rule name (``harm=убить``) its verb, and the harmless things shared by every verb."""

    verbs: Mapping[str, Part]
    things: tuple[tuple[Part, ...], ...] = ()
    objects: tuple[Part, ...] = ()
    times: tuple[Part, ...] = ()
    wholes: tuple[Part, ...] = ()
    animals: frozenset[str] = frozenset()
    #: per rule name (``harm-at=убить``) the verb of a harm wished on a person: vetoed by ``animals`` alone
    wished: Mapping[str, Part] = field(default_factory=dict)
    #: the one-word things as two sets (a token is one when its form or its lemma is a thing's), the
    #: phrases apart, and the exact forms of the objects, times and wholes: a look-up per token near a verb
    _forms: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _lemmas: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _phrases: tuple[tuple[Part, ...], ...] = field(default=(), repr=False, compare=False)
    _exact: tuple[frozenset[str], frozenset[str], frozenset[str]] = field(
        default=(frozenset(), frozenset(), frozenset()), repr=False, compare=False)

    def __post_init__(self) -> None:
        if any(not part.exact for part in (*self.objects, *self.times, *self.wholes)):
            raise ValueError("harm vetoes: objects, times and wholes are exact forms")
        single = [parts[0] for parts in self.things if len(parts) == 1 and parts[0].plain]
        object.__setattr__(self, "_forms", frozenset(form for part in single for form in part.forms))
        object.__setattr__(self, "_lemmas", frozenset(part.lemma for part in single))
        # a phrase, or a word written as an exact form («!мусор») or a stem, is matched part by part
        object.__setattr__(self, "_phrases", tuple(parts for parts in self.things
                                                   if len(parts) > 1 or not parts[0].plain))
        object.__setattr__(self, "_exact", tuple(frozenset(p.form for p in parts)
                                                 for parts in (self.objects, self.times, self.wholes)))

    def allowed(self, hits: Sequence[Hit], tokens: Sequence[str], lemmas: Sequence[str]) -> list[Hit]:
        """``hits`` less those of a harm rule whose verb the message uses on a harmless thing."""
        if not any(hit.rule.name in self.verbs or hit.rule.name in self.wished for hit in hits):
            return list(hits)
        verdicts: dict[str, bool] = {}
        kept = []
        for hit in hits:
            name = hit.rule.name
            verb = self.verbs.get(name)
            part = verb if verb is not None else self.wished.get(name)
            if part is not None:
                if name not in verdicts:
                    verdicts[name] = self.vetoed(part, tokens, lemmas, animals_only=verb is None)
                if verdicts[name]:
                    continue
            kept.append(hit)
        return kept

    def vetoed(self, verb: Part, tokens: Sequence[str], lemmas: Sequence[str], *, animals_only: bool = False) -> bool:
        """Whether ``verb`` stands by a harmless thing anywhere in the message (see the module docstring);
        ``animals_only``: by a pronoun standing for an animal or a thing, a harm wished on it."""
        n = len(tokens)
        objects, times, wholes = self._exact
        for i in range(n):
            if not verb.matches(tokens[i], lemmas[i]):
                continue
            if animals_only:
                if self._of_an_animal(i, tokens, lemmas):
                    return True
                continue
            lo, hi = max(0, i - GAP_WORDS - 1), min(n, i + GAP_WORDS + 2)
            if i + 1 < n and self._thing(i + 1, tokens, lemmas, starts=True):
                return True
            if any(self._thing(k, tokens, lemmas, starts=False) for k in range(lo, i)):
                return True
            if any(tokens[k] in objects for k in range(lo, hi) if k != i):
                return True
            if (i > 0 and tokens[i - 1] in times) or (i + 1 < n and tokens[i + 1] in times):
                return True
            if any(tokens[k] in wholes and tokens[k + 1] in times for k in range(i + 1, min(hi, n - 1))):
                return True
            if self._of_an_animal(i, tokens, lemmas):
                return True
        return False

    def _of_an_animal(self, i: int, tokens: Sequence[str], lemmas: Sequence[str]) -> bool:
        """Whether a pronoun by the verb at ``i`` («пристрелить бы его», «её бы прибить») stands for an
        animal or a harmless thing: the nearest living being before it that agrees with it."""
        near = [k for k in (i + 1, i + 2, i - 1, i - 2) if 0 <= k < len(tokens) and tokens[k] in _PRONOUNS
                and all(tokens[j] == "бы" for j in range(min(i, k) + 1, max(i, k)))]
        if not near:
            return False
        pronoun = tokens[near[0]]
        for j in range(min(i, near[0]) - 1, -1, -1):
            if may_stand_for(tokens[j], pronoun):
                return lemmas[j] in self.animals or lemmas[j] in self._lemmas
        return False

    def _thing(self, k: int, tokens: Sequence[str], lemmas: Sequence[str], *, starts: bool) -> bool:
        """Whether a thing starts (``starts``) or ends at token ``k``."""
        if tokens[k] in self._forms or lemmas[k] in self._lemmas:
            return True
        return any(_at(parts, k if starts else k - len(parts) + 1, tokens, lemmas) for parts in self._phrases)


def _at(parts: Sequence[Part], start: int, tokens: Sequence[str], lemmas: Sequence[str]) -> bool:
    """Whether ``parts`` match the tokens from ``start`` on, side by side."""
    if start < 0 or start + len(parts) > len(tokens):
        return False
    return all(part.matches(tokens[start + k], lemmas[start + k]) for k, part in enumerate(parts))
