"""People's names in a message, so that a surname that is also an insult is read as a name.

«Глава поселения Козлов», «Баранов Иван Петрович», «спасибо участковому Дуракову»: many common
surnames are forms of words that insult («козлов», «баранов», «дураков»). A capitalised word is
taken for a name where the sentence does not explain its capital (it stands inside a sentence),
where a capitalised word or an initial follows it («Козлов Иван», «Козлов И. П.»), or where
pymorphy3 reads it first as a surname. A word in capitals is shouting, never a name.
"""

from __future__ import annotations

import re

from classifier.normalize import fold, is_surname

__all__ = ["person_names"]

_WORD = re.compile(r"[А-ЯЁа-яё]+")
_NEXT_IS_NAME = re.compile(r"[ \t]+(?:[А-ЯЁ][а-яё]+|[А-ЯЁ]\.)")
_BEFORE_SENTENCE = ".!?…\n"
_OPENING = " \t\"'«„“(—–-:"


def person_names(text: str) -> frozenset[str]:
    """The folded words of ``text`` written as people's names (see the module's docstring)."""
    names = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 3 or not word[0].isupper() or not word[1:].islower():
            continue
        before = text[:match.start()].rstrip(_OPENING)
        inside = bool(before) and before[-1] not in _BEFORE_SENTENCE
        folded = fold(word)
        if inside or _NEXT_IS_NAME.match(text, match.end()) or is_surname(folded):
            names.add(folded)
    return frozenset(names)
