"""Typo correction towards the rule vocabulary: «котельнай» → «котельная», «электричесво» → «электричество».

Only words the dictionary does not know are touched, and only when exactly one rule word (in any
of its forms) lies one edit away: a letter dropped, added, replaced or two letters swapped. The
look-up uses deletions on both sides (the SymSpell idea), so it is a few dictionary reads per
unknown word, cached; short words are left alone because too many words are one edit apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from classifier.lexicon import Lexicon
from classifier.normalize import is_known, lemmatize

__all__ = ["MIN_LENGTH", "Speller"]

MIN_LENGTH = 6


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Speller:
    """Corrects unknown words that are one edit away from exactly one rule word form."""

    def __init__(self, forms: Iterable[str], exclude: Iterable[str] = ()) -> None:
        self._forms: set[str] = {f for f in forms if len(f) >= MIN_LENGTH - 1}
        self._by_delete: dict[str, set[str]] = {}
        for form in self._forms:
            for key in _deletes(form) | {form}:
                self._by_delete.setdefault(key, set()).add(form)
        self._skip = frozenset(exclude)
        self._cache: dict[str, str | None] = {}

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon, exclude: Iterable[str] = ()) -> Speller:
        """Every inflected form of every word the rules use."""
        return cls((f for f in lexicon.forms() if f.isalpha()), exclude)

    def suggest(self, word: str) -> str | None:
        """The one rule word form one edit away from an unknown word, else None (cached)."""
        cached = self._cache.get(word, "")
        if cached != "":
            return cached
        result: str | None = None
        if (len(word) >= MIN_LENGTH and word.isalpha() and word not in self._forms
                and word not in self._skip and not is_known(word)):
            candidates: set[str] = set()
            for key in _deletes(word) | {word}:
                candidates.update(self._by_delete.get(key, ()))
            near = {c for c in candidates if _one_edit(word, c)}
            lemmas = {lemmatize(c) for c in near}
            if len(lemmas) == 1 and near:
                result = min(near)
        if len(self._cache) < 200_000:
            self._cache[word] = result
        return result


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one insertion, deletion, substitution or swap apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]
