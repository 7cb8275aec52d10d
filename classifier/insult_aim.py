"""Whether a word that may insult is aimed at a person, read from its neighbours in the message.

An ambiguous word («козёл», «курица») insults only near a person it can be aimed at («ты», «глава»,
«водитель»), paired with a trait of character («корова ленивая», «баба базарная») or said of a person
as what they are («сантехник у нас олень»: ``predicated``); a word someone
else is reported to use («называет их “дураками”») is quoted, not the writer's; a word written as a
person's name («Глава поселения Козлов») is a name. Pure functions over the lexicon's hits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.lexicon import Hit
from classifier.normalize import (
    agrees_as_subject,
    is_imperative,
    may_be_first_name,
    may_be_subject,
    names_person,
    part_of_speech,
    reads_as_modifier,
)
from classifier.person_names import person_names
from classifier.threats import GROUP

__all__ = ["TARGETING_GROUP", "aimed_near", "is_beast", "is_insult", "paired", "predicated", "reported",
           "without_names"]

TARGETING_GROUP = "insult_target"  # ambiguous insults and the people they may be aimed at
TARGET_WINDOW = 4  # an ambiguous insult counts within this many words of a person
REPORT_WINDOW = 3  # an insult this many words after «называет» is quoted, not used
_ADDRESSED = re.compile(r"!?(?:ты|вы)\s")  # an insult entry that starts by addressing the reader


def is_insult(hit: Hit) -> bool:
    """A word that insults, alone or (``targeted``) next to a person."""
    return (hit.rule.code == "insult" and hit.rule.group == GROUP) or (
        hit.rule.group == TARGETING_GROUP and hit.rule.code == "targeted")


def is_beast(hit: Hit) -> bool:
    """A beast or a thing a person may be called («овца», «синяк»): an insult only by its place in the message."""
    return hit.rule.group == TARGETING_GROUP and hit.rule.code == "beast"


def without_names(hits: list[Hit], raw_text: str, tokens: Sequence[str]) -> list[Hit]:
    """``hits`` less the insult words that are people's names in the message (classifier/person_names.py)."""
    if not any(is_insult(h) for h in hits):
        return hits
    names = person_names(raw_text)
    if not names:
        return hits
    # a set phrase is kept whole («Наполеон недоделанный»): only a single word is read as a name
    return [h for h in hits if not (is_insult(h) and h.end - h.position == 1 and tokens[h.position] in names)]


def reported(hits: list[Hit], verbs: list[Hit]) -> set[int]:
    """Positions of insults someone else is reported to use: «называет их “дураками”, “дебилами”».

    An insult within REPORT_WINDOW words after a reporting verb is quoted («написали, что я
    “тупая корова”»), and so is one within two words after a quoted one (a list of names); a
    complaint about the name-caller is not abuse. An insult addressed to the reader («вы дебилы»)
    is the writer's own and never taken as quoted.
    """
    insults = sorted(h.position for h in hits if not _ADDRESSED.match(h.entries[0]) and (is_insult(h) or _in_pair(h)))
    starts = [v.position for v in verbs]
    quoted: set[int] = set()
    last = -10
    for position in insults:
        if position - last <= 2 or any(0 < position - start <= REPORT_WINDOW for start in starts):
            quoted.add(position)
            last = position
    return quoted


def aimed_near(insults: list[Hit], people: list[Hit], tokens: Sequence[str] | None = None,
               lemmas: Sequence[str] | None = None, offices: Sequence[Hit] = ()) -> str:
    """The ambiguous insult standing within a few words of a person («ты ... козел»), or "". With
    ``tokens``, a person right after «у» owns what is named, no one it is aimed at («свиньи у соседа»);
    with ``lemmas`` too, an adjective said of a thing is aimed at no one (``of_a_thing``)."""
    if tokens is not None:
        if lemmas is not None:
            insults = [h for h in insults if not of_a_thing(h, tokens, lemmas, [*people, *offices])]
        people = [p for p in people if p.position == 0 or tokens[p.position - 1] != "у"]
    for insult in insults:
        for person in people:
            if abs(insult.position - person.position) <= TARGET_WINDOW and insult.position != person.position:
                return insult.entries[0]
    return ""


def of_a_thing(insult: Hit, tokens: Sequence[str], lemmas: Sequence[str], people: Sequence[Hit]) -> bool:
    """Whether an ambiguous insult of one word that is an adjective is said of a thing, whoever stands
    near: after its subject («в столовой ножи такие тупые, что тётя Валя хлеб руками ломает») or before
    the noun it qualifies («тупые вопросы в тесте»), a nominative it agrees with that names no person,
    office or one of ``people`` («соседи такие тупые»)."""
    at = insult.position
    if insult.end != at + 1 or part_of_speech(tokens[at]) != "ADJF":
        return False
    k = at - 1
    while k >= 0 and at - k <= 3 and tokens[k] in _DEGREE:
        k -= 1
    return any(0 <= i < len(tokens) and part_of_speech(tokens[i]) == "NOUN" and agrees_as_subject(tokens[i], tokens[at])
               and not names_person(lemmas[i]) and lemmas[i] not in _COLLECTIVES
               and not any(p.position == i for p in people) for i in (k, at + 1))


def _in_pair(hit: Hit) -> bool:
    """A beast or a trait of ``paired``: quoted as an insult is when someone else said it."""
    return hit.rule.group == TARGETING_GROUP and hit.rule.code in ("beast", "trait")


def paired(beasts: Sequence[Hit], traits: Sequence[Hit], quoted: set[int]) -> str:
    """The label of a beast or a mug standing right beside a trait of character, either order
    («корова ленивая», «пропитая рожа», «овцы диванные»), or "". The lists leave out the traits a
    real animal has («жирный», «старый»), so the pair is said of a person."""
    after = {t.position: t for t in traits if t.position not in quoted}  # a trait starting where a beast ends
    before = {t.end: t for t in traits if t.position not in quoted}  # a trait ending where a beast starts
    for beast in beasts:
        if beast.position in quoted:
            continue
        trait = after.get(beast.end) or before.get(beast.position)
        if trait is not None:
            return f"exclusion:insult:trait={beast.entries[0]} {trait.entries[0]}"
    return ""


#: words that may stand between a person and what the writer calls them («сантехник у нас просто олень»)
_BETWEEN = frozenset({"наш", "наша", "наши", "у", "нас", "вообще", "просто", "же", "ну", "этот", "эта", "эти",
                      "сплошные", "одни", "сплошной", "тот", "та", "еще", "самый", "самая", "полный", "полная",
                      "типичный", "типичная", "какой", "какая", "то", "вылитый", "вылитая", "прям", "прямо", "реально",
                      "как", "напротив", "них", "вас", "сам", "сама", "сами"})
#: offices and bodies whose people a beast may be said of («пенсионный фонд у нас сплошные тюлени»)
_COLLECTIVES = frozenset({"администрация", "фонд", "управляйка", "контора", "отдел", "правление", "совет",
                          "руководство", "начальство", "власть", "приход", "мэрия", "дума", "бухгалтерия"})
#: what may stand between a thing and the adjective said of it: «ножи такие тупые», «ножи у них совсем тупые»
_DEGREE = frozenset({"такие", "такой", "такая", "такое", "очень", "совсем", "слишком", "совершенно", "настолько",
                     "уж", "же", "просто", "ужасно", "жутко", "у", "них", "нас", "вообще"})
_PUNCTUATION = frozenset(".,!?;:()\"«»")  # not a dash: «автор — балабол» is the copula
_DASHES = frozenset("—–")
_PRONOUNS = frozenset({"ты", "вы", "он", "она", "они", "все"})
_PREPOSITIONS = frozenset({"у", "с", "со", "для", "от", "к", "ко", "до", "без", "при", "про", "о", "об", "на", "в"})


def predicated(beasts: Sequence[Hit], people: Sequence[Hit], tokens: Sequence[str], lemmas: Sequence[str],
               text: str, quoted: set[int]) -> str:
    """The label of a beast, a thing or an ambiguous insult (``beasts``) said of a person as what they
    are: a nominal predicate right after its subject, nothing but «наш», «у нас», «как» or adjectives
    between and no punctuation but a dash («Сантехник у нас олень», «Участковый наш пень дубовый»,
    «ты Кристина баклан болтливый», «вы как старый облезлый шкаф», «автор — балабол»; after a dash a
    short place may stand between too: «Гаишник этот на уазике — скотина»; and the person may be named
    with words that qualify them: «секретарь лиги овца тупая», «продавщица в магазине курица»; or it is said
    first, to the reader: «баклан ты а не рыбак», ``_turned_round``), or "".

    Both must read as nominatives (not «у соседа свиньи», «их коровы»), no verb may follow the beast
    (an object: «отец брёвна таскал»), and the subject must be a person (a pronoun, a person's noun
    or a name, or one of ``people``: the words an insult may be aimed at) or an office («пенсионный
    фонд у нас сплошные тюлени»), not another beast."""
    for beast in beasts:
        at = beast.position
        if at in quoted or not may_be_subject(tokens[at], beast.entries[0]):
            continue
        if _turned_round(tokens, at, text):
            return f"exclusion:insult:predicate={tokens[at + 1]} {beast.entries[0]}"
        if _object_of_verb(tokens, at, text) or (at > 0 and tokens[at - 1] in _OF_PLACE):
            continue  # «отец брёвна таскал», «сосед по пьяни орал»
        k = at - 1  # back over «наш», «у нас», «как» and adjectives («сосед как старый ржавый кнехт»)
        while k >= 0 and at - k <= 4 and (tokens[k] in _BETWEEN or part_of_speech(tokens[k]) == "ADJF"):
            k -= 1
        candidates = [k]
        if at > 0 and _DASHES.intersection(_between_text(text, tokens[at - 1], tokens[at])):
            candidates += range(k - 1, max(-1, at - 6), -1)  # «Гаишник этот на уазике — скотина редкостная»
        named = _named_by_phrase(tokens, lemmas, k, at)  # «продавщица в магазине на Комсомольской курица»
        for k in candidates + named:
            if k < 0 or (k > 0 and tokens[k - 1] in _PREPOSITIONS):
                continue  # «у бабушки корова»
            if ((_is_subject(tokens[k], lemmas[k]) or (k not in named and any(p.position == k for p in people)))
                    and not any(b.position == k for b in beasts)
                    and not _PUNCTUATION.intersection(_between_text(text, tokens[k], tokens[at]))):
                return f"exclusion:insult:predicate={lemmas[k]} {beast.entries[0]}"
    return ""


#: what may follow «баклан ты» and keep it a name for the reader: the end, «а не …», «такой», «и есть», …
_AFTER_TURNED = frozenset({"а", "и", "все", "такой", "такая", "такие", "еще", "натуральный", "настоящий", "самый",
                           "полный", "конченый", "редкостный", "последний", "понял", "поняла", "поняли"})


def _turned_round(tokens: Sequence[str], at: int, text: str) -> bool:
    """Whether the word at ``at`` is what the reader is called, said first: «баклан ты а не рыбак», «крыса ты»,
    «клоуны вы все» (no preposition before it, nothing but a comma-free «ты»/«вы» after it, then the end, a
    comma or a word that goes on naming: not «медуза ты видела?», where the reader is the subject of a verb,
    nor «зайка ты моя», said with love)."""
    if at + 1 >= len(tokens) or tokens[at + 1] not in ("ты", "вы") or (at > 0 and tokens[at - 1] in _OF_PLACE):
        return False
    if _PUNCTUATION.intersection(_between_text(text, tokens[at], tokens[at + 1])):
        return False
    if at + 2 == len(tokens):
        return True
    after = tokens[at + 2]
    return (after in _AFTER_TURNED or (reads_as_modifier(after) and part_of_speech(after) == "ADJF")
            or bool(_PUNCTUATION.intersection(_between_text(text, tokens[at + 1], after))))


#: prepositions whose object may stand between a person and what they are called («бабка с ягодой ведьма»)
_OF_PLACE = _PREPOSITIONS | {"из", "за", "по", "под", "над", "около", "возле", "из-за"}


def _named_by_phrase(tokens: Sequence[str], lemmas: Sequence[str], k: int, at: int) -> list[int]:
    """Where a person's noun may stand before ``k`` with only the words that qualify it between them and
    the beast at ``at`` («секретарь лиги», «бабка с ягодой», «соседка со 2 этажа»): no «у» (an owner:
    «у кого курица»), and only when the beast reads first as a noun (not «лет сорока», «падали»)."""
    if part_of_speech(tokens[at]) != "NOUN":
        return []
    found = []
    while k > 0 and at - k < 8 and tokens[k] != "у" and _modifies(tokens, k):
        k -= 1
        if _is_subject(tokens[k], lemmas[k]):
            found.append(k)
    return found


def _modifies(tokens: Sequence[str], k: int) -> bool:
    """Whether the word at ``k`` may belong to the phrase that names the person before it, not start
    the predicate: a preposition or its object, an adjective, an adverb or a number, or a noun read
    first in an oblique case («секретарь лиги», «организаторы дискотеки», «начальник ЖКХ»)."""
    token = tokens[k]
    return (token in _OF_PLACE or token in _BETWEEN or (k > 0 and tokens[k - 1] in _OF_PLACE)
            or reads_as_modifier(token))


def _object_of_verb(tokens: Sequence[str], at: int, text: str) -> bool:
    """Whether the word at ``at`` is the object of the verb right after it: «отец брёвна таскал»
    (not «сплошные тюлени, лежат», where a comma ends the clause)."""
    return (at + 1 < len(tokens) and part_of_speech(tokens[at + 1]) in ("VERB", "INFN")
            and not _PUNCTUATION.intersection(_between_text(text, tokens[at], tokens[at + 1])))


def _is_subject(token: str, lemma: str) -> bool:
    """Whether a word can be the person a beast is said of: a pronoun, or a person's noun, a name
    or an office in the nominative."""
    return token in _PRONOUNS or (part_of_speech(token) == "NOUN" and may_be_subject(token)
                                  and (names_person(lemma) or lemma in _COLLECTIVES
                                       # a first name the lemmatizer reads as another word: «Гена» («ген»)
                                       or may_be_first_name(token)))


def _between_text(text: str, first: str, second: str) -> str:
    """The text between the words ``first`` and ``second`` where they first stand in that order
    (punctuation kept), or "." when they do not (the two are then not read as one clause)."""
    m = re.search(rf"(?<!\w){re.escape(first)}(?!\w)(.*?)(?<!\w){re.escape(second)}(?!\w)", text)
    return m.group(1) if m else "."


_CHUNK_WORD = re.compile(r"[0-9a-zа-я]+")  # the words a chunk gives, as normalize cuts them
# a VK mention's markup around the name it shows («[id6612|света]»: the token is «света») and a link (no token)
_MENTION_EDGES = re.compile(r"^\[(?:id|club|public|event)\d+\|?|\]")
_LINK = re.compile(r"(?:https?://|www\.)|^[\w.-]+\.(?:ru|com|рф|org|net|su|me|cc)(?:/\S*)?\W*$")


def _chunk_words(chunk: str) -> list[str]:
    """The tokens normalize makes of one chunk: a mention gives the name it shows, a link nothing."""
    return [] if _LINK.search(chunk) else _CHUNK_WORD.findall(_MENTION_EDGES.sub(" ", chunk))


def _chunk_of(tokens: Sequence[str], chunks: Sequence[str]) -> list[int]:
    """The chunk each token was cut from; empty where the chunks' words are not the tokens (an
    @-mention, a word normalize mends), so that a comma after a chunk cannot be pinned on a token."""
    chunk_of = [c for c, chunk in enumerate(chunks) for _ in _chunk_words(chunk)]
    return chunk_of if chunk_of and len(chunk_of) == len(tokens) else []


def called_out(insults: Sequence[Hit], tokens: Sequence[str], chunks: Sequence[str],
               beasts: Sequence[Hit] = ()) -> str:
    """The label of an insult set off as an address after a comma: closing the message («…только
    отписки шлют, клоуны», «не лезь со своими советами, балабол») or right after an order («Иди
    проспись, алкаш, прежде чем…», «Иди проспись, алкаш несчастный, опять…»: an adjective may
    follow it), or "". A beast (``beasts``) only right after an order («иди проспись, синяк, …»).
    Not the last of a list («будут конкурсы, песни, клоуны»: a noun in the nominative before it),
    and only where the chunks' words are the tokens."""
    if not insults and not beasts:
        return ""
    chunk_of = _chunk_of(tokens, chunks)
    if not chunk_of:
        return ""
    last = chunk_of[-1]
    for hit in [*insults, *beasts]:
        ordered_only = hit not in insults
        c = chunk_of[hit.position]
        if (hit.end - hit.position != 1 or c == 0 or not chunks[c - 1].endswith(",")
                or len(_chunk_words(chunks[c])) != 1 or may_be_subject(tokens[hit.position - 1])):
            continue
        end = c  # the chunk that closes the address: the insult's, or an adjective's right after it
        if (chunks[c][-1:] not in (",", "!") and c < last and hit.end < len(tokens) and chunk_of[hit.end] == c + 1
                and len(_chunk_words(chunks[c + 1])) == 1 and part_of_speech(tokens[hit.end]) == "ADJF"):
            end = c + 1
        after_order = chunks[end][-1:] in (",", "!") and is_imperative(tokens[hit.position - 1])
        if after_order or (end == last and not ordered_only):
            return f"exclusion:insult:called={hit.entries[0]}"
    return ""


#: the reader addressed: «вы», «ты» and theirs, or a verb of the second person («паркуетесь», «пишешь»)
_SECOND_PERSON = frozenset({"ты", "вы", "тебя", "вас", "тебе", "вам", "тобой", "вами", "твой", "твоя", "твое", "твои",
                            "ваш", "ваша", "ваше", "ваши"})
_SECOND_PERSON_ENDINGS = ("ете", "ите", "етесь", "итесь", "ешь", "ишь", "ешься", "ишься")
_SENTENCE_ENDS = (".", "!", "?", "…")


def addressed(hits: Sequence[Hit], tokens: Sequence[str], chunks: Sequence[str]) -> str:
    """The label of an insult or a beast that opens a sentence as its address, set off by a comma or
    «!», or of a beast that closes the message after a comma («…учите матчасть, бараны»), in a message
    that speaks to its reader in the second person («Бараны, куда паркуетесь??», «…что написали?
    дебил, прости господи»), or "". A beast opens a message only in the plural, a crowd: «Медуза, у
    вас длинная ссылка» names a news site; one beast closes it, an adjective may follow, after an order
    to the reader («не лезь в разговор, овца тупая»). Not a list of animals («Коровы, козы, овцы — всё
    есть»: no «вы»; «у вас есть утки, бараны»: another crowd before it), and only where the chunks'
    words are the tokens (an insult closing the message is ``called_out``'s, with or without «вы»)."""
    named = [h for h in hits if h.end - h.position == 1 and (is_insult(h) or is_beast(h))]
    if not named:
        return ""
    chunk_of = _chunk_of(tokens, chunks)
    if not chunk_of:
        return ""
    for h in named:
        c = chunk_of[h.position]
        if len(_chunk_words(chunks[c])) != 1:
            continue
        crowd = is_insult(h) or tokens[h.position].endswith(("ы", "и"))
        opens = crowd and chunks[c][-1:] in (",", "!") and (c == 0 or chunks[c - 1][-1:] in _SENTENCE_ENDS)
        closes = (_closes(tokens, chunks, chunk_of, h.position, adjective=not crowd) and c > 0
                  and chunks[c - 1].endswith(",") and not is_insult(h)
                  and not _listed(tokens, h.position, crowd))
        if not opens and not closes:
            continue
        others = [t for k, t in enumerate(tokens) if k != h.position]
        if not crowd:  # one beast: said to whoever was just told what to do
            if any(is_imperative(t) for t in others):
                return f"exclusion:insult:address={h.entries[0]}"
            continue
        if not _SECOND_PERSON.isdisjoint(others) or any(
                t.endswith(_SECOND_PERSON_ENDINGS) and part_of_speech(t) == "VERB" for t in others):
            return f"exclusion:insult:address={h.entries[0]}"
    return ""


def _listed(tokens: Sequence[str], at: int, crowd: bool) -> bool:
    """Whether the word before ``at`` may be the item before it in a list of animals: a noun in the
    nominative (in the plural before a crowd), not the object of a preposition («…в разговор, овца»)."""
    before = tokens[at - 1]
    if not crowd and at > 1 and tokens[at - 2] in _OF_PLACE:
        return False
    return may_be_subject(before, number="plur" if crowd else "")


def _closes(tokens: Sequence[str], chunks: Sequence[str], chunk_of: Sequence[int], at: int, *, adjective: bool) -> bool:
    """Whether the word at ``at`` stands in the message's last chunk, or (``adjective``) in the one before
    it when the last is one adjective («…, овца тупая»)."""
    c, last = chunk_of[at], chunk_of[-1]
    if c == last:
        return True
    return (adjective and c + 1 == last and at + 2 == len(tokens)
            and len(_chunk_words(chunks[last])) == 1 and part_of_speech(tokens[at + 1]) == "ADJF")
