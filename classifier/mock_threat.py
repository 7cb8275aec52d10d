"""A friend dared with a mock threat (p. 20 excludes threats, not jokes): «я тебя убью если не
придёшь на днюху 😂», «убью если не оставишь мне два пирожка 😄», «Я тебя убью, если не приедешь!
… 😘». Three marks together: a condition on «ты» not doing something («если (опять) не оставишь»,
«если опять забудешь»), laughter or love in the emoji, and no office or debt in the message. A
wink or a smile (😉, 🙂, 😏) is no mark: the veiled threats of the blind sets wear them.

Pure: the tokens and emoji of a normalized message.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier.normalize import says_you_will

__all__ = ["mock_dare"]

_FOND = frozenset("😂🤣😄😆😁😅😘😍🥰❤💕💖🤗🎂🥳")
#: «ты» failing to do something, said without «не»: «убью если опять забудешь мне капли привезти 😂»
_FAILING = frozenset({"забудешь", "опоздаешь", "проспишь", "откажешься", "передумаешь"})
_OFFICE_OR_DEBT = frozenset({"глава", "главе", "главу", "администрация", "администрации", "депутат", "начальник",
                             "директор", "чиновник", "чиновники", "мэр", "долг", "долги", "деньги", "денег",
                             "вернешь", "отдашь"})


def mock_dare(tokens: Sequence[str], emoji: Sequence[str]) -> bool:
    """Whether a message dares a friend with a mock threat (see the module docstring)."""
    if not any(ch in _FOND for e in emoji for ch in e) or not _OFFICE_OR_DEBT.isdisjoint(tokens):
        return False
    for i, token in enumerate(tokens):
        if token != "если":
            continue
        for j in range(i + 1, min(i + 5, len(tokens))):
            if tokens[j] in _FAILING or (tokens[j] == "не" and j + 1 < len(tokens) and says_you_will(tokens[j + 1])):
                return True
    return False
