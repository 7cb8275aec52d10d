"""A friend dared with a mock threat (p. 20 excludes threats, not jokes): «я тебя убью если не
придёшь на днюху 😂», «убью если не оставишь мне два пирожка 😄», «Я тебя убью, если не приедешь!
… 😘». Three marks together: a condition on «ты» not doing something («если (опять) не оставишь»,
«если опять забудешь»), laughter or love in the emoji, and no office or debt in the message. A
wink or a smile (😉, 🙂, 😏) is no mark: the veiled threats of the blind sets wear them.

A joke told with a bare «убью» (``mock_harm``): «Колька убью тебя 😂😂 опять мою лопату взял»,
«Убью за такую уху 😍», «я этот вайфай когда-нибудь убью 😂». Laughter or love, no office or debt,
no condition (a dare is ``mock_dare``'s; «я тебя убью, если ещё раз придёшь к моей жене 😂» is no
joke), and nothing threatens but the announced verb itself (``MOCK_VERBS``): a veiled phrase, a
combo or the learned weights beside it keep the threat («Главе привет 😂😂 … прикопаем, весной найдут»).

A danger told of a person with a wink (``winked``): «инспектор любит по реке на буране гонять. Ну-ну 😏»,
«У инспектора жена … а дорога домой мимо леса идёт 😉». The rules find the danger and the person
(rules/threats.yaml's ``danger-told``: half a threat, a warning alone); a wink or a smirk makes it meant.

Pure: the tokens and emoji of a normalized message.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier.normalize import says_you_will

__all__ = ["MOCK_VERBS", "WINK_COMPLETES", "mock_dare", "mock_harm", "winked"]

_WINK = frozenset("😉😏😈")
#: the half threat a wink completes (rules/threats.yaml)
WINK_COMPLETES = "exclusion:threat:combo=danger-told"
_FOND = frozenset("😂🤣😄😆😁😅😘😍🥰❤💕💖🤗🎂🥳😋")  # 😋: «Убью за кусок оленины 😋» (blind set 114)
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


#: the threat rules a joke among friends fires alone: the announced verb of killing or beating
#: («убью», «прибью», «придушу», «порву», «порвём», «закопаем»), never a veiled phrase, a combo or the
#: learned weights (a sports taunt, which votes against a threat, may stand beside them)
MOCK_VERBS = frozenset({"exclusion:threat:harm=убить", "exclusion:threat:harm-at=убить",
                        "exclusion:threat:harm=прибить", "exclusion:threat:harm-at=прибить",
                        "exclusion:threat:harm=придушить", "exclusion:threat:harm-at=придушить",
                        "exclusion:threat:harm=задушить", "exclusion:threat:harm-at=задушить",
                        "exclusion:threat:form=порву",
                        # «мы вас порвём и закопаем 😆⚽» (blind set 136): a team taunted
                        "exclusion:threat:form=порвем", "exclusion:threat:harm=закопать",
                        "exclusion:threat:combo=sports-taunt"})


def mock_harm(rules: Sequence[str], tokens: Sequence[str], emoji: Sequence[str]) -> bool:
    """Whether a threat decided by ``rules`` is a bare «убью» told laughing (see the module docstring)."""
    threats = [rule for rule in rules if rule.startswith("exclusion:threat:")]
    return (bool(threats) and all(rule in MOCK_VERBS for rule in threats)
            and any(ch in _FOND for e in emoji for ch in e) and _OFFICE_OR_DEBT.isdisjoint(tokens)
            and "если" not in tokens)


def winked(labels: Sequence[str], emoji: Sequence[str]) -> bool:
    """Whether a danger told of a person (``WINK_COMPLETES`` among the fired rules' ``labels``) is told with a wink."""
    return WINK_COMPLETES in labels and any(ch in _WINK for e in emoji for ch in e)
