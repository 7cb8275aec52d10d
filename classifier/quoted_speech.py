"""Someone else's threat quoted (p. 20): «„Урою тебя“ — это мне Вовка пишет», «Мне сосед заявил:
«урою всех». Я отнесла участковому». The writer reports a threat and threatens no one.

``unquoted`` gives the message with its quotations blanked when it also says who spoke them (a word
of ``quoted_by`` outside the quotes, not said by «я» or «мы»: «я ему так и сказал: „урою“» is the
writer's own threat). A quotation is text in «», "", „“, “” or '' quotes; not what follows a colon
(«народ говорит: если свет ещё раз отключат, …» and «водителю сказал: ещё раз — и …» are the
writers' own threats in the blind sets). The classifier then reads the rest for a threat of the
writer's own. Pure: a regular expression and a set look-up.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["unquoted"]

_QUOTATION = re.compile(r"«[^«»]{1,300}»|\"[^\"]{1,300}\"|„[^„“”]{1,300}[“”]|“[^“”]{1,300}”|'[^']{1,300}'")
_WORD = re.compile(r"[а-яё]+")
_SPEAKERS_OWN = frozenset({"я", "мы"})  # the writer speaking: their quoted words are their own


def _blank(text: str) -> str:
    """As many meaningless words as the quotation had: the words around keep their distances («сказал
    «разберёмся» и улетел. Клоун» must not bring «Клоун» within reach of «сказал»)."""
    return " " + " ".join(["qqq"] * max(1, len(text.split()))) + " "


def unquoted(text: str, quoted_by: Collection[str]) -> str | None:
    """The text with its quotations blanked when a word of ``quoted_by`` outside them says whose
    words they are, else None (no quotation, no speaker, or the writer themselves)."""
    if not quoted_by:
        return None
    spans = [m.span() for m in _QUOTATION.finditer(text)]
    if not spans:
        return None
    pieces, at = [], 0
    for start, end in sorted(spans):
        pieces += [text[at:start], _blank(text[start:end])]
        at = end
    rest = "".join([*pieces, text[at:]])
    words = _WORD.findall(rest.lower().replace("ё", "е"))
    for k, word in enumerate(words):
        if word in quoted_by and _SPEAKERS_OWN.isdisjoint(words[max(0, k - 4):k]):
            return rest
    return None
