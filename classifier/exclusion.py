"""Exclusion (p. 20): obscene words, insults aimed at people, threats; from ``rules/exclusion.yaml``
and ``rules/threats.yaml``.

Obscene vocabulary is recognised by roots, the way people disguise it: masked letters («х*й»,
«бл@ть», «п№здец», «зае%ал»), latin and digit look-alikes («xyй», «6лять», «пиzдец»), dots or
dashes between letters («х.у.й», «д.бил»), spaced letters («б л я т ь») and transliteration
(«blyat»). A word is obscene when, after an optional grammatical prefix («на», «по», «за»…), it
starts with an obscene stem, or when it contains a root that never occurs innocently («пизд»).
Words that merely contain the letters («оскорблять», «хлебать», «корабль», «страхуй», «себя»)
are protected by a list of safe parts, checked first.

Insults are lemmas (a noun aimed at people: «идиот», not «идиотская ситуация»); ambiguous
words («козел», «свинья») count only next to a person («ты», «вы», «глава», «чиновники»).
Insult and threat signals are weighted like topic signals; a reason needs a total of 1.
Threats are phrases in the shared lexicon («убью», «сожжем дом», «знаем где ты живешь»), generated
by classifier/threats.py.
Precedence when several apply: threat > obscene > insult.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Any, NamedTuple

from classifier.harm_vetoes import HarmVetoes
from classifier.insult_aim import (
    TARGETING_GROUP,
    addressed,
    aimed_near,
    called_out,
    is_beast,
    is_insult,
    paired,
    predicated,
    reported,
    without_names,
)
from classifier.insult_lists import both_orders, plain_words
from classifier.lexicon import Hit, Lexicon
from classifier.quoted_speech import unquoted
from classifier.rules import RulesError, add_code_rules, entries, string_list
from classifier.spaced_words import spaced_words
from classifier.threats import GROUP, compile_threats

__all__ = ["GROUP", "ExclusionDecision", "ExclusionRules"]

#: what sets off a first word as an address to the reader: «Лицемеры, …», «Гады!», «Балаболы. Опять …»
_CALLING = (",", "!", ".")
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_MASKS = "*#%№$@&?!+_"
_CHUNK = re.compile(r"[^\s,;:()\[\]{}«»\"…—–/\\|<>]+")
_EDGE = ".,!?-_'\"`~^"
_ONLY_CYRILLIC = re.compile(r"^[а-я]+$")
_LETTER = re.compile(r"[а-я]")
_LATIN_WORD = re.compile(r"^[a-z]+$")
# «восторге!удачи», «дом.вода»: punctuation between two real words is a missing space, not a mask
_SENTENCE_GLUE = re.compile(r"(?<=[а-яa-z]{3})[!?.]+(?=[а-яa-z]{3})")
_ANY_LETTER = re.compile(r"[а-яa-z]")
_STRETCHED = re.compile(r"([а-я])\1\1")  # a letter held three times or more
_MENTIONS = re.compile(r"^(?:\s*\[(?:id|club|public)\d+\|[^\]]*\][\s,:]*)+")  # the VK mentions a reply opens with
_WORD = re.compile(r"[^\W\d_]+")
_REPEATS = re.compile(r"([а-я])\1+")
#: abbreviations written with a dot before a name («с.Будище», «г.Курчатов»): the dot is no mask
_ABBREVIATIONS = frozenset({"с", "г", "п", "ул", "обл", "пос", "ст", "им", "пр", "кв", "пер", "р", "рп", "мкр",
                            "пгт", "т", "у", "е", "м", "к", "ж", "тыс", "руб", "млн", "мин", "см", "стр", "корп"})
_SEPARATORS = re.compile(r"(?<=[а-я*])[.'_`]+(?=[а-я*])")
_SPACERS = re.compile(r"[.'_`-]+")  # what may set the letters of a disguised word apart
_LOOKS = {"€": "я", "a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
          "t": "т", "h": "н", "b": "в", "u": "и", "n": "п", "0": "о", "1": "и", "3": "з", "6": "б", "4": "ч",
          "9": "я", "z": "з", "i": "и", "r": "г", "l": "л", "d": "д", "g": "д", "s": "с", "v": "в"}
_LOOKS_ALT = {**_LOOKS, "h": "х", "u": "у", "b": "б", "r": "р", "n": "н", "y": "у"}
_TABLE = str.maketrans(_LOOKS)
_TABLE_ALT = str.maketrans(_LOOKS_ALT)
#: the Russian letter on each key of the English layout
_KEYBOARD = str.maketrans("qwertyuiopasdfghjklzxcvbnm", "йцукенгшщзфывапролдячсмить")
#: one or two letters put in brackets inside a word («е(б)ать»)
_BRACKETED_LETTER = re.compile(r"(?<=[а-яa-z])[(\[]([а-яa-z]{1,2})[)\]](?=[а-яa-z])")
#: a symbol or emoji between two letters of a word («пи🤬дец»)
_SYMBOL_INSIDE = re.compile(r"(?<=[а-яa-z])[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]+(?=[а-яa-z])")


#: the cached verdict on a chunk that is neither obscene, insulting nor a spaced-out letter
#: (one shared object, so a message of harmless words is recognised by identity)
_INNOCENT: tuple[tuple[str, ...], None] = ((), None)


# names a threat rule with a negative weight in a message's explanation: it says the message
# threatens nobody (someone else's threat reported, a sports taunt, a court)
CLEARED = "exclusion:cleared:"
#: exclusion.yaml's insult lists of the words around an insult (see classifier/insult_aim.py)
_AIMING = ("reported", "self", "named_before", "pet", "of", "office", "beast", "trait")


class ExclusionDecision(NamedTuple):
    excluded: str | None
    rules: tuple[str, ...]

    @property
    def cleared(self) -> bool:
        """A rule said the message threatens nobody: the learned weights are not asked to overrule it."""
        return any(rule.startswith(CLEARED) for rule in self.rules)


@dataclass(frozen=True)
class ExclusionRules:
    """The obscene-root tables (a pure word test) plus the insult and threat rules in the lexicon."""

    anywhere: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ("",)
    words: frozenset[str] = frozenset()
    safe: tuple[str, ...] = ()
    latin: tuple[str, ...] = ()
    masked_insults: tuple[str, ...] = ()
    canonical: tuple[str, ...] = ()  # whole obscene words, for heavily masked spellings
    #: insults that also name an animal or an offender («козел», «мошенник»): never aimed by their place alone
    literal: frozenset[str] = frozenset()
    #: words that say quoted words are someone else's («пишет», «заявил»: classifier/quoted_speech.py)
    quoted_by: frozenset[str] = frozenset()
    #: the harmless things of the harm verbs («сжечь мусор»: classifier/harm_vetoes.py)
    harm: HarmVetoes | None = None
    _check: Callable[[str], str | None] = field(default=lambda w: None, repr=False, compare=False)
    _chunks: dict[str, tuple[tuple[str, ...], tuple[str, str] | None]] = field(
        default_factory=dict, repr=False, compare=False)
    #: per cached chunk: 0 harmless, 1 a single letter (part of a spaced-out word?), 2 has a verdict
    _marks: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _stem_index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _prefix_set: frozenset[str] = field(default=frozenset({""}), repr=False, compare=False)
    _prefix_cuts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)
    _insult_stems: frozenset[str] = field(default=frozenset(), repr=False, compare=False)  # masked_insults, as a set

    @classmethod
    def compile(cls, data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str]) -> ExclusionRules:
        f = "exclusion.yaml"
        obscene = data.get("obscene")
        if not isinstance(obscene, Mapping):
            raise RulesError(f"{f}: obscene: must be a mapping of root lists")
        w = f"{f}: obscene"
        known = {"anywhere", "stems", "prefixes", "words", "safe", "latin", "canonical"}
        extra = set(obscene) - known
        if extra:
            raise RulesError(f"{w}.{min(extra)}: unknown key (use {', '.join(sorted(known))})")
        insult = dict(data.get("insult") or {})
        targeted = insult.pop("targeted", None)
        targets = insult.pop("targets", None)
        # the neighbours that tell whether and at whom a word insults (classifier/insult_aim.py)
        aiming = {code: insult.pop(code, None) for code in _AIMING}
        literal = string_list(insult, "literal", f"{f}: insult")
        insult.pop("literal", None)
        masked = string_list(insult, "masked", f"{f}: insult")
        insult.pop("masked", None)
        # a whole insult word may be written masked too («д@рмоеды»): the plain ones of at least five letters
        masked = tuple(dict.fromkeys((*masked, *plain_words(insult.get("words")))))
        for key in ("words", "strong"):
            if isinstance(insult.get(key), list):
                insult[key] = both_orders(insult[key], lemmatize)
        add_code_rules(lex, GROUP, "insult", insult, f"{f}: insult", lemmatize)
        target_entries = entries(targets, f"{f}: insult.targets", lemmatize)
        targeted_entries = entries(targeted, f"{f}: insult.targeted", lemmatize)
        if targeted_entries and not target_entries:
            raise RulesError(f"{f}: insult.targets: needed when insult.targeted is used")
        for entry in targeted_entries:
            lex.add_entry(TARGETING_GROUP, "targeted", entry)
        for entry in target_entries:
            lex.add_entry(TARGETING_GROUP, "target", entry)
        for code, listed in aiming.items():
            for entry in entries(listed, f"{f}: insult.{code}", lemmatize):
                lex.add_entry(TARGETING_GROUP, code, entry)
        threat = dict(data.get("threat") or {})
        quoted_by = frozenset(w.replace("ё", "е").lower()
                              for w in string_list(threat, "quoted_by", "threats.yaml: threat"))
        threat.pop("quoted_by", None)
        harm = compile_threats(lex, threat, lemmatize)
        rules = cls(
            anywhere=string_list(obscene, "anywhere", w),
            stems=string_list(obscene, "stems", w),
            prefixes=("", *string_list(obscene, "prefixes", w)),
            words=frozenset(string_list(obscene, "words", w)),
            safe=string_list(obscene, "safe", w),
            latin=string_list(obscene, "latin", w),
            masked_insults=masked,
            literal=frozenset(literal),
            canonical=string_list(obscene, "canonical", w),
            quoted_by=quoted_by,
            harm=harm,
        )
        stem_index: dict[str, list[str]] = {}
        for stem in rules.stems:  # stems are at least two letters: indexed by their first two
            stem_index.setdefault(stem[:2], []).append(stem)
        object.__setattr__(rules, "_stem_index", {k: tuple(v) for k, v in stem_index.items()})
        object.__setattr__(rules, "_prefix_set", frozenset(rules.prefixes))
        object.__setattr__(rules, "_insult_stems", frozenset(rules.masked_insults))
        object.__setattr__(rules, "_prefix_cuts", tuple(sorted({len(p) for p in rules.prefixes})))
        object.__setattr__(rules, "_check", lru_cache(maxsize=200_000)(rules._plain_root))
        object.__setattr__(rules, "_chunks", {})
        object.__setattr__(rules, "_marks", {})
        return rules

    def _plain_root(self, word: str) -> str | None:
        """The obscene root a plain Cyrillic word carries, or None (cached per word)."""
        if len(word) < 2 or any(s in word for s in self.safe):
            return None
        if word in self.words:
            return word
        for root in self.anywhere:
            if root in word:
                return root
        index = self._stem_index
        for cut in self._prefix_cuts:  # «за»+«еба…»: a dict look-up per prefix length, not a scan
            if word[:cut] in self._prefix_set:
                for stem in index.get(word[cut:cut + 2], ()):
                    if word.startswith(stem, cut):
                        return stem
        return None

    def _latin_root(self, word: str) -> str | None:
        for root in self.latin:
            if root in word:
                return root
        return None

    def _masked_root(self, word: str) -> tuple[str | None, str | None]:
        """(obscene root, insult stem) for a word with masked letters («х*й», «д.бил»)."""
        slots = [i for i, ch in enumerate(word) if ch == "*"]
        if not slots or len(_LETTER.findall(word)) < 2:
            return None, None
        if len(slots) > 2:  # «б***ь», «х***ня»: too many letters hidden to try them all
            return self._canonical_root(word), None
        chars = list(word)
        alphabet = CYRILLIC if len(slots) <= 2 else "аеиоуяыюй"
        insult_hit: str | None = None
        squeezed = word.replace("*", "")  # a mask may stand for nothing («пе?зд» = «пёзд» with a lost «ё»)
        if len(squeezed) >= 3:
            root = self._check(squeezed)
            if root:
                return root, None
        if len(squeezed) >= 5:  # «ид.иoт»: a dot put between the letters of a whole insult
            insult_hit = self._insult_stem(squeezed, 4)
        elif squeezed in self._insult_stems:  # «ч*мо»: a mask put into a short one
            insult_hit = squeezed
        for letters in product(alphabet, repeat=len(slots)):
            for slot, letter in zip(slots, letters, strict=True):
                chars[slot] = letter
            candidate = "".join(chars)
            root = self._check(candidate)
            if root:
                return root, None
            if insult_hit is None:
                insult_hit = self._insult_stem(candidate)
        return None, insult_hit

    def _insult_stem(self, word: str, shortest: int = 2) -> str | None:
        """The shortest of ``masked_insults`` the word starts with (at least ``shortest`` letters), or None."""
        stems = self._insult_stems
        return next((word[:k] for k in range(shortest, len(word) + 1) if word[:k] in stems), None)

    def _canonical_root(self, word: str, loose: bool = False) -> str | None:
        """The whole obscene word (``canonical``) a heavily masked spelling can only be («б***ь»: each
        mask one letter, give or take two); ``loose``: a run of masks hides one letter or more
        («х...ня»: dots are not counted)."""
        parts = re.split(r"(\*+)", word)
        pattern = re.compile("".join(
            (f".{{1,{len(p) + 2}}}" if loose else f".{{{len(p)},{len(p) + 2}}}") if p.startswith("*") else re.escape(p)
            for p in parts))
        return next((w for w in self.canonical if pattern.fullmatch(w)), None)

    def _chunk_verdict(self, chunk: str) -> tuple[str, str] | None:
        """('obscene'|'insult', explanation) for one whitespace-separated chunk of the message."""
        word = chunk.strip(_EDGE)
        if len(word) < 2:
            return None
        if word[0] == "#" and _ONLY_CYRILLIC.match(word[1:]):
            word = word[1:]  # a hashtag, not a masked letter: «#благоустройство»
        if _ONLY_CYRILLIC.match(word):
            root = self._check(word)
            if root is None and _STRETCHED.search(word):  # «ппииииздец»: letters held, not a new word
                root = self._check(_REPEATS.sub(r"\1", word))
            return ("obscene", f"root={root} ({word})") if root else None
        if _LATIN_WORD.match(word):
            root = self._latin_root(word)
            if root is None and len(word) >= 4:  # «Gbpltw»: typed with the English keyboard layout
                typed = word.translate(_KEYBOARD)
                if self._check(typed):
                    return "obscene", f"layout={typed} ({word})"
            return ("obscene", f"latin={root} ({word})") if root else None
        if not word.isascii():
            word = _SYMBOL_INSIDE.sub("*", word)  # «пи🤬дец»: an emoji hides letters
        word = word.replace("3.14", "пи")
        if len(_ANY_LETTER.findall(word)) < 2:
            return None  # «4.00», «п.3.4.»: numbers and references, not disguised words
        insult: tuple[str, str] | None = None
        for table in (_TABLE, _TABLE_ALT):
            fixed = word.translate(table)
            for ch in _MASKS:
                fixed = fixed.replace(ch, "*")
            # a dict, not a set: the variants are tried in a fixed order, so the explanation is stable
            variants = dict.fromkeys((fixed, _SEPARATORS.sub("", fixed)))
            # letters swapped for look-alikes or set apart one or two at a time, not a missing space («идиотизма.Ты»)
            disguised = fixed != word or all(len(p) <= 2 for p in _SPACERS.split(fixed))  # and «у-р-о-д»
            if "-" in fixed and all(len(p) <= 2 for p in fixed.split("-")):
                variants[fixed.replace("-", "")] = None  # «х-у-й»
            if _dot_may_mask(fixed):
                variants[_SEPARATORS.sub(lambda m: "*" * len(m.group()), fixed)] = None
            elif _SEPARATORS.search(fixed):  # «х..ня», «б...ь»: only a whole obscene word may hide there
                dotted = _SEPARATORS.sub(lambda m: "*" * len(m.group()), fixed).strip(_EDGE)
                found = self._canonical_root(dotted, loose=True) if dotted.count("*") >= 2 else None
                if found:
                    return "obscene", f"masked={found} ({chunk})"
            for variant in variants:
                for piece in [variant, *variant.split("-")] if "-" in variant else [variant]:
                    piece = piece.strip(_EDGE)
                    if "*" in piece:
                        root, insulting = self._masked_root(piece)
                        if root:
                            return "obscene", f"masked={root} ({chunk})"
                        if insulting and insult is None:
                            insult = ("insult", f"masked={insulting} ({chunk})")
                    elif _ONLY_CYRILLIC.match(piece):
                        root = self._check(piece)
                        if root:
                            return "obscene", f"root={root} ({chunk})"
                        if insult is None and disguised:  # «д.е.г.е.н.е.р.а.т», «ч.м.о», «cyки»: a whole insult
                            stem = self._insult_stem(piece, 3)
                            if stem:
                                insult = ("insult", f"masked={stem} ({chunk})")
        return insult

    def decide(self, raw_text: str, hits: Iterable[Hit], chunks: Sequence[str] | None = None,
               tokens: Sequence[str] | None = None, lemmas: Sequence[str] | None = None) -> ExclusionDecision:
        """The exclusion reason for a message (threat > obscene > insult), or None.

        ``chunks``: the text's whitespace-separated chunks, lower-cased and ё-folded, when the
        caller has them already (``Normalized.chunks``); else they are cut from ``raw_text``.
        ``tokens``: the normalized tokens the hits' positions point into; with them, an insult
        word written as a person's name («Глава поселения Козлов») is a name, not an insult, and
        with ``lemmas`` too a harm verb on a harmless thing is no threat (classifier/harm_vetoes.py).
        """
        found: dict[str, list[str]] = {}
        score: dict[str, float] = {}
        targeting: dict[str, list[Hit]] = {}
        hits = list(hits)
        if tokens is not None:
            hits = without_names(hits, raw_text, tokens)
            if self.harm is not None and lemmas is not None:
                hits = self.harm.allowed(hits, tokens, lemmas)
        for hit in hits:
            if hit.rule.group == TARGETING_GROUP:
                targeting.setdefault(hit.rule.code, []).append(hit)
        quoted = reported(hits, targeting["reported"]) if "reported" in targeting else set()
        if "named_before" in targeting:  # «сосед меня «дебилом» обозвал»: the name someone else used
            quoted.update(p for v in targeting["named_before"] for p in (v.position - 1, v.position - 2))
        for code in ("self", "pet"):  # «я дура, забыла квитанцию»: the writer about themselves; «кота Мерзавца»
            quoted.update(h.end for h in targeting.get(code, ()))
        for hit in hits:
            if hit.rule.group == GROUP and not (hit.rule.code == "insult" and hit.position in quoted):
                found.setdefault(hit.rule.code, []).append(hit.rule.label)
                score[hit.rule.code] = score.get(hit.rule.code, 0.0) + hit.weight
        if "targeted" in targeting and "target" in targeting:
            aimed = aimed_near([h for h in targeting["targeted"] if h.position not in quoted], targeting["target"],
                               tokens, lemmas, targeting.get("office", ()))
            if aimed:
                found.setdefault("insult", []).append(f"exclusion:insult:targeted={aimed}")
                score["insult"] = score.get("insult", 0.0) + 1.0
        words = chunks if chunks is not None else raw_text.lower().replace("ё", "е").split()
        if score.get("insult", 0.0) < 1.0:
            aimed = self._aimed_by_form(hits, quoted, targeting.get("of", ()), targeting.get("office", ()),
                                        words[0] if words else "") or paired(
                targeting.get("beast", ()), targeting.get("trait", ()), quoted)
            said = [*targeting.get("beast", ()), *targeting.get("targeted", ())]  # «сантехник олень», «автор — балабол»
            if not aimed and lemmas is not None and tokens is not None and said:
                aimed = predicated(said, targeting.get("target", ()), tokens, lemmas, " ".join(words), quoted)
            if not aimed and tokens is not None and len(tokens) <= 4 and _one_word(raw_text):
                # a reply that is one word, to whoever it answers («[id880|Светлана] овца», «клоуны 🤡»)
                aimed = next((f"exclusion:insult:alone={h.entries[0]}" for h in hits
                              if h.position == len(tokens) - 1 and is_insult(h)), "")
            if not aimed and tokens is not None:  # «…отписки шлют, клоуны», «Иди проспись, алкаш, …»
                free = [h for h in hits if h.position not in quoted and h.entries[0] not in self.literal]
                aimed = called_out([h for h in free if is_insult(h)], tokens, words, [h for h in free if is_beast(h)]
                                   ) or addressed([h for h in hits if h.position not in quoted], tokens, words)
            if aimed:
                found.setdefault("insult", []).append(aimed)
                score["insult"] = score.get("insult", 0.0) + 1.0
        found = {code: why for code, why in found.items() if score[code] >= 1.0}
        if "threat" in found:
            return ExclusionDecision("threat", tuple(found["threat"]))
        # a rule that says the message threatens nobody is named («exclusion:cleared:combo=reported-threat»)
        cleared = tuple(dict.fromkeys(CLEARED + hit.rule.label.split(":", 2)[2] for hit in hits
                                      if hit.rule.group == GROUP and hit.rule.code == "threat" and hit.weight < 0))
        verdict = self._scan(words)
        if verdict is not None and verdict[0] == "obscene":
            return ExclusionDecision("obscene", (f"excluded:obscene:{verdict[1]}", *cleared))
        if "insult" in found:
            return ExclusionDecision("insult", tuple(found["insult"]) + cleared)
        if verdict is not None:
            return ExclusionDecision(verdict[0], (f"excluded:{verdict[0]}:{verdict[1]}", *cleared))
        return ExclusionDecision(None, cleared)

    def unquoted(self, text: str) -> str | None:
        """The text without the quotations someone else spoke, or None (classifier/quoted_speech.py)."""
        return unquoted(text, self.quoted_by)

    def _aimed_by_form(self, hits: Sequence[Hit], quoted: set[int], of: Sequence[Hit], offices: Sequence[Hit],
                       first: str) -> str:
        """The label of a word that may insult aimed at people by its place in the message, or "":
        opening it, set off as an address («Лицемеры, …», «Взяточники, а не комиссия», «Балаболы.»), or
        followed by where its people are from («брехуны из РЭС», «лентяи из дорожной службы»;
        one of ``literal`` or a beast only when that is an office: «бараны из отдела ЖКХ», but «козел из
        соседнего двора», «Мошенники, представляясь …»)."""
        words = [h for h in hits if h.position not in quoted and is_insult(h)]
        maybe = [h for h in words if h.entries[0] not in self.literal]
        if first[-1:] in _CALLING:  # even a beast's name called out alone with «!»: «Бараны! Кто ставит машины …»
            called = next((h for h in (words if first[-1:] == "!" else maybe) if h.position == 0), None)
            if called is not None:
                return f"exclusion:insult:called={called.entries[0]}"
        after = {h.position for h in of}
        of_people = next((h for h in maybe if h.end in after), None)
        if of_people is None and offices:  # a beast too: «питекантропы из администрации»
            at_work = {h.position for h in offices}
            of_people = next((h for h in hits if h.end in at_work and h.position not in quoted
                              and (is_insult(h) or is_beast(h))), None)
        return "" if of_people is None else f"exclusion:insult:of={of_people.entries[0]}"

    def _chunk_info(self, chunk: str) -> tuple[tuple[str, ...], tuple[str, str] | None]:
        """A chunk's single-letter pieces (spaced-out words; () for a longer word) and its longer pieces' verdict."""
        chunk = _BRACKETED_LETTER.sub(r"\1", chunk)  # «е(б)ать», «му(д)ак»: a letter put in brackets
        chunk = chunk.replace("}{", "х").replace(")(", "х")  # «о}{уеть»: brackets drawing a letter
        pieces = [p for part in _CHUNK.findall(chunk) for p in _SENTENCE_GLUE.split(part)]
        singles: list[str] = []
        verdict: tuple[str, str] | None = None
        for piece in pieces:
            bare = piece.strip(_EDGE)
            if len(bare) == 1:
                singles.append(bare.translate(_TABLE))
                continue
            if not bare:
                continue
            found = self._chunk_verdict(piece)
            if found is not None and (verdict is None or found[0] == "obscene"):
                verdict = found
        if len(pieces) == 1 and singles:
            return tuple(singles), verdict
        return ((), verdict) if verdict is not None else _INNOCENT

    def _scan(self, words: Sequence[str]) -> tuple[str, str] | None:
        """The obscene (or insult) verdict on a message's folded whitespace-separated chunks."""
        try:  # the usual message: no verdict on any word and no three single letters in a row
            marks = bytes(map(self._marks.__getitem__, words))
            if 2 not in marks and b"\x01\x01\x01" not in marks:
                return None
        except KeyError:
            pass  # a word not seen yet
        chunks = self._chunks
        known_all = list(map(chunks.get, words))
        insult: tuple[str, str] | None = None
        run: list[str] = []
        for chunk, known in zip([*words, ""], [*known_all, None], strict=True):
            if known is None:
                known = self._chunk_info(chunk) if chunk else _INNOCENT
                if len(chunks) < 500_000:
                    chunks[chunk] = known
                    self._marks[chunk] = 0 if known == _INNOCENT else 1 if known[1] is None else 2
            singles, verdict = known
            if singles:
                run.extend(singles)
                continue
            if len(run) >= 3:
                for letters in spaced_words(run):
                    joined = "".join(letters)
                    root = self._check(joined)
                    if root:
                        return "obscene", f"spaced={root} ({' '.join(letters)})"
                    stem = self._insult_stem(joined)
                    if stem and insult is None:
                        insult = ("insult", f"spaced={stem} ({' '.join(letters)})")
            run = []
            if verdict is not None:
                if verdict[0] == "obscene":
                    return verdict
                insult = insult or verdict
        return insult


def _one_word(raw_text: str) -> bool:
    """The message is a single word after the VK mentions it opens with (emoji aside)."""
    return len(_WORD.findall(_MENTIONS.sub("", raw_text, count=1))) == 1


def _dot_may_mask(word: str) -> bool:
    """Whether dots inside a word may stand for hidden letters («д.бил», «х..ня»), not for an
    abbreviation or a missing space («с.Будище», «обл.г.Курчатов», «е.л»)."""
    runs = _SEPARATORS.findall(word)
    if len(runs) != 1:
        return False
    left, right = _SEPARATORS.split(word, maxsplit=1)
    letters = len(left) + len(right)
    return left not in _ABBREVIATIONS and 4 <= letters <= 10 and len(right) >= 2
