"""Text normalization for Russian social-media messages: one cleaned form every rule matches against.

People write in CAPS, without punctuation, with emoji, hashtags, VK mentions, links, stretched
letters («ужаааас») and latin look-alike letters («вoда» with a latin «o»). ``normalize`` turns
all of that into lower-case, ё-folded word tokens and their pymorphy3 lemmas, so that «дорогу»,
«дороги» and «дорогам» all hit a rule written for «дорога».

Tokenization is a single compiled regex rather than razdel: rules only need word tokens, and the
regex is several times faster (see bench/classify.py). Lemmas are cached: social text is Zipfian,
so after a few thousand messages almost every word is a cache hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from sys import intern
from typing import Any, NamedTuple, cast

import pymorphy3
from pymorphy3.units.by_lookup import DictionaryAnalyzer

__all__ = [
    "LOOKALIKES",
    "Canon",
    "Normalized",
    "fold",
    "inflect",
    "is_imperative",
    "is_known",
    "lemmatize",
    "names_person",
    "normalize",
    "part_of_speech",
    "reads_as_modifier",
    "says_you_will",
]

#: Latin letters that look like Cyrillic ones (after lower-casing: «H» → «h» → «н», «B» → «в»).
LOOKALIKES: dict[str, str] = {
    "a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "x": "х", "y": "у", "k": "к",
    "m": "м", "t": "т", "h": "н", "b": "в", "u": "и", "n": "п",
}
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:ru|com|рф|org|net|su|me|cc)(?:/\S*)?", re.IGNORECASE)
_MENTION = re.compile(r"\[((?:id|club|public|event)\d+)(?:\|([^\]\[]*))?\]")
_AT_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{2,})")
_HASHTAG = re.compile(r"#([0-9A-Za-zА-Яа-яЁё_]+)")
_CAMEL = re.compile(r"(?<=[а-яёa-z])(?=[А-ЯЁA-Z])")
_WORD = re.compile(r"[0-9a-zа-я]+")
_MENTION_OPEN, _MENTION_CLOSE = "\ue000", "\ue001"
_WORD_OR_MARK = re.compile(r"[0-9a-zа-я]+|[\ue000\ue001]")
_MIXED_WORD = re.compile(r"[0-9a-zа-я]*[a-z][0-9a-zа-я]*")
_HAS_LATIN = re.compile(r"[a-z]")
_ZERO_AS_O = re.compile(r"(?<![0-9])0(?![0-9])")  # a lone zero inside a Russian word
_HAS_CYRILLIC = re.compile(r"[а-я]")
_STRETCH = re.compile(r"([а-я])\1{2,}")
_EMOJI = re.compile(
    "[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\u2B50\u2B55\u203C\u2049\u2764]"
)

_morph = pymorphy3.MorphAnalyzer()


@dataclass(frozen=True, slots=True)
class Normalized:
    """One message in the form the rules see; ``tokens`` and ``lemmas`` have the same length."""

    text: str
    tokens: tuple[str, ...]
    lemmas: tuple[str, ...]
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    emoji: tuple[str, ...] = ()
    #: token ranges [start, end) that came from a mention's display text («[club1|Администрация]»)
    mention_spans: tuple[tuple[int, int], ...] = ()
    #: the raw text's whitespace-separated chunks, lower-cased and ё-folded, masks and all («х*й»):
    #: what the obscene-word scan reads (see classifier/exclusion.py)
    chunks: tuple[str, ...] = ()


@lru_cache(maxsize=262_144)
def lemmatize(word: str) -> str:
    """The dictionary form of one lower-case word (pymorphy3's most probable parse), cached."""
    if not word or not word.isalpha():
        return word
    normal: str = _morph.parse(word)[0].normal_form  # pymorphy3 ships no types
    return normal.replace("ё", "е")


@lru_cache(maxsize=65_536)
def inflect(word: str) -> frozenset[str]:
    """Every inflected form of a word (its whole paradigm), ё folded; the word itself if unknown.

    Rules index all forms, so a rule for «яма» also catches «ямы» even where the analyzer's most
    probable parse of «ямы» is another word.
    """
    if not word or not word.isalpha():
        return frozenset({word})
    parses = _morph.parse(word)
    if not parses:
        return frozenset({word})
    chosen = next((p for p in parses if p.normal_form.replace("ё", "е") == word), parses[0])
    forms = {f.replace("ё", "е") for f in _paradigm_words(chosen)}
    forms.add(word)
    return frozenset(forms)


def _paradigm_words(parse: Any) -> list[str]:
    """The word forms of a parse's lexeme. A dictionary word's forms are read straight from its
    paradigm (prefix + stem + suffix): ``parse.lexeme`` builds a full parse with its tag for each
    of them, and the rules' ~3,600 words made that a third of building the classifier. Any other
    parse (a guess for an unknown word) takes pymorphy3's own path; tests/classifier/test_normalize.py
    checks both give the same forms."""
    stack = parse.methods_stack
    if len(stack) == 1 and isinstance(stack[0][0], DictionaryAnalyzer):
        try:
            _, fixed_word, para_id, idx = stack[0]
            words = _morph.dictionary
            paradigm = words.paradigms[para_id]
            size = len(paradigm) // 3
            stem = words.build_stem(paradigm, idx, fixed_word)
            prefixes, suffixes = words.paradigm_prefixes, words.suffixes
            return [prefixes[paradigm[size * 2 + k]] + stem + suffixes[paradigm[k]] for k in range(size)]
        except (AttributeError, IndexError, TypeError, ValueError):  # another pymorphy3 keeps them otherwise
            pass
    return [form.word for form in parse.lexeme]


def first_person_future(verb: str) -> tuple[str, ...]:
    """«убить» → («убью», «убьём» folded to «убьем»): the forms in which a speaker announces an act.

    Perfective readings come first and dictionary words are preferred: «зарезать» also reads as
    an imperfective («зарезаю»), and some verbs inflect only by a guessed paradigm.
    """
    infinitives = [p for p in _morph.parse(verb) if p.tag.POS == "INFN"]
    infinitives.sort(key=lambda p: p.tag.aspect != "perf")  # a threat announces a completed act
    forms: list[str] = []
    for number in ("sing", "plur"):
        found: list[str] = []
        for parse in infinitives:
            for tense in ("futr", "pres"):
                inflected = parse.inflect({"1per", number, tense, "indc"})
                if inflected is not None:
                    found.append(inflected.word.replace("ё", "е"))
                    break
        known = [w for w in found if _morph.word_is_known(w)]
        if known or found:
            forms.append((known or found)[0])
    return tuple(forms)


@lru_cache(maxsize=65_536)
def may_be_first_name(word: str) -> bool:
    """Whether a word may be a first name in the nominative, whatever its most probable parse («Гена»
    is read first as the genitive of «ген», «Света» of «свет»)."""
    return word.isalpha() and any("Name" in p.tag and "nomn" in p.tag for p in _morph.parse(word))


@lru_cache(maxsize=65_536)
def part_of_speech(word: str) -> str | None:
    """pymorphy3's part of speech of a word's most probable parse («NOUN», «VERB»…), None if it has none."""
    if not word or not word.isalpha():
        return None
    pos: str | None = _morph.parse(word)[0].tag.POS  # pymorphy3 ships no types
    return pos


@lru_cache(maxsize=65_536)
def agrees_as_subject(noun: str, adjective: str) -> bool:
    """Whether ``adjective``'s most probable parse is a full adjective and ``noun`` may read as the
    nominative it agrees with: in number, and in gender in the singular («ножи … тупые», not «цирк,
    тупая»). The noun must be a dictionary word: a misspelt one is no telling guess («тупая карова»)."""
    if not noun.isalpha() or not adjective.isalpha() or not _morph.word_is_known(noun):
        return False
    tag = _morph.parse(adjective)[0].tag
    if tag.POS != "ADJF" or not tag.number:
        return False
    need = {tag.number} | ({tag.gender} if tag.number == "sing" and tag.gender else set())
    return any(p.tag.POS == "NOUN" and "nomn" in p.tag and need <= p.tag.grammemes for p in _morph.parse(noun))


#: the grammemes a living being's noun needs for a third-person pronoun to stand for it («ms-f»: «глава»)
_PRONOUN_AGREES = {"его": ({"sing", "masc"}, {"sing", "neut"}, {"sing", "ms-f"}),
                   "ее": ({"sing", "femn"}, {"sing", "ms-f"}), "их": ({"plur"},)}


@lru_cache(maxsize=65_536)
def may_stand_for(noun: str, pronoun: str) -> bool:
    """Whether «его», «ее» or «их» may stand for ``noun``, a living being of its gender and number."""
    wanted = _PRONOUN_AGREES.get(pronoun, ())
    return noun.isalpha() and any(p.tag.POS == "NOUN" and p.tag.animacy == "anim" and need <= p.tag.grammemes
                                  for p in _morph.parse(noun) for need in wanted)


@lru_cache(maxsize=65_536)
def may_be_subject(word: str, lemma: str = "", number: str = "") -> bool:
    """Whether a word may read as a noun or a pronoun in the nominative («сантехник», «они», «олени»),
    the subject or the nominal predicate of a sentence; with ``lemma``, as that word's nominative
    («козлы», not the surname «Козлов»); with ``number`` («plur»), in that number."""
    if not word or not word.isalpha():
        return False
    return any(p.tag.POS in ("NOUN", "NPRO") and "nomn" in p.tag and (not number or number in p.tag)
               and (not lemma or p.normal_form.replace("ё", "е") == lemma) for p in _morph.parse(word))


@lru_cache(maxsize=65_536)
def reads_as_modifier(word: str) -> bool:
    """Whether a word's most probable parse is an adjective, an adverb or a number, or a noun in an
    oblique case or one that does not decline («лиги», «дискотеки», «жкх»): a word that may qualify
    the noun before it rather than stand as the subject or the predicate."""
    if not word or not word.isalpha():
        return False
    tag = _morph.parse(word)[0].tag
    if tag.POS in ("ADJF", "ADVB", "NUMR"):
        return True
    return bool(tag.POS == "NOUN" and ("nomn" not in tag or "Fixd" in tag))


@lru_cache(maxsize=65_536)
def is_imperative(word: str) -> bool:
    """Whether a word may read as an order («иди», «проспись», «заткнитесь»)."""
    return bool(word) and word.isalpha() and any(p.tag.POS == "VERB" and "impr" in p.tag for p in _morph.parse(word))


@lru_cache(maxsize=65_536)
def says_you_will(word: str) -> bool:
    """Whether a word may read as a verb of «ты» in the present or future («придёшь», «оставишь»)."""
    return bool(word) and word.isalpha() and any(
        p.tag.POS == "VERB" and "2per" in p.tag and "sing" in p.tag and "impr" not in p.tag for p in _morph.parse(word))


@lru_cache(maxsize=65_536)
def verb_form(word: str) -> tuple[str, str] | None:
    """(«impr», lemma) when a word may read as a plural imperative («звоните», «уберите»), («they»,
    lemma) when it reads first as a third-person plural future («привезут», «откроют», «будут»), else None."""
    if not word or not word.isalpha():
        return None
    parses = _morph.parse(word)
    # «звоните», «кипятите» read first as «вы звоните»: in a post they are mostly advice
    for parse in parses:
        if parse.tag.POS == "VERB" and "impr" in parse.tag and "plur" in parse.tag:
            return "impr", parse.normal_form.replace("ё", "е")
    tag = parses[0].tag
    if tag.POS == "VERB" and "futr" in tag and "3per" in tag and "plur" in tag:
        return "they", parses[0].normal_form.replace("ё", "е")
    return None


@lru_cache(maxsize=65_536)
def names_person(word: str) -> bool:
    """Whether a lemma names a person: read as an animate noun («пристав», «рыбинспектор»), or first
    as a first name, a patronymic or a surname («Петрович», «Семёнович»)."""
    if not word or not word.isalpha():
        return False
    parses = _morph.parse(word)
    # a lemma such as «пристав» is read first as a verb's gerund: any reading as an animate noun counts
    return not {"Name", "Patr", "Surn"}.isdisjoint(parses[0].tag.grammemes) or any(
        p.tag.POS == "NOUN" and p.tag.animacy == "anim" and p.normal_form == word for p in parses)


@lru_cache(maxsize=262_144)
def is_known(word: str) -> bool:
    """Whether pymorphy3's dictionary knows the word (unknown words are typo candidates)."""
    return bool(word) and _morph.word_is_known(word)


@lru_cache(maxsize=65_536)
def is_surname(word: str) -> bool:
    """Whether pymorphy3 reads a word first as a surname («свиньин», «тупицына»), or it is a family's
    name that the dictionary does not know («дураковы»): a name, never a typo to correct (the
    dictionary does not know surnames; their shape is predicted)."""
    if not word:
        return False
    if word.endswith(("овы", "евы", "ёвы")) and not is_known(word):
        return True
    return "Surn" in _morph.parse(word)[0].tag.grammemes


def fold(text: str) -> str:
    """Lower-case and ё → е: the form every rule keyword is written in."""
    return text.lower().replace("ё", "е")


def _fix_lookalikes(match: re.Match[str]) -> str:
    word = match.group(0)
    if _HAS_CYRILLIC.search(word):
        return word.translate(_LOOKALIKE_TABLE)
    return word


def _split_hashtag(match: re.Match[str]) -> str:
    body = match.group(1).replace("_", " ")
    return " " + _CAMEL.sub(" ", body) + " "


class _Chunk(NamedTuple):
    """One raw whitespace-separated chunk of a message («Дороги,»), as normalization leaves it."""

    lowered: str  # lower-cased, ё folded: what the obscene-word scan reads («дороги,»)
    text: str  # and latin look-alike letters replaced: its part of Normalized.text
    tokens: tuple[str, ...]  # its word tokens after typo correction («дороги»)
    lemmas: tuple[str, ...]


_LOWERED, _TEXT, _TOKENS, _LEMMAS = (itemgetter(k) for k in range(4))


class Canon:
    """Turns one raw word into its final token and lemma, cached per distinct word.

    Applies, in order: stretched letters collapsed («ужаааас» → «ужас»), the curated typo map
    (a correction may be several words: «чтото» → «что то»), an optional ``fix`` for other
    misspellings (see classifier/spelling.py), then lemmatization. Social text is Zipfian, so
    almost every word is a single dictionary read after a short warm-up.
    """

    __slots__ = ("_cache", "_fix", "_records", "_split", "_typos")

    def __init__(self, typos: Mapping[str, str] | None = None,
                 fix: Callable[[str], str | None] | None = None) -> None:
        self._typos = dict(typos or {})
        self._fix = fix
        self._cache: dict[str, tuple[str, str]] = {}
        self._split: dict[str, tuple[tuple[str, str], ...]] = {}  # words corrected into several
        self._records: dict[str, _Chunk] = {}  # raw whitespace-separated chunk → what it becomes

    def pairs(self, words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(tokens, lemmas) for a message's raw words."""
        get = self._cache.get
        pairs = [get(w) or self._add(w) for w in words]
        if self._split and not self._split.keys().isdisjoint(words):
            split = self._split
            pairs = [q for w, p in zip(words, pairs, strict=True) for q in split.get(w, (p,))]
        if not pairs:
            return (), ()
        tokens, lemmas = zip(*pairs, strict=True)
        return tokens, lemmas

    def records(self, chunks: list[str]) -> list[_Chunk]:
        """What each raw whitespace-separated chunk becomes; cached, as most chunks recur."""
        records = list(map(self._records.get, chunks))
        if all(records):  # every chunk seen before (a record is a non-empty tuple)
            return cast(list[_Chunk], records)
        return [record or self._record(chunk) for record, chunk in zip(records, chunks, strict=True)]

    def _record(self, chunk: str) -> _Chunk:
        lowered = fold(chunk)
        text = _MIXED_WORD.sub(_fix_lookalikes, lowered) if _HAS_LATIN.search(lowered) else lowered
        tokens, lemmas = self.pairs(_WORD.findall(text))
        record = _Chunk(lowered, text, tokens, lemmas)
        if len(self._records) < 500_000:
            self._records[chunk] = record
        return record

    def __call__(self, word: str) -> tuple[tuple[str, str], ...]:
        """The (token, lemma) pairs one raw word becomes."""
        first = self._cache.get(word) or self._add(word)
        return self._split.get(word, (first,))

    def _add(self, word: str) -> tuple[str, str]:
        if word in (_MENTION_OPEN, _MENTION_CLOSE):
            return (word, word)
        clean = _STRETCH.sub(r"\1", word) if len(word) > 2 else word
        if "0" in clean and _HAS_CYRILLIC.search(clean):  # «к0зёл», «0лухи»: a zero for the letter «о»
            clean = _ZERO_AS_O.sub("о", clean)
        fixed = self._typos.get(clean, clean)
        pairs = []
        for part in fixed.split(" "):
            if self._fix is not None and part not in self._typos:
                part = self._fix(part) or part
            # interned, as the rule and weight tables' keys are: a hit is then an identity check
            pairs.append((intern(part), intern(lemmatize(part))))
        if len(pairs) > 1:
            self._split[word] = tuple(pairs)  # few: only curated typos split
        if len(self._cache) < 500_000 or len(pairs) > 1:
            self._cache[word] = pairs[0]
        return pairs[0]


_DEFAULT_CANONS: dict[int, tuple[Mapping[str, str] | None, Canon]] = {}


def _canon_for(typos: Mapping[str, str] | None) -> Canon:
    key = id(typos)
    known = _DEFAULT_CANONS.get(key)
    if known is not None and known[0] is typos:
        return known[1]
    canon = Canon(typos)
    if len(_DEFAULT_CANONS) > 64:
        _DEFAULT_CANONS.clear()
    _DEFAULT_CANONS[key] = (typos, canon)
    return canon


_DOMAIN_HINT = re.compile(r"\.(?:ru|com|рф|org|net|su|me|cc)\b")


def _may_have_url(text: str) -> bool:
    """A cheap test on the lower-cased text before the URL regex runs (most messages have none)."""
    low = text.lower()
    return "http" in low or "www." in low or ("." in low and _DOMAIN_HINT.search(low) is not None)


def normalize(text: str, typos: Mapping[str, str] | None = None, *, canon: Canon | None = None) -> Normalized:
    """Clean one message and split it into tokens and lemmas.

    ``typos`` maps a misspelt lower-case word to its correct form (the curated list in
    ``rules/typos.yaml``); corrections apply before lemmatization. ``canon`` (instead of
    ``typos``) brings its own corrections and cache.
    """
    text = text or ""
    linked = _may_have_url(text)
    if canon is not None and not linked and "[" not in text and "@" not in text and "#" not in text:
        return _plain(text, canon)  # the usual message: no links, mentions or hashtags
    chunks = tuple(fold(text).split())
    urls: tuple[str, ...] = ()
    if linked:
        urls = tuple(_URL.findall(text))
        if urls:
            text = _URL.sub(" ", text)
    mentions: list[str] = []
    if "[" in text:
        def _mention(m: re.Match[str]) -> str:
            mentions.append(m.group(1).lower())
            return f" {_MENTION_OPEN} {m.group(2) or ''} {_MENTION_CLOSE} "

        text = _MENTION.sub(_mention, text)
    if "@" in text:
        mentions.extend(m.lower() for m in _AT_MENTION.findall(text))
        text = _AT_MENTION.sub(" ", text)
    hashtags: tuple[str, ...] = ()
    if "#" in text:
        hashtags = tuple(fold(h) for h in _HASHTAG.findall(text))
        text = _HASHTAG.sub(_split_hashtag, text)
    emoji = tuple(_EMOJI.findall(text)) if not text.isascii() and _EMOJI.search(text) else ()
    text = fold(text)
    if _HAS_LATIN.search(text):
        text = _MIXED_WORD.sub(_fix_lookalikes, text)
    marked = bool(mentions) and _MENTION_OPEN in text
    words = _WORD_OR_MARK.findall(text) if marked else _WORD.findall(text)
    if marked:
        text = text.replace(_MENTION_OPEN, " ").replace(_MENTION_CLOSE, " ")
    text = " ".join(text.split())
    canon = canon or _canon_for(typos)
    tokens, lemmas = canon.pairs(words)
    spans: tuple[tuple[int, int], ...] = ()
    if marked:
        tokens, spans = _mention_spans(tokens)
        lemmas = tuple(lem for lem in lemmas if lem not in (_MENTION_OPEN, _MENTION_CLOSE))
    return Normalized(
        text=text,
        tokens=tokens,
        lemmas=lemmas,
        hashtags=hashtags,
        mentions=tuple(mentions),
        urls=urls,
        emoji=emoji,
        mention_spans=spans,
        chunks=chunks,
    )


def _plain(text: str, canon: Canon) -> Normalized:
    """``normalize`` for a message without links, mentions or hashtags: chunk by chunk, cached.

    The same result as the general path (words never cross whitespace, so folding, look-alike
    letters and typos can be handled per chunk), at one dictionary read per chunk.
    """
    records = canon.records(text.split())
    return Normalized(
        text=" ".join(map(_TEXT, records)),
        tokens=tuple(chain.from_iterable(map(_TOKENS, records))),
        lemmas=tuple(chain.from_iterable(map(_LEMMAS, records))),
        emoji=tuple(_EMOJI.findall(text)) if not text.isascii() and _EMOJI.search(text) else (),
        chunks=tuple(map(_LOWERED, records)),
    )


def _mention_spans(marked: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Drop the mention markers from a token list, returning where each mention's words are."""
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    start = -1
    for token in marked:
        if token == _MENTION_OPEN:
            start = len(tokens)
        elif token == _MENTION_CLOSE:
            if start >= 0 and len(tokens) > start:
                spans.append((start, len(tokens)))
            start = -1
        else:
            tokens.append(token)
    return tuple(tokens), tuple(spans)
