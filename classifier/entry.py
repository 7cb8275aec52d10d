"""One rule entry as an administrator writes it, parsed into the words the lexicon matches.

* ``котельная`` — any form of the word (matched on the lemma, or on the exact token);
* ``грейдер*`` — any word starting with the stem (for words morphology gets wrong);
* ``!сдк`` — this exact token only (no lemmatization; for place names and abbreviations);
* ``!тебя|!вас`` — one of several words, each written as above (no stem): one entry, however long
  the list, where braces (classifier/rules.py ``expand``) make one entry per choice;
* ``нет тепло`` — a phrase: the words in this order, next to each other;
* ``нет ... вода`` — a phrase with up to three other words between the parts;
* a trailing ``=2`` sets the entry's weight (``котельная =2``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

__all__ = ["GAP_WORDS", "Entry", "EntryError", "Part", "parse_entry"]

GAP_WORDS = 3
_GAPS: dict[tuple[int, ...], tuple[int, ...]] = {}  # one tuple per distinct run of gaps, shared by most entries
_WEIGHT = re.compile(r"\s*=\s*(-?\d+(?:\.\d+)?)\s*$")
_PART = re.compile(r"^!?[0-9a-zа-я]+(?:\*)?$|^\.\.\.$")


class EntryError(ValueError):
    """A rule entry cannot be understood; the message says why."""


@dataclass(frozen=True, slots=True)
class Part:
    """One word of an entry: exact token, lemma (with the token as a fallback), stem, or one of ``choices``."""

    form: str
    lemma: str
    prefix: bool = False
    exact: bool = False
    forms: frozenset[str] = frozenset()  # every inflected form, for plain words; every choice's, for choices
    #: one of several words (``!тебя|!вас``): ``forms`` holds their forms, ``lemmas`` the plain ones' lemmas
    choices: tuple[Part, ...] = ()
    lemmas: frozenset[str] = frozenset()
    plain: bool = field(default=False, init=False, compare=False)  # one word, neither a stem nor an exact form

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", not self.prefix and not self.exact and not self.choices)

    def matches(self, token: str, lemma: str) -> bool:
        if self.prefix:
            return token.startswith(self.form) or lemma.startswith(self.form)
        if self.exact:
            return token == self.form
        if self.choices:
            return token in self.forms or lemma in self.lemmas
        return token in self.forms or lemma == self.lemma


@dataclass(frozen=True, slots=True)
class Entry:
    """One parsed rule entry: its words, the allowed gap after each word, and its weight."""

    text: str
    parts: tuple[Part, ...]
    gaps: tuple[int, ...]
    weight: float | None
    anchor: int | None = None  # the part to index by; None = the rarest-looking word

    @property
    def label(self) -> str:
        """How the entry is named in a label's explanation (``lemma=котельная``)."""
        if len(self.parts) > 1:
            return f"phrase={self.text}"
        part = self.parts[0]
        if part.prefix:
            return f"prefix={part.form}*"
        if part.exact:
            return f"form={part.form}"
        if part.choices:
            return f"words={part.form}"
        return f"lemma={part.form}"


def parse_entry(raw: str, lemmatize: Callable[[str], str],
                inflect: Callable[[str], frozenset[str]] | None = None) -> Entry:
    """Parse one administrator-written entry (see the module docstring for the syntax).

    A plain word matches a token whose lemma is the word's lemma, or any form in ``inflect(word)``
    (all its inflected forms: the analyzer's first guess for a token is sometimes another word).
    """
    if not isinstance(raw, str):
        raise EntryError(f"expected a word or phrase, got {raw!r}")
    return _parse_entry(raw, lemmatize, inflect)


@lru_cache(maxsize=8192)  # the topic rules read their entries twice (the signals, then the stems)
def _parse_entry(raw: str, lemmatize: Callable[[str], str],
                 inflect: Callable[[str], frozenset[str]] | None) -> Entry:
    text = raw.strip().lower().replace("ё", "е")
    weight: float | None = None
    m = _WEIGHT.search(text) if "=" in text else None  # most entries carry no weight
    if m:
        weight = float(m.group(1))
        text = text[: m.start()].strip()
    words = text.replace("-", " ").split()
    if not words:
        raise EntryError("empty entry")
    parts: list[Part] = []
    gaps: list[int] = []
    for word in words:
        if word == "...":
            if not parts:
                raise EntryError("'...' cannot start an entry")
            gaps[-1] = GAP_WORDS
            continue
        parts.append(_choices(word, lemmatize, inflect) if "|" in word else _part(word, lemmatize, inflect))
        gaps.append(0)
    if words[-1] == "...":
        raise EntryError("'...' cannot end an entry")
    gap_tuple = tuple(gaps[:-1])
    return Entry(text=" ".join(words), parts=tuple(parts), gaps=_GAPS.setdefault(gap_tuple, gap_tuple), weight=weight)


@cache
def _part(word: str, lemmatize: Callable[[str], str], inflect: Callable[[str], frozenset[str]] | None) -> Part:
    """One word of an entry, built once per word: the generated threat phrases repeat a few hundred
    words tens of thousands of times, and a plain word's paradigm is a set of up to ~200 forms."""
    if not _PART.match(word):
        raise EntryError(f"{word!r} is not a word, stem* or !form")
    if word.endswith("*"):
        stem = word[:-1].lstrip("!")
        return Part(stem, stem, prefix=True)
    if word.startswith("!"):
        return Part(word[1:], word[1:], exact=True)
    lemma = lemmatize(word)
    forms = (inflect(word) | inflect(lemma)) if inflect else frozenset()
    return Part(word, lemma, forms=forms | {word})


@cache
def _choices(word: str, lemmatize: Callable[[str], str], inflect: Callable[[str], frozenset[str]] | None) -> Part:
    """``!тебя|!вас``: one of several words, each a plain word or an exact form (a stem has no forms
    to look a token up by, so it cannot be a choice)."""
    choices = tuple(dict.fromkeys(_part(choice, lemmatize, inflect) for choice in word.split("|")))
    if any(choice.prefix for choice in choices):
        raise EntryError(f"{word!r}: a stem* cannot be one of several words")
    if len(choices) == 1:
        return choices[0]
    forms = frozenset(form for choice in choices for form in ((choice.form,) if choice.exact else choice.forms))
    lemmas = frozenset(choice.lemma for choice in choices if choice.plain)
    return Part(word, "", forms=forms, choices=choices, lemmas=lemmas)
