"""A complaint phrased as a question: the problem stated first, then asked about.

«Стая собак кидается на детей, уже двоих покусали. Когда будет отлов?» reports a problem and asks
only rhetorically; «Когда будет рейс на Петропавловск? Хочу слетать к врачу» wants an answer. A
resident who wants information opens with the question (or a «подскажите»); one who complains
opens with what is wrong. ``stated_then_asked`` reads that form from a message's folded text.

An announcement's words asked about («когда отопительный сезон начнется?», «библиотека открыта?»)
announce nothing: ``asked_only`` tells a word a message uses only in its questions.

«Может на мосту поставить фонарь?», «Может хоть раз в неделю поливать…» propose: a sentence opening
with «может» whose verb is an infinitive (``proposes``); «Может кто-то объяснить…», «может
охотники помогут» ask or complain (a subject, a finite verb).
"""

from __future__ import annotations

import re

from classifier.normalize import part_of_speech

__all__ = ["asked_only", "proposes", "stated_then_asked"]

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


#: «может» opening a sentence (or after «а», «и»), and the words after it up to the sentence's end
_MAY = re.compile(r"(?:^|[.!?…\n]\s*|\bа\s+|\bи\s+)может\s+([^.!?…\n]*)")
MAY_WORDS = 6  # «Может хоть раз в неделю поливать»: the infinitive comes within this many words
#: words after «может» that make it a finite «can» (a subject) or another cue's («может быть», «может стоит»)
_NOT_PROPOSING = frozenset({
    "кто", "кто-то", "кто-нибудь", "вы", "они", "он", "она", "я", "мы", "пора", "быть", "стоит", "есть", "уже",
})


def proposes(text: str) -> bool:
    """Whether a message's folded text proposes with «может» and an infinitive («Может поставить…?»)."""
    if "может " not in text:
        return False
    for m in _MAY.finditer(text):
        for word in _WORD.findall(m.group(1))[:MAY_WORDS]:
            if word in _NOT_PROPOSING:
                break
            pos = part_of_speech(word)
            if pos == "INFN":
                return True
            if pos == "VERB":
                break
    return False
