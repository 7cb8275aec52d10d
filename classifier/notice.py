"""What an announcement looks like beyond its words: a sender's name and a colon first («ДЭС
села: …», «Администрация района: …»), an address to the residents («Жители посёлка!»),
clock times and time ranges («с 9 до 12», «в 18:00») and calendar dates («5 июня», «с 1 ноября»).

An administration's, a utility's or a school's notice reports the same things residents complain
about (no power, no water, a road closed), in the same words; these marks of the form tell the two
apart. ``notice_marks`` reads them from a message's folded text (lower case, ё as е).
"""

from __future__ import annotations

import re

from classifier.normalize import part_of_speech

__all__ = ["MARKS", "notice_marks"]

MARKS = ("header", "times", "dates")

_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
#: «дэс села:», «котельная №1 посёлка:», «администрация района:», «водоканал сообщает:»
_HEADER = re.compile(r"^[\s\W]*([а-яa-z0-9«»\"№.\- ]{2,60}?)\s*:\s+\S")
#: «жители посёлка!», «уважаемые жители!», «внимание!»
_ADDRESS = re.compile(r"^[\s\W]*(?:уважаемые\s+)?(?:жители|жильцы|родители|односельчане)(?:\s+[а-я]+){0,2}\s*!")
#: a header is a name: none of these words, which start a resident's own sentence («вопрос:», «у нас:»)
_NOT_A_SENDER = frozenset({
    "я", "мы", "у", "нас", "вас", "меня", "мне", "вопрос", "вопросы", "итог", "итого", "короче", "кто", "как",
    "когда", "где", "почему", "зачем", "что", "подскажите", "скажите", "помогите", "люди", "ребята", "народ",
    "друзья", "соседи", "слушайте", "смотрите", "внимание", "кстати", "спасибо", "ответ", "пс", "ps", "upd",
    "update", "апд", "дополнение", "предложение", "жалоба", "просьба", "обращение",
})
_TIME_RANGE = re.compile(r"(?<![\w:])(?:с|со)\s+\d{1,2}(?:[:.]\d{2})?\s+(?:до|по)\s+\d{1,2}")
_CLOCK = re.compile(r"(?<![\w:])\d{1,2}:\d{2}(?![\w:])")
#: cheap patterns that start with a digit (the regex engine skips ahead to digits), tried first
_RANGE_HINT = re.compile(r"\d\s+(?:до|по)\s+\d")
_DATE_HINT = re.compile(rf"\d\s*(?:{_MONTHS})")
_DATE = re.compile(rf"(?<![\w])\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_MONTHS})(?![а-я])")


#: the parts of speech a sender's name is made of («котельная №1 посёлка», «центр занятости района»)
_NAME_PARTS = frozenset({"NOUN", "ADJF", "ADJS", "NUMR", "PREP", "CONJ", "PRTF", None})  # a village may read as ADJS
#: the verbs a sender announces with: «водоканал сообщает:», «охотинспекция предупреждает:»
_ANNOUNCING = frozenset({"сообщает", "сообщают", "информирует", "предупреждает", "напоминает", "объявляет",
                         "извещает", "уведомляет"})


def _is_sender(name: str) -> bool:
    """Whether the words before a colon name a sender: a few nouns and adjectives, not a sentence."""
    words = re.findall(r"[а-яa-z0-9]+", name)
    return (1 <= len(words) <= 6 and not _NOT_A_SENDER.intersection(words)
            and all(w in _ANNOUNCING or part_of_speech(w) in _NAME_PARTS for w in words))


def notice_marks(text: str) -> dict[str, bool]:
    """Which marks of an announcement a message's folded text carries."""
    header = False
    if ":" in text[:64]:  # cheap tests first: most messages have neither a header nor a number
        m = _HEADER.match(text)
        header = m is not None and len(m.group(1)) < len(text) // 2 and _is_sender(m.group(1))
    if not header and "!" in text:
        header = _ADDRESS.match(text) is not None
    # substring tests before each pattern: a pattern scanned over every message costs more than the rest
    times = bool((":" in text and _CLOCK.search(text))
                 or ((" до " in text or " по " in text) and _RANGE_HINT.search(text) and _TIME_RANGE.search(text)))
    dates = _DATE_HINT.search(text) is not None and _DATE.search(text) is not None
    return {"header": header, "times": times, "dates": dates}
