"""A word spelt out letter by letter («б л я т ь») among one-letter words of its own («я х у е ю с этих
тарифов»): the runs of single letters the obscene-word scan (classifier/exclusion.py) tries."""

from __future__ import annotations

__all__ = ["spaced_words"]

#: one-letter words a spaced-out word may stand beside
_ONE_LETTER_WORDS = frozenset("явскуоаи")


def spaced_words(run: list[str]) -> list[list[str]]:
    """The run of single letters, then the same without the one-letter words (up to two) at either
    end that may be words of their own: «я х у е ю с» is «я» + «хуею» + «с»."""
    found = [run]
    for start in range(3):
        if start and run[start - 1] not in _ONE_LETTER_WORDS:
            break
        for end in range(len(run), len(run) - 3, -1):
            if end < len(run) and run[end] not in _ONE_LETTER_WORDS:
                break
            if (start or end < len(run)) and end - start >= 3:
                found.append(run[start:end])
    return found
