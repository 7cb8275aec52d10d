"""Typo correction towards the rule vocabulary: «котельнай» → «котельная», «электричесво» → «электричество».

Only words the dictionary does not know are touched (and no surname: «Тупицын» is no «тупицы»), and
only when exactly one rule word (in any of its forms) lies one edit away: a letter dropped, added,
replaced or two letters swapped. The candidates are generated on the fly (every one-edit variant
of the unknown word, a few hundred strings) and looked up in the set of rule word forms: a set of
~40,000 forms instead of a precomputed index of every deletion of every form (~120 MB), at a
fraction of a millisecond per distinct unknown word, cached. Short words are left alone because
too many words are one edit apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from classifier.lexicon import Lexicon
from classifier.normalize import is_known, is_surname, lemmatize

__all__ = ["MIN_LENGTH", "Speller"]

MIN_LENGTH = 6
_CACHE_LIMIT = 200_000


class Speller:
    """Corrects unknown words that are one edit away from exactly one rule word form."""

    def __init__(self, forms: Iterable[str], exclude: Iterable[str] = ()) -> None:
        # a form one edit from a word of MIN_LENGTH letters or more has at least MIN_LENGTH - 1
        self._forms: frozenset[str] = frozenset(f for f in forms if len(f) >= MIN_LENGTH - 1)
        #: the letters the forms are written with: the only ones a replaced or dropped letter can be
        self._alphabet = "".join(sorted(set("".join(self._forms))))
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
            near = self._forms.intersection(_edits(word, self._alphabet))
            lemmas = {lemmatize(c) for c in near}
            if len(lemmas) == 1 and near and not is_surname(word):  # asked last: a parse is dear
                result = min(near)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = result
        return result


def _edits(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, transposition of neighbours, replacement or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    found.update(a + c + b[1:] for a, b in splits if b for c in alphabet)
    found.update(a + c + b for a, b in splits for c in alphabet)
    found.discard(word)
    return found
