"""The insult lists of exclusion.yaml as the classifier reads them, prepared once at compile time:
two-word phrases also in the other order, and the plain words a masked spelling may stand for."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from classifier.normalize import part_of_speech

__all__ = ["both_orders", "plain_words"]

_TWO_WORDS = re.compile(r"([а-яё-]+) ([а-яё-]+)((?: =-?[0-9.]+)?)")


#: not turned round: the farm's animals («курица тупая» is as often a hen)
_ONE_ORDER = frozenset({"курица", "корова", "свинья", "баран", "коза", "овца", "гусь", "петух"})
#: a phrase turned round is made of these only: nouns and adjectives («ходячее недоразумение»), not
#: an address («ты больной»), a preposition («клоуны в») or a verb («крысы сидят»)
_TURNED = frozenset({"NOUN", "ADJF", "ADJS", "PRTF"})


def both_orders(words: list[Any], lemmatize: Callable[[str], str]) -> list[Any]:
    """The insult words with every phrase of a noun and an adjective also in the other order:
    «ходячее недоразумение» and «недоразумение ходячее», «гнилой пень» and «пень гнилой» (blind set 64)."""
    listed = set(w for w in words if isinstance(w, str))
    out = list(words)
    for word in words:
        m = _TWO_WORDS.fullmatch(word) if isinstance(word, str) else None
        if m and not _ONE_ORDER.intersection(map(lemmatize, m.group(1, 2))) and all(
                part_of_speech(w) in _TURNED for w in m.group(1, 2)):
            other = f"{m.group(2)} {m.group(1)}{m.group(3)}"
            if other not in listed:
                listed.add(other)
                out.append(other)
    return out


def plain_words(listed: Any) -> list[str]:
    """The single plain words of an insult list of at least five letters and full weight («дармоед»,
    not «лох», «алкаш =0.5» or a phrase)."""
    found = []
    for raw in listed if isinstance(listed, list) else ():
        word, _, weight = str(raw).partition("=")
        word = word.strip().lstrip("!").replace("ё", "е")
        if word.isalpha() and len(word) >= 5 and (not weight or float(weight) >= 1):
            found.append(word)
    return found
