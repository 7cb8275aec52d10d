"""Where a phrase matches around its anchor word: the exact check behind the lexicon's cheap filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from classifier.lexicon import Entry, Part

__all__ = ["phrase_span"]


def phrase_span(entry: Entry, anchor: int, at: int, tokens: Sequence[str], lemmas: Sequence[str]) -> tuple[int, int]:
    """(start, end) of the phrase whose anchor word is at ``at``, or (-1, -1) if it does not match."""
    parts, gaps, n = entry.parts, entry.gaps, len(tokens)
    if not any(gaps):  # the usual phrase: words side by side
        start = at - anchor
        end = start + len(parts)
        if start < 0 or end > n:
            return -1, -1
        for k, part in enumerate(parts):
            if k == anchor:
                continue
            token = tokens[start + k]
            if part.plain:
                if token not in part.forms and lemmas[start + k] != part.lemma:
                    return -1, -1
            elif not part.matches(token, lemmas[start + k]):
                return -1, -1
        return start, end
    if len(parts) == 2:  # «рука ... сломаю»: the other word within the gap, nearest first
        other = parts[1 - anchor]
        if anchor == 0:
            for j in range(at + 1, min(n, at + gaps[0] + 2)):
                if other.matches(tokens[j], lemmas[j]):
                    return at, j + 1
        else:
            for j in range(at - 1, max(-1, at - gaps[0] - 2), -1):
                if other.matches(tokens[j], lemmas[j]):
                    return j, at + 1
        return -1, -1

    end = _forward(parts, gaps, anchor + 1, at, tokens, lemmas)
    if end < 0:
        return -1, -1
    start = _backward(parts, gaps, anchor - 1, at, tokens, lemmas) if anchor else at + 1
    return (start - 1, end) if start >= 0 else (-1, -1)


def _forward(parts: Sequence[Part], gaps: Sequence[int], k: int, pos: int, tokens: Sequence[str],
             lemmas: Sequence[str]) -> int:
    """The end of parts[k:] matched after ``pos`` within their gaps (the first way that works), or -1."""
    if k == len(parts):
        return pos + 1
    part = parts[k]
    for j in range(pos + 1, min(len(tokens), pos + gaps[k - 1] + 2)):
        if part.matches(tokens[j], lemmas[j]):
            end = _forward(parts, gaps, k + 1, j, tokens, lemmas)
            if end >= 0:
                return end
    return -1


def _backward(parts: Sequence[Part], gaps: Sequence[int], k: int, pos: int, tokens: Sequence[str],
              lemmas: Sequence[str]) -> int:
    """One past the start of parts[:k + 1] matched before ``pos`` within their gaps, or -1."""
    if k < 0:
        return pos + 1
    part = parts[k]
    for j in range(pos - 1, max(-1, pos - gaps[k] - 2), -1):
        if part.matches(tokens[j], lemmas[j]):
            start = _backward(parts, gaps, k - 1, j, tokens, lemmas)
            if start >= 0:
                return start
    return -1
