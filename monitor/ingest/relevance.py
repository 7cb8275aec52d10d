"""Which messages matter: the labels the pipeline stores and the relevance decision.

The classifier (classifier/) gives topic, location, importance, kind and exclusion; a source's
watch keywords and locations add relevance on top of it. Matching folds case and ё so that
«Берёзовка», «БЕРЕЗОВКА» and «березовка» are the same word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from classifier.normalize import fold
from classifier.pipeline import Incoming
from connectors.base import NetworkMessage as Record

WORD = re.compile(r"[0-9a-zа-я]+")


@dataclass(frozen=True, slots=True)
class MessageLabels:
    """What the pipeline stores for each message."""

    topic: str | None = None
    topics: tuple[str, ...] = ()
    location: str | None = None
    importance: str | None = None
    kind: str | None = None
    excluded: str | None = None
    rules: tuple[str, ...] = ()
    relevant: bool = False
    lemmas: tuple[str, ...] | None = None  # the classifier's, for the repeat finder (None: not read)


def incoming(records: Iterable[Record], official: bool) -> list[Incoming]:
    """Network records as the classifier reads them (``official``: the whole page's, p. 8)."""
    return [Incoming(r.text, r.platform, official, r.geo, r.likes, r.comments, r.reposts) for r in records]


class Labeler(Protocol):
    def label_many(self, messages: Sequence[Incoming], watch: WatchTerms | None) -> list[MessageLabels]:
        """The labels of a page of messages, in its order."""


@dataclass(frozen=True)
class WatchTerms:
    """A source's watch keywords and locations, folded; a term may be several words."""

    keywords: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    query: Any = None  # a compiled classifier query, when the settings give one
    _single: frozenset[str] = field(default=frozenset(), repr=False)
    _phrases: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def of(cls, keywords: Iterable[str], locations: Iterable[str], query: Any = None) -> WatchTerms:
        kw = tuple(fold(k).strip() for k in keywords if k.strip())
        loc = tuple(fold(k).strip() for k in locations if k.strip())
        terms = kw + loc
        single = frozenset(t for t in terms if " " not in t)
        phrases = tuple(t for t in terms if " " in t)
        return cls(kw, loc, query, single, phrases)

    def match(self, text: str) -> str | None:
        """The first watch term the text contains, by whole word or phrase; None if none."""
        folded = fold(text)
        for word in WORD.findall(folded):
            if word in self._single:
                return word
        for phrase in self._phrases:
            if phrase in folded:
                return phrase
        return None


class KeywordLabeler:
    """Relevance by watch terms alone: the fallback when no classifier rules are available."""

    def label_many(self, messages: Sequence[Incoming], watch: WatchTerms | None) -> list[MessageLabels]:
        return [self._label(message.text, watch) for message in messages]

    @staticmethod
    def _label(text: str, watch: WatchTerms | None) -> MessageLabels:
        hit = watch.match(text) if watch else None
        return MessageLabels(relevant=hit is not None, rules=(f"watch:term={hit}",) if hit else ())
