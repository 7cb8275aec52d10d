"""A complaint phrased as a question: the problem stated first, then asked about.

«Стая собак кидается на детей, уже двоих покусали. Когда будет отлов?» reports a problem and asks
only rhetorically; «Когда будет рейс на Петропавловск? Хочу слетать к врачу» wants an answer. A
resident who wants information opens with the question (or a «подскажите»); one who complains
opens with what is wrong. ``stated_then_asked`` reads that form from a message's folded text.

An announcement's words asked about («когда отопительный сезон начнется?», «библиотека открыта?»)
announce nothing: ``asked_only`` tells a word a message uses only in its questions.
"""

from __future__ import annotations

import re

__all__ = ["asked_only", "stated_then_asked"]

#: the first sentence: up to the first run of sentence-ending marks or a line break
_FIRST = re.compile(r"\s*([^.!?…\n]+)([.!?…]+|\n)")
_WORD = re.compile(r"[0-9a-zа-я]+")
MIN_WORDS = 4  # «Воды нет.» is too short to tell a statement from a lead-in («Вопрос такой.»)


def stated_then_asked(text: str) -> bool:
    """Whether a message opens with a statement of at least MIN_WORDS words and asks later."""
    first = _FIRST.match(text)
    if first is None or "?" in first.group(2):
        return False
    return "?" in text[first.end():] and len(_WORD.findall(first.group(1))) >= MIN_WORDS


_ENDS = ".!?…\n"
_MARKS = ".!?…"


def _asks(text: str, start: int) -> bool:
    """Whether the sentence running on from ``start`` ends in a run of marks with «?» («…?», «?!»)."""
    ends = [i for i in map(lambda mark: text.find(mark, start), _ENDS) if i >= 0]
    if not ends:
        return False
    run = end = min(ends)
    while end < len(text) and text[end] in _MARKS:
        end += 1
    return "?" in text[run:end]


def asked_only(text: str, word: str) -> bool:
    """Whether a message's folded text has ``word`` and only in questions (sentences ending in «?»)."""
    found = False
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            if not _asks(text, end):
                return False
            found = True
        at = text.find(word, end)
    return found
