"""A complaint phrased as a question: the problem stated first, then asked about.

«Стая собак кидается на детей, уже двоих покусали. Когда будет отлов?» reports a problem and asks
only rhetorically; «Когда будет рейс на Петропавловск? Хочу слетать к врачу» wants an answer. A
resident who wants information opens with the question (or a «подскажите»); one who complains
opens with what is wrong. ``stated_then_asked`` reads that form from a message's folded text.

An announcement's words asked about («когда отопительный сезон начнется?», «библиотека открыта?»)
announce nothing: ``asked_words`` gives the words a message uses only in its questions.
"""

from __future__ import annotations

import re

__all__ = ["asked_words", "stated_then_asked"]

#: the first sentence: up to the first run of sentence-ending marks or a line break
_FIRST = re.compile(r"\s*([^.!?…\n]+)([.!?…]+|\n)")
#: a sentence and the marks that end it (the last one may end with none)
_SENTENCE = re.compile(r"([^.!?…\n]+)([.!?…\n]*)")
_WORD = re.compile(r"[0-9a-zа-я]+")
MIN_WORDS = 4  # «Воды нет.» is too short to tell a statement from a lead-in («Вопрос такой.»)


def stated_then_asked(text: str) -> bool:
    """Whether a message opens with a statement of at least MIN_WORDS words and asks later."""
    first = _FIRST.match(text)
    if first is None or "?" in first.group(2):
        return False
    return "?" in text[first.end():] and len(_WORD.findall(first.group(1))) >= MIN_WORDS


def asked_words(text: str) -> frozenset[str]:
    """The words a message's folded text has in its questions (sentences ending in «?») and nowhere else."""
    asked: set[str] = set()
    told: set[str] = set()
    for sentence, end in _SENTENCE.findall(text):
        (asked if "?" in end else told).update(_WORD.findall(sentence))
    return frozenset(asked - told)
