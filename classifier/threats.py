"""Threat rules (p. 20) generated from the word lists in the ``threat:`` section of ``rules/threats.yaml``.

An administrator lists verbs, persons, body parts and warnings; this module turns each list into
the phrase families people really write: an announced act («убью», «сожжём»), a wish («убить
бы», «таких надо …»), a curse agreeing with its addressee («чтоб ты сдох»), a promised
consequence («ты у меня поплачешь»), a veiled warning about an official's family or home. The
comments in rules/threats.yaml name what each list generates. Every rule fires the
``exclusion`` group with the code ``threat``; classifier/exclusion.py decides the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from classifier.harm_vetoes import HarmVetoes
from classifier.lexicon import Entry, Lexicon, Rule
from classifier.normalize import first_person_future, inflect, is_known
from classifier.rules import RulesError, add_code_rules, entries, string_list

__all__ = ["GROUP", "compile_threats"]

GROUP = "exclusion"

#: the threat section's word lists (the rest is forms/words/strong/weak/combos), and the list each needs
_THREAT_LISTS = ("harm_verbs", "persons", "harm_unless", "harm_animals", "harm_objects", "harm_times", "thing_verbs",
                 "harm_aimed_at",
                 "aimed_verbs", "aimed_at", "aimed_unless", "body_parts", "body_verbs", "body_unless",
                 "body_aimed_at", "maim_verbs", "kill_verbs", "kill_unless", "wish_verbs", "wish_to",
                 "consequence_verbs", "dispose_places", "dispose_unless", "veiled_owners", "veiled_kin",
                 "veiled_property", "veiled_warnings", "veiled_unless")
_THREAT_NEEDS = {"thing_verbs": "harm_verbs", "harm_aimed_at": "harm_verbs", "harm_times": "harm_verbs",
                 "harm_animals": "harm_verbs",
                 "maim_verbs": "body_parts",
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
#: a curse's form wishing plenty: «чтоб вас всех горбушей завалило, мужики! удачной путины»
_BLESSING = ["удачный", "улов", "удача", "поздравлять", "праздник"]
_SOFT = re.compile(r"ь(?=[юея])")  # «убью» is also written «убю», «убъю»
_SELF = ("себе", "!сам", "!сама", "!сами")  # «сам себе ноги переломаю»: harm to oneself
#: the time a harm verb kills, a few words after it: «убью сегодня весь вечер» (classifier/harm_vetoes.py)
_WHOLE = ("!весь", "!целый", "!все")


def compile_threats(lex: Lexicon, threat: dict[str, Any], lemmatize: Callable[[str], str]) -> HarmVetoes:
    """Add the threat rules: listed forms and phrases, plus constructions generated from word lists
    (an announced act, a wish, a curse, a promised consequence, a veiled warning; see the comments
    in rules/threats.yaml, which name what each list generates). Returns the harmless things of the
    harm verbs, which the exclusion rules check themselves (classifier/harm_vetoes.py)."""
    f = "threats.yaml: threat"
    for entry in entries(threat.pop("forms", None), f"{f}.forms", lemmatize, exact=True):
        lex.add_entry(GROUP, "threat", entry, 3.0)
    w = {key: string_list(threat, key, f) for key in _THREAT_LISTS}
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
    vetoes = _harm_vetoes(w, lemmatize)
    lex.add_vocabulary(p for parts in (*vetoes.things, vetoes.objects, vetoes.times, vetoes.wholes) for p in parts)
    _add_body_threats(rule, w)
    if w["aimed_verbs"]:  # «разберусь с тобой», «тебя достану», «вас всех найдём»
        forms = _slots([form for verb in w["aimed_verbs"] for form in _announced(verb)], exact=True)
        with_whom = _slots([p for p in w["aimed_at"] if p.endswith(_INSTRUMENTAL)], exact=True)
        whom = _slots([p for p in w["aimed_at"] if not p.endswith(_INSTRUMENTAL)], exact=True)
        rule("aimed", "aimed_verbs",
             [t for form in forms for p in with_whom for t in (f"{form} с {p}", f"с {p} {form}")]
             + [t for form in forms for p in whom for t in (f"{form} {p}", f"{p} {form}", f"{p} я {form}",
                                                             f"{p} всех {form}", f"{form} {p} всех")],
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
             unless=[f"!не !{form}" for _, form in past] + _JUST_SO + _BLESSING, anchor=[form for _, form in past])
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
                 for thing in _slots(kin) for owner in _slots(owners)
                 for t in (f"{owner} ... {thing}", f"{thing} ... {owner}")]
        rule("veiled", "veiled_owners", owned, list(w["veiled_warnings"]), unless=w["veiled_unless"],
             unless_key="veiled_unless")
    add_code_rules(lex, GROUP, "threat", threat, f, lemmatize)
    return vetoes


def _harm_vetoes(w: Mapping[str, tuple[str, ...]], lemmatize: Callable[[str], str]) -> HarmVetoes:
    """The harm verbs' harmless things (``harm_unless``, ``harm_objects``, ``harm_times``), parsed as
    their «unless» entries would be: a thing as written (its lemma and forms), an object or a time as
    the exact form; and the animals a pronoun after the verb may stand for (``harm_animals``, lemmas)."""
    f = "threats.yaml: threat"
    parsed = {key: [e.parts for e in entries(list(w[key]), f"{f}.{key}", lemmatize,
                                             exact=key in ("harm_objects", "harm_times"))]
              for key in ("harm_verbs", "harm_unless", "harm_objects", "harm_times")}
    for key in ("harm_objects", "harm_times"):  # looked up by form: a stem has none
        stems = [w[key][i] for i, parts in enumerate(parsed[key]) if len(parts) != 1 or not parts[0].exact]
        if stems:
            raise RulesError(f"{f}.{key}: {stems[0]!r} must be one word as written (no stem*, no phrase)")
    wholes = [e.parts[0] for e in entries(list(_WHOLE), f"{f}.harm_times", lemmatize)]
    return HarmVetoes({f"harm={verb}": parts[0] for verb, parts in zip(w["harm_verbs"], parsed["harm_verbs"],
                                                                        strict=True)},
                      tuple(parsed["harm_unless"]), tuple(p[0] for p in parsed["harm_objects"]),
                      tuple(p[0] for p in parsed["harm_times"]), tuple(wholes),
                      frozenset(lemmatize(word) for word in w["harm_animals"]),
                      {f"harm-at={verb}": parts[0] for verb, parts in zip(w["harm_verbs"], parsed["harm_verbs"],
                                                                           strict=True)})


def _add_harm_threats(rule: Callable[..., None], w: Mapping[str, tuple[str, ...]]) -> None:
    """Per verb: announced or wished («убью», «убить бы», «так бы и придушил»), unless it acts on a
    harmless object; and wished on a person or aimed at the reader («его бы самого закопать», «я тебя прирежу»)."""
    persons = _slots(w["persons"], exact=True)
    # a demonstrative may point at a thing: «сжечь бы эту свалку», not «сжечь бы их», «… бы вместе с главой»
    people = _slots([p for p in w["persons"] if not p.startswith("эт")], exact=True)
    with_whom = _slots([p for p in w["aimed_at"] if p.endswith(_INSTRUMENTAL)], exact=True)
    aimed_at = _slots(w["harm_aimed_at"], exact=True)
    for verb in w["harm_verbs"]:
        forms = _announced(verb)
        said = [f"!{form}" for form in forms] + [f"{verb} бы {p}" for p in people]
        # «сжечь бы эту контору вместе с главой», «надо поджечь вместе с директором и со всеми»
        said += [f"{verb} ... вместе с {p}" for p in with_whom]
        said += [f"{verb} ... вместе со !всеми", f"{verb} ... вместе с !теми"]
        said += [f"так бы и !{form}" for _, form in _past(verb)]
        said += [f"своими руками ... {verb}", f"{verb} ... своими руками", f"чесаться ... {verb}"]  # «руки чешутся»
        if verb not in w["thing_verbs"]:  # «сжечь бы» may be about rubbish, «убить бы» is about a person
            said.append(f"{verb} бы")
        # «убила бы за горячую воду»: a craving; what the verb acts on («сжечь мусор», «убью весь вечер»)
        # is checked by classifier/harm_vetoes.py
        rule(f"harm={verb}", "harm_verbs", said, unless=[f"{verb} бы за"], unless_key="harm_unless")
        wished = [t for p in persons for t in (f"{p} надо {verb}", f"{p} нужно {verb}", f"надо {p} {verb}",
                                                 f"{p} бы {verb}", f"{verb} {p} надо")]
        wished += [f"бы !самого ... {verb}", f"бы !самих ... {verb}"]
        # «хоть бы кто прибил его», «кто-нибудь бы уже пристрелил их»; not «сам бы закопал эту яму»
        wished += [f"бы ... {past} {p}" for past in _slots([form for _, form in _past(verb)], exact=True)
                   for p in people]
        wished += [t for form in _slots(forms + _personal(verb, "3pl"), exact=True)  # «я тебя прирежу», «тебя прибьют»
                   for p in aimed_at for t in (f"{form} {p}", f"{p} {form}")]
        # «порежу и тебя», no typos
        wished += [f"{form} и {p}" for form in _slots(forms[:2], exact=True) for p in aimed_at]
        rule(f"harm-at={verb}", "harm_verbs", wished)


def _add_body_threats(rule: Callable[..., None], w: Mapping[str, tuple[str, ...]]) -> None:
    """«ноги переломаю», «ему бы башку открутить», unless someone falls («ноги сломаю на льду»); aimed at
    someone («тебе, глава, голову откручу») even in a road complaint; a maiming wish («головы открутить мало»,
    «ноги переломать, чтоб знали»)."""
    verbs = list(dict.fromkeys(w["body_verbs"]))  # one rule: the same fall vetoes every verb
    parts, forms = _slots(w["body_parts"]), [form for verb in verbs for form in _announced(verb)]
    announced = [f"!{form}" for form in forms]
    said = [t for form in _slots(forms, exact=True) for part in parts
            for t in (f"{part} ... {form}", f"{form} ... {part}")]
    said += [t for verb in verbs for part in parts for t in (f"{part} бы {verb}", f"бы {part} {verb}")]
    if said:
        rule("body", "body_verbs", said, unless=w["body_unless"], unless_key="body_unless")
    if w["body_aimed_at"]:
        rule("body-at", "body_aimed_at", announced,
             [t for d in _slots(w["body_aimed_at"], exact=True) for part in parts for t in (f"{d} ... {part}",
                                                                                          f"{part} ... {d}")],
             unless=_SELF)
    if w["maim_verbs"]:  # not «чтобы ноги не переломать, надо …»
        rule("maim", "maim_verbs", [t for verb in _slots(w["maim_verbs"]) for part in parts
                                    for t in (f"{part} ... {verb} !надо", f"{part} ... {verb} !мало",
                                              f"бы ... {part} {verb}", f"{part} {verb} !чтоб",
                                              f"{part} {verb} !чтобы")],
             unless=[*_SELF, *(f"не {verb}" for verb in w["maim_verbs"])])


def _slots(words: Iterable[str], *, exact: bool = False) -> list[str]:
    """A list's words as the places of generated phrases: every one-word item in one choice of
    words («!тебя|!вас», exact forms with ``exact``; classifier/entry.py), so a phrase is one entry
    however long the lists, and each longer item («у ... главы») or stem* a place of its own."""
    items = list(dict.fromkeys(words))
    one = [w for w in items if len(w.split()) == 1 and not w.endswith("*") and "{" not in w]
    choice = "|".join(w if not exact or w.startswith("!") else f"!{w}" for w in one)
    return ([choice] if one else []) + [w if not exact or w.startswith("!") else f"!{w}" for w in items if w not in one]


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
