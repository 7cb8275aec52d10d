"""People's names in a message, so that a surname that is also an insult is read as a name.

«Глава поселения Козлов», «Баранов Иван Петрович», «спасибо участковому Дуракову»: many common
surnames are forms of words that insult («козлов», «баранов», «дураков»). A capitalised word
with a surname's ending (-ов, -ев, -ин, -ын and their cases) is taken for a name where the
sentence does not explain its capital (it stands inside a sentence), where a capitalised word or
an initial follows it («Козлов Иван», «Козлов И. П.»), or where pymorphy3 reads it first as a
surname. An insult capitalised for emphasis has no such ending («эти Твари», «Бараны в
галстуках», «— Крыса»), and a word in capitals is shouting: neither is a name.
"""

from __future__ import annotations

import re

from classifier.normalize import fold, is_surname

__all__ = ["person_names"]

_WORD = re.compile(r"[А-ЯЁа-яё]+")
# «Козлов», «Козлова», «Козловым», «Козловы»; «Свиньин», «Свиньиной», but not a plural in -ины, which
# is as often a noun's («Кретины», «Скотины»)
_SURNAME_ENDING = re.compile(r"(?:(?:ов|ев|ёв)(?:а|у|ым|ой|ою|ы|ых|ыми|е)?|(?:ин|ын)(?:а|у|ым|ой|ою|е)?)$")
_FAMILY = re.compile(r"(?:ов|ев|ёв)(?:ы|ых|ыми)$")
_NEXT_IS_NAME = re.compile(r"[ \t]+(?:[А-ЯЁ][а-яё]+|[А-ЯЁ]\.)")
_BEFORE_SENTENCE = ".!?…\n"
_OPENING = " \t\"'«„“(—–-:"
_LOOK_BACK = 16  # characters before a word that tell whether a sentence starts there


def person_names(text: str) -> frozenset[str]:
    """The folded words of ``text`` written as people's names (see the module's docstring)."""
    names = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 4 or not word[0].isupper() or not word[1:].islower() or not _SURNAME_ENDING.search(word):
            continue
        before = text[max(0, match.start() - _LOOK_BACK):match.start()].rstrip(_OPENING)  # not the whole text
        inside = bool(before) and before[-1] not in _BEFORE_SENTENCE
        folded = fold(word)
        family = _FAMILY.search(word) is not None  # «Дураковы, спасибо вам»: a family, not a word's plural
        if inside or family or _NEXT_IS_NAME.match(text, match.end()) or is_surname(folded):
            names.add(folded)
    return frozenset(names)
