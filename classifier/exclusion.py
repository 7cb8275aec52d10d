"""Exclusion (p. 20): obscene words, insults aimed at people, threats; from ``rules/exclusion.yaml``.

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
Threats are phrases in the shared lexicon («убью», «сожжем дом», «знаем где ты живешь»).
Precedence when several apply: threat > obscene > insult.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from typing import Any, NamedTuple

from classifier.lexicon import Entry, Hit, Lexicon, Rule
from classifier.normalize import first_person_future, inflect, is_known
from classifier.rules import RulesError, add_code_rules, entries

__all__ = ["ExclusionDecision", "ExclusionRules"]

GROUP = "exclusion"
TARGETING_GROUP = "insult_target"  # ambiguous insults and the people they may be aimed at
TARGET_WINDOW = 4  # an ambiguous insult counts within this many words of a person
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_MASKS = "*#%№$@&?!+"
_CHUNK = re.compile(r"[^\s,;:()\[\]{}«»\"…—–/\\|<>]+")
_EDGE = ".,!?-_'\"`~^"
_ONLY_CYRILLIC = re.compile(r"^[а-я]+$")
_LETTER = re.compile(r"[а-я]")
_LATIN_WORD = re.compile(r"^[a-z]+$")
# «восторге!удачи», «дом.вода»: punctuation between two real words is a missing space, not a mask
_SENTENCE_GLUE = re.compile(r"(?<=[а-яa-z]{3})[!?.]+(?=[а-яa-z]{3})")
_ANY_LETTER = re.compile(r"[а-яa-z]")
#: abbreviations written with a dot before a name («с.Будище», «г.Курчатов»): the dot is no mask
_ABBREVIATIONS = frozenset({"с", "г", "п", "ул", "обл", "пос", "ст", "им", "пр", "кв", "пер", "р", "рп", "мкр",
                            "пгт", "т", "у", "е", "м", "к", "ж", "тыс", "руб", "млн", "мин", "см", "стр", "корп"})
_SEPARATORS = re.compile(r"(?<=[а-я*])[.'_`]+(?=[а-я*])")
_LOOKS = {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
          "t": "т", "h": "н", "b": "в", "u": "и", "n": "п", "0": "о", "3": "з", "6": "б", "4": "ч",
          "9": "я", "z": "з", "i": "и", "r": "г", "l": "л", "d": "д", "g": "д", "s": "с", "v": "в"}
_LOOKS_ALT = {**_LOOKS, "h": "х", "u": "у", "b": "б", "r": "р", "n": "н", "y": "у"}
_TABLE = str.maketrans(_LOOKS)
_TABLE_ALT = str.maketrans(_LOOKS_ALT)


#: the cached verdict on a chunk that is neither obscene, insulting nor a spaced-out letter
#: (one shared object, so a message of harmless words is recognised by identity)
_INNOCENT: tuple[tuple[str, ...], None] = ((), None)


class ExclusionDecision(NamedTuple):
    excluded: str | None
    rules: tuple[str, ...]


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RulesError(f"{where}.{key}: must be a list of non-empty strings")
    return tuple(v.strip().lower().replace("ё", "е") for v in values)


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
    _check: Callable[[str], str | None] = field(default=lambda w: None, repr=False, compare=False)
    _chunks: dict[str, tuple[tuple[str, ...], tuple[str, str] | None]] = field(
        default_factory=dict, repr=False, compare=False)
    #: per cached chunk: 0 harmless, 1 a single letter (part of a spaced-out word?), 2 has a verdict
    _marks: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _stem_index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _prefix_set: frozenset[str] = field(default=frozenset({""}), repr=False, compare=False)
    _prefix_cuts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)

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
        masked = _strings(insult, "masked", f"{f}: insult")
        insult.pop("masked", None)
        add_code_rules(lex, GROUP, "insult", insult, f"{f}: insult", lemmatize)
        target_entries = entries(targets, f"{f}: insult.targets", lemmatize)
        targeted_entries = entries(targeted, f"{f}: insult.targeted", lemmatize)
        if targeted_entries and not target_entries:
            raise RulesError(f"{f}: insult.targets: needed when insult.targeted is used")
        for entry in targeted_entries:
            lex.add_entry(TARGETING_GROUP, "targeted", entry)
        for entry in target_entries:
            lex.add_entry(TARGETING_GROUP, "target", entry)
        _compile_threats(lex, dict(data.get("threat") or {}), lemmatize)
        rules = cls(
            anywhere=_strings(obscene, "anywhere", w),
            stems=_strings(obscene, "stems", w),
            prefixes=("",) + _strings(obscene, "prefixes", w),
            words=frozenset(_strings(obscene, "words", w)),
            safe=_strings(obscene, "safe", w),
            latin=_strings(obscene, "latin", w),
            masked_insults=masked,
            canonical=_strings(obscene, "canonical", w),
        )
        stem_index: dict[str, list[str]] = {}
        for stem in rules.stems:  # stems are at least two letters: indexed by their first two
            stem_index.setdefault(stem[:2], []).append(stem)
        object.__setattr__(rules, "_stem_index", {k: tuple(v) for k, v in stem_index.items()})
        object.__setattr__(rules, "_prefix_set", frozenset(rules.prefixes))
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
            pattern = re.compile(re.sub(r"\\\*+", lambda m: f".{{{len(m.group()) // 2},{len(m.group()) // 2 + 2}}}",
                                        re.escape(word)))
            found = next((w for w in self.canonical if pattern.fullmatch(w)), None)
            return (found, None) if found else (None, None)
        chars = list(word)
        alphabet = CYRILLIC if len(slots) <= 2 else "аеиоуяыюй"
        insult_hit: str | None = None
        squeezed = word.replace("*", "")  # a mask may stand for nothing («пе?зд» = «пёзд» with a lost «ё»)
        if len(squeezed) >= 3:
            root = self._check(squeezed)
            if root:
                return root, None
        for letters in product(alphabet, repeat=len(slots)):
            for slot, letter in zip(slots, letters, strict=True):
                chars[slot] = letter
            candidate = "".join(chars)
            root = self._check(candidate)
            if root:
                return root, None
            if insult_hit is None:
                insult_hit = next((s for s in self.masked_insults if candidate.startswith(s)), None)
        return None, insult_hit

    def _chunk_verdict(self, chunk: str) -> tuple[str, str] | None:
        """('obscene'|'insult', explanation) for one whitespace-separated chunk of the message."""
        word = chunk.strip(_EDGE)
        if len(word) < 2:
            return None
        if _ONLY_CYRILLIC.match(word):
            root = self._check(word)
            return ("obscene", f"root={root} ({word})") if root else None
        if _LATIN_WORD.match(word):
            root = self._latin_root(word)
            return ("obscene", f"latin={root} ({word})") if root else None
        word = word.replace("3.14", "пи")
        if len(_ANY_LETTER.findall(word)) < 2:
            return None  # «4.00», «п.3.4.»: numbers and references, not disguised words
        insult: tuple[str, str] | None = None
        for table in (_TABLE, _TABLE_ALT):
            fixed = word.translate(table)
            for ch in _MASKS:
                fixed = fixed.replace(ch, "*")
            variants = {fixed, _SEPARATORS.sub("", fixed)}
            if "-" in fixed and all(len(p) <= 2 for p in fixed.split("-")):
                variants.add(fixed.replace("-", ""))  # «х-у-й»
            if _dot_may_mask(fixed):
                variants.add(_SEPARATORS.sub(lambda m: "*" * len(m.group()), fixed))
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
        return insult

    def decide(self, raw_text: str, hits: Iterable[Hit], chunks: Sequence[str] | None = None) -> ExclusionDecision:
        """The exclusion reason for a message (threat > obscene > insult), or None.

        ``chunks``: the text's whitespace-separated chunks, lower-cased and ё-folded, when the
        caller has them already (``Normalized.chunks``); else they are cut from ``raw_text``.
        """
        found: dict[str, list[str]] = {}
        score: dict[str, float] = {}
        targeting: dict[str, list[Hit]] = {}
        for hit in hits:
            if hit.rule.group == GROUP:
                found.setdefault(hit.rule.code, []).append(hit.rule.label)
                score[hit.rule.code] = score.get(hit.rule.code, 0.0) + hit.weight
            elif hit.rule.group == TARGETING_GROUP:
                targeting.setdefault(hit.rule.code, []).append(hit)
        if "targeted" in targeting and "target" in targeting:
            aimed = _aimed(targeting["targeted"], targeting["target"])
            if aimed:
                found.setdefault("insult", []).append(f"exclusion:insult:targeted={aimed}")
                score["insult"] = score.get("insult", 0.0) + 1.0
        found = {code: why for code, why in found.items() if score[code] >= 1.0}
        if "threat" in found:
            return ExclusionDecision("threat", tuple(found["threat"]))
        verdict = self._scan(chunks if chunks is not None else raw_text.lower().replace("ё", "е").split())
        if verdict is not None and verdict[0] == "obscene":
            return ExclusionDecision("obscene", (f"excluded:obscene:{verdict[1]}",))
        if "insult" in found:
            return ExclusionDecision("insult", tuple(found["insult"]))
        if verdict is not None:
            return ExclusionDecision(verdict[0], (f"excluded:{verdict[0]}:{verdict[1]}",))
        return ExclusionDecision(None, ())

    def _chunk_info(self, chunk: str) -> tuple[tuple[str, ...], tuple[str, str] | None]:
        """For one whitespace-separated chunk: its single-letter pieces (for spaced-out words,
        or () when it is a longer word) and the verdict on its longer pieces (cached)."""
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
                joined = "".join(run)
                root = self._check(joined)
                if root:
                    return "obscene", f"spaced={root} ({' '.join(run)})"
                stem = next((s for s in self.masked_insults if joined.startswith(s)), None)
                if stem and insult is None:
                    insult = ("insult", f"spaced={stem} ({' '.join(run)})")
            run = []
            if verdict is not None:
                if verdict[0] == "obscene":
                    return verdict
                insult = insult or verdict
        return insult


#: the threat section's word lists (the rest is forms/words/strong/weak/combos), and the list each needs
_THREAT_LISTS = ("harm_verbs", "persons", "harm_unless", "thing_verbs", "harm_aimed_at", "aimed_verbs", "aimed_at",
                 "aimed_unless", "body_parts", "body_verbs", "body_unless", "body_aimed_at", "maim_verbs",
                 "kill_verbs", "kill_unless", "wish_verbs", "wish_to", "consequence_verbs", "dispose_places",
                 "dispose_unless", "veiled_owners", "veiled_kin", "veiled_property", "veiled_warnings", "veiled_unless")
_THREAT_NEEDS = {"thing_verbs": "harm_verbs", "harm_aimed_at": "harm_verbs", "maim_verbs": "body_parts",
                 "body_aimed_at": "body_verbs", "wish_verbs": "wish_to", "dispose_places": "persons",
                 "veiled_warnings": "veiled_owners", "veiled_kin": "veiled_warnings",
                 "veiled_property": "veiled_warnings"}
_CONSEQUENCE_PERSONS = (("ты", "2sg"), ("вы", "2pl"), ("он", "3sg"), ("она", "3sg"), ("они", "3pl"))
_ENDINGS = {"2sg": ("ешь", "ишь", "ешься", "ишься"), "2pl": ("ете", "ите", "етесь", "итесь"),
            "3sg": ("ет", "ит", "ется", "ится"), "3pl": ("ут", "ют", "ат", "ят", "утся", "ются", "атся", "ятся")}
_INSTRUMENTAL = ("ой", "ом", "ем", "ами", "ями", "им", "ими", "ей")  # «с тобой», «с ним»; else «тебя», «главу»
#: the past forms a cursed person agrees with: «чтоб ты сдох(ла)», «чтоб вы сдохли», «чтоб вас завалило»
_AGREES = {"ты": "mf", "вы": "p", "он": "m", "она": "f", "они": "p", "тебя": "n", "вас": "n", "его": "n", "ее": "n",
           "их": "n", "у тебя": "mfnp", "у вас": "mfnp"}
_WISHES = ("чтоб*", "лучше бы", "хоть бы", "пусть бы")  # «хоть бы тебя завалило»
_JUST_SO = ["чтоб* !вы !знали", "чтоб* !ты !знал", "чтоб* !ты !знала", "чтоб* !вы !понимали", "чтоб* !вы !видели"]
_SOFT = re.compile(r"ь(?=[юея])")  # «убью» is also written «убю», «убъю»
_SELF = ("себе", "!сам", "!сама", "!сами")  # «сам себе ноги переломаю»: harm to oneself


def _compile_threats(lex: Lexicon, threat: dict[str, Any], lemmatize: Callable[[str], str]) -> None:
    """Add the threat rules: listed forms and phrases, plus constructions generated from word lists
    (an announced act, a wish, a curse, a promised consequence, a veiled warning; see the comments
    in rules/exclusion.yaml, which name what each list generates)."""
    f = "exclusion.yaml: threat"
    for entry in entries(threat.pop("forms", None), f"{f}.forms", lemmatize, exact=True):
        lex.add_entry(GROUP, "threat", entry, 3.0)
    w = {key: _strings(threat, key, f) for key in _THREAT_LISTS}
    for key in _THREAT_LISTS:
        threat.pop(key, None)
    problems = [f"{key}: used with {other}, which is empty" for key, other in _THREAT_NEEDS.items()
                if w[key] and not w[other]]
    problems += [f"thing_verbs: {v!r} is not in harm_verbs" for v in w["thing_verbs"] if v not in w["harm_verbs"]]
    problems += [f"wish_to: {v!r} is not one of {', '.join(_AGREES)}" for v in w["wish_to"] if v not in _AGREES]
    if problems:
        raise RulesError(f"{f}.{problems[0]}")

    def rule(name: str, key: str, *conditions: list[str], unless: Iterable[str] = (), unless_key: str = "",
             anchor: Iterable[str] = ()) -> None:
        """A rule whose every condition matches and no `unless` entry does; a phrase holding an
        `anchor` word is looked up by it (a rare word, not a common «лучше»)."""
        veto = entries(list(dict.fromkeys(unless)), f"{f}.{unless_key or key}", lemmatize)
        groups = [[_anchored(e, frozenset(anchor)) for e in entries(list(dict.fromkeys(said)), f"{f}.{key}",
                                                                    lemmatize)] for said in conditions]
        lex.add_rule(Rule(GROUP, "threat", name, 3.0), groups, veto)

    _add_harm_threats(rule, w)
    _add_body_threats(rule, w)
    if w["aimed_verbs"]:  # «разберусь с тобой», «тебя достану», «вас всех найдём»
        rule("aimed", "aimed_verbs", [t for verb in w["aimed_verbs"] for form in _announced(verb) for p in w["aimed_at"]
                                      for t in ((f"!{form} с !{p}", f"с !{p} !{form}") if p.endswith(_INSTRUMENTAL)
                                                else (f"!{form} !{p}", f"!{p} !{form}", f"!{p} я !{form}",
                                                      f"!{p} всех !{form}", f"!{form} !{p} всех"))],
             unless=w["aimed_unless"])
    if w["kill_verbs"]:  # «таких надо убивать», «этого фельдшера надо убить», «пристрелить таких мало»
        rule("wish", "kill_verbs", [t for verb in w["kill_verbs"]
                                    for t in (f"надо {verb}", f"нужно {verb}", f"{verb} надо", f"{verb} нужно",
                                              f"{verb} ... !мало", f"!таких ... {verb}", f"{verb} !таких")],
             unless=w["kill_unless"], unless_key="kill_unless")
    for verb in w["wish_verbs"]:  # «чтоб ты сгорел», «хоть бы вас завалило»; a past form as written: «передохли»
        past = _past(verb) if verb.endswith(("ть", "ться", "чь", "чься", "ти", "тись")) else (
            ({"и": "p", "а": "f", "о": "n"}.get(verb.rstrip("сья")[-1], "m"), verb),)  # gender by its ending
        rule(f"curse={verb}", "wish_verbs", [f"{wish} !{who.replace(' ', ' !')} ... !{form}" for who in w["wish_to"]
                                             for gender, form in past if gender in _AGREES[who] for wish in _WISHES],
             unless=[f"!не !{form}" for _, form in past] + _JUST_SO, anchor=[form for _, form in past])
    for verb in w["consequence_verbs"]:  # «ты у меня ещё поплачешь», «дождёшься ты у меня», «мастер у меня получит»
        rule(f"consequence={verb}", "consequence_verbs", [
            t for who, person in _CONSEQUENCE_PERSONS for form in _personal(verb, person)
            for t in (f"!{who} у !меня ... !{form}", f"у !меня !{who} ... !{form}", f"!{form} !{who} у !меня",
                      f"у !меня !{form}", f"у !меня !еще !{form}")])
    if w["dispose_places"]:  # «таких в прорубь», «его бы самого под лёд», not «его под лёд затянуло»
        rule("dispose", "dispose_places", [t for place in w["dispose_places"] for p in w["persons"]
                                           for t in (f"!{p} ... {place}", f"{place} !{p}")],
             unless=w["dispose_unless"], unless_key="dispose_unless")
    if w["veiled_warnings"]:  # «свой» names the reader's kin («детишек своих береги»), not a house to look after
        owned = [t for kin, owners in ((w["veiled_kin"], (*w["veiled_owners"], "свой")),
                                       (w["veiled_property"], w["veiled_owners"]))
                 for thing in kin for owner in owners for t in (f"{owner} ... {thing}", f"{thing} ... {owner}")]
        rule("veiled", "veiled_owners", owned, list(w["veiled_warnings"]), unless=w["veiled_unless"],
             unless_key="veiled_unless")
    add_code_rules(lex, GROUP, "threat", threat, f, lemmatize)


def _add_harm_threats(rule: Callable[..., None], w: Mapping[str, tuple[str, ...]]) -> None:
    """Per verb: announced or wished («убью», «убить бы», «так бы и придушил»), unless it acts on a
    harmless object; and wished on a person or aimed at the reader («его бы самого закопать», «я тебя прирежу»)."""
    for verb in w["harm_verbs"]:
        forms = _announced(verb)
        # a demonstrative may point at a thing: «сжечь бы эту свалку», not «сжечь бы их», «… бы вместе с главой»
        said = [f"!{form}" for form in forms] + [f"{verb} бы !{p}" for p in w["persons"] if not p.startswith("эт")]
        # «сжечь бы эту контору вместе с главой», «надо поджечь вместе с директором и со всеми»
        said += [f"{verb} ... вместе с !{p}" for p in w["aimed_at"] if p.endswith(_INSTRUMENTAL)]
        said += [f"{verb} ... вместе со !всеми", f"{verb} ... вместе с !теми"]
        said += [f"так бы и !{form}" for _, form in _past(verb)]
        said += [f"своими руками ... {verb}", f"{verb} ... своими руками", f"чесаться ... {verb}"]  # «руки чешутся»
        if verb not in w["thing_verbs"]:  # «сжечь бы» may be about rubbish, «убить бы» is about a person
            said.append(f"{verb} бы")
        veto = [t for thing in w["harm_unless"] for t in (f"{verb} {thing}", f"{thing} ... {verb}")]
        veto.append(f"{verb} бы за")  # «убила бы за горячую воду»: a craving, not a threat
        rule(f"harm={verb}", "harm_verbs", said, unless=veto, unless_key="harm_unless")
        wished = [t for p in w["persons"] for t in (f"!{p} надо {verb}", f"!{p} нужно {verb}", f"надо !{p} {verb}",
                                                     f"!{p} бы {verb}", f"{verb} !{p} надо")]
        wished += [f"бы !самого ... {verb}", f"бы !самих ... {verb}"]
        wished += [t for form in forms + _personal(verb, "3pl")  # «я тебя прирежу», «тебя прибьют»
                   for p in w["harm_aimed_at"] for t in (f"!{form} !{p}", f"!{p} !{form}")]
        wished += [f"!{form} и !{p}" for form in forms[:2] for p in w["harm_aimed_at"]]  # «порежу и тебя», no typos
        rule(f"harm-at={verb}", "harm_verbs", wished)


def _add_body_threats(rule: Callable[..., None], w: Mapping[str, tuple[str, ...]]) -> None:
    """«ноги переломаю», «ему бы башку открутить», unless someone falls («ноги сломаю на льду»); aimed at
    someone («тебе, глава, голову откручу») even in a road complaint; a maiming wish («головы открутить мало»)."""
    parts, announced, said = w["body_parts"], [], []
    for verb in dict.fromkeys(w["body_verbs"]):  # one rule: the same fall vetoes every verb
        forms = _announced(verb)
        announced += [f"!{form}" for form in forms]
        said += [t for form in forms for part in parts for t in (f"{part} ... !{form}", f"!{form} ... {part}")]
        said += [f"{part} бы {verb}" for part in parts] + [f"бы {part} {verb}" for part in parts]
    if said:
        rule("body", "body_verbs", said, unless=w["body_unless"], unless_key="body_unless")
    if w["body_aimed_at"]:
        rule("body-at", "body_aimed_at", announced,
             [t for d in w["body_aimed_at"] for part in parts for t in (f"!{d} ... {part}", f"{part} ... !{d}")],
             unless=_SELF)
    if w["maim_verbs"]:  # not «чтобы ноги не переломать, надо …»
        rule("maim", "maim_verbs", [t for verb in w["maim_verbs"] for part in parts
                                    for t in (f"{part} ... {verb} !надо", f"{part} ... {verb} !мало",
                                              f"бы ... {part} {verb}")],
             unless=[*_SELF, *(f"не {verb}" for verb in w["maim_verbs"])])


def _anchored(entry: Entry, words: frozenset[str]) -> Entry:
    """The phrase looked up by its first part written as one of ``words``, if any."""
    found = [k for k, part in enumerate(entry.parts) if part.form in words]
    return replace(entry, anchor=found[0]) if found and len(entry.parts) > 1 else entry


@lru_cache(maxsize=1024)  # harm, body and aimed verbs overlap
def _announced(verb: str) -> tuple[str, ...]:
    """First-person forms («убью», «убьём») and their usual misspellings of the soft sign («убю», «убъю»)."""
    forms = first_person_future(verb)
    typos = [v for form in forms if _SOFT.search(form) for v in (_SOFT.sub("", form), _SOFT.sub("ъ", form))]
    return tuple(dict.fromkeys([*forms, *(v for v in typos if not is_known(v))]))


def _past(verb: str) -> tuple[tuple[str, str], ...]:
    """(gender m/f/n or p for plural, form): «сгорел», «сгорела», «сгорело», «сгорели»; «сдох»; «подавился»."""
    forms, found = inflect(verb), []
    for word in sorted(forms):
        for feminine, endings in (("лась", ("лся", "лась", "лось", "лись")), ("ла", ("л", "ла", "ло", "ли"))):
            if word.endswith(feminine):
                said = [word[: -len(feminine)] + ending for ending in endings]
                if said[0] not in forms and feminine == "ла":
                    said[0] = said[0][:-1]  # «сдох», not «сдохл»
                found += [(g, c) for g, c in zip("mfnp", said, strict=True) if c in forms]
                break
    return tuple(dict.fromkeys(found))


def _personal(verb: str, person: str) -> tuple[str, ...]:
    """Present/future forms of one person («2sg»: «поплачешь»), short participles («убит») left out."""
    forms = inflect(verb)
    return tuple(sorted(w for w in forms if w.endswith(_ENDINGS[person]) and w + "а" not in forms))


def _aimed(insults: list[Hit], people: list[Hit]) -> str:
    """The ambiguous insult standing within a few words of a person («ты ... козел»), or ""."""
    for insult in insults:
        for person in people:
            if abs(insult.position - person.position) <= TARGET_WINDOW and insult.position != person.position:
                return insult.entries[0]
    return ""


def _dot_may_mask(word: str) -> bool:
    """Whether dots inside a word may stand for hidden letters («д.бил», «х..ня»), not for an
    abbreviation or a missing space («с.Будище», «обл.г.Курчатов», «е.л»)."""
    runs = _SEPARATORS.findall(word)
    if len(runs) != 1:
        return False
    left, right = _SEPARATORS.split(word, maxsplit=1)
    letters = len(left) + len(right)
    return left not in _ABBREVIATIONS and 4 <= letters <= 10 and len(right) >= 2
