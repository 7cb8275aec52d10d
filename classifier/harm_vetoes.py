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
  «целый», «все») standing within ``GAP_WORDS`` words after it.

Pure: the normalized tokens and lemmas of one message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from classifier.lexicon import GAP_WORDS, Hit, Part

__all__ = ["HarmVetoes"]


@dataclass(frozen=True)
class HarmVetoes:
    """Per harm rule name (``harm=убить``) its verb, and the harmless things shared by every verb."""

    verbs: Mapping[str, Part]
    things: tuple[tuple[Part, ...], ...] = ()
    objects: tuple[Part, ...] = ()
    times: tuple[Part, ...] = ()
    wholes: tuple[Part, ...] = ()
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
        if not any(hit.rule.name in self.verbs for hit in hits):
            return list(hits)
        verdicts: dict[str, bool] = {}
        kept = []
        for hit in hits:
            verb = self.verbs.get(hit.rule.name)
            if verb is not None:
                if hit.rule.name not in verdicts:
                    verdicts[hit.rule.name] = self.vetoed(verb, tokens, lemmas)
                if verdicts[hit.rule.name]:
                    continue
            kept.append(hit)
        return kept

    def vetoed(self, verb: Part, tokens: Sequence[str], lemmas: Sequence[str]) -> bool:
        """Whether ``verb`` stands by a harmless thing anywhere in the message (see the module docstring)."""
        n = len(tokens)
        objects, times, wholes = self._exact
        for i in range(n):
            if not verb.matches(tokens[i], lemmas[i]):
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
