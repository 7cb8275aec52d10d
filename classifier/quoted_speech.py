"""Someone else's threat quoted (p. 20): «„Урою тебя“ — это мне Вовка пишет», «Мне сосед заявил:
«урою всех». Я отнесла участковому». The writer reports a threat and threatens no one.

``unquoted`` gives the message without its quotations when it also says who spoke them (a word of
``quoted_by`` outside the quotes, not said by «я» or «мы»: «я ему так и сказал: „урою“» is the
writer's own threat). The classifier then reads the rest for a threat of the writer's own.
Pure: a regular expression and a set look-up.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["unquoted"]

_QUOTATION = re.compile(r"«[^«»]{1,300}»|\"[^\"]{1,300}\"|„[^„“”]{1,300}[“”]|“[^“”]{1,300}”")
_WORD = re.compile(r"[а-яё]+")
_SPEAKERS_OWN = frozenset({"я", "мы"})  # the writer speaking: their quoted words are their own


def _placeholder(match: re.Match[str]) -> str:
    """As many meaningless words as the quotation had: the words around keep their distances («сказал
    «разберёмся» и улетел. Клоун» must not bring «Клоун» within reach of «сказал»)."""
    return " " + " ".join(["qqq"] * max(1, len(match.group().split()))) + " "


def unquoted(text: str, quoted_by: Collection[str]) -> str | None:
    """The text with its quotations blanked out when a word of ``quoted_by`` outside them says whose
    words they are, else None (no quotation, no speaker, or the writer themselves)."""
    if not quoted_by or not _QUOTATION.search(text):
        return None
    rest = _QUOTATION.sub(_placeholder, text)
    words = _WORD.findall(rest.lower().replace("ё", "е"))
    for k, word in enumerate(words):
        if word in quoted_by and _SPEAKERS_OWN.isdisjoint(words[max(0, k - 4):k]):
            return rest
    return None
