"""Location: which settlement a message is about, from the gazetteer in ``rules/gazetteer.yaml``.

Every place mention gets a weight from its gazetteer list and its context: after «в», «на»,
«у», «возле»… (where something is) it counts half as much again; after «из» or «от» (where
someone comes from) it counts 1 at most. A settlement named with its type word («с. Берёзовка»,
«посёлок Сосновка») weighs 3, more than «в районе» (2.5), which before a place means "near" it
(«в районе ул. Набережной с. Берёзовка» is Берёзовка). A longer or stronger match hides the words inside it,
so «Берёзовский район» speaks for the district, not for the village Берёзовка. Words in a VK
mention's display text («[club1|Администрация района]») name the addressee, not a place, and are
ignored. Then, in order:

1. Two different settlements named next to each other («трасса Берёзовка – Сосновка», «в
   Берёзовке и Сосновке») describe the district: ``district``.
2. Otherwise the settlement with the highest vote wins (a tie goes to the one named first),
   unless the district's strongest word outweighs it («зимник закрыли, выехали из Берёзовки»),
   or a place outside the district is named at least twice as strongly («Земляки в Москве!
   Сын из Берёзовки поступил…»).
3. A street or landmark that exists in several settlements, with no settlement named: ``unknown``.
4. Coordinates, when the message has them: inside a settlement's circle → that settlement,
   inside the district's box → ``district``, elsewhere → ``outside``.
5. Words about the district as a whole («в районе», «глава района», «зимник») → ``district``,
   unless a place outside the district outweighs them → ``outside`` (a flight to a settlement
   stays that settlement's even when the city it leaves from is named: settlements come first).
6. A place outside the district named strongly enough (``outside.min_weight``) → ``outside``.
   A place named only late in a long message, in passing, counts half; one named as a yardstick
   («цены как в Москве», «дороже, чем в городе») does not count.
7. Otherwise ``unknown``.

Streets are recognised only in a street context: after «ул.», «улица», «переулок» or a
preposition («на Луговой», «по Луговой»), before a house number («Луговой 3»), after
«жители», as the message's first word, or written with a capital inside a sentence («не чистят
Луговую»); and not before a noun such as «дорога»: so «по полевой дороге» is not ул. Полевая.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from classifier.codes import AREAS
from classifier.lexicon import Hit, Lexicon, Rule
from classifier.rules import RulesError, add_code_rules, entries

__all__ = ["Circle", "LocationDecision", "LocationRules", "settlement_names", "street_forms"]

GROUP = "location"
STREET_GROUP = "street"
LANDMARK_GROUP = "landmark"
EARTH_RADIUS_KM = 6371.0
WHERE_PREPOSITIONS = frozenset({
    "в", "во", "на", "под", "у", "около", "возле", "близ", "вблизи", "рядом",
    "село", "селе", "села", "селу", "поселок", "поселке", "поселка", "поселку", "п", "пос", "с",
})
FROM_PREPOSITIONS = frozenset({"из", "от"})
#: a settlement's type word: «с. Берёзовка», «село Берёзовка», «п. Сосновка», «посёлок Сосновка»
SETTLEMENT_TYPES = frozenset({
    "с", "село", "села", "селе", "селу", "селом", "п", "пос", "поселок", "поселка", "поселке", "поселку", "поселком",
})
#: a settlement named with its type word is named as a place: as strong as «в Берёзовка», more
#: than «в районе» (2.5), which before such a name means "near" («в районе ул. Набережной с. Берёзовка»)
TYPED_SETTLEMENT_WEIGHT = 3.0
STREET_CONTEXT = frozenset({
    "ул", "улица", "улице", "улицы", "улицу", "улицей", "пер", "переулок", "переулке", "переулка", "пр",
    "проспект", "мкр", "на", "по", "с", "со", "до", "от", "у", "возле", "около", "вдоль", "за", "к", "в",
    "через", "жители", "жителей", "жителям", "жильцы", "жильцов", "угол", "углу", "конец", "конце", "начало",
    "начале", "район", "районе", "перекресток", "перекрестке", "пересечение", "пересечении", "и",
})
#: nouns an adjective-like street name is often followed by when it is not a street («полевая дорога»)
NOT_A_STREET_BEFORE = frozenset({
    "дорога", "тропа", "техника", "машина", "власть", "площадка", "зона", "полоса", "территория",
    "организация", "компания", "программа", "форма", "база", "бригада", "служба", "часть", "сторона",
    "столовая", "комиссия", "инспекция", "работа", "поляна", "трасса",
})
OBLIQUE_ENDINGS = ("ой", "ую", "ей", "юю", "ом", "ого", "ему", "ому", "ым", "им")
#: «в районе» right before a street or landmark means "near" it
NEAR_WORDS = frozenset({"районе"})
ROUTE_GAP = 3
LEAD_TOKENS = 12
#: words that make the place after them a yardstick, not where the thing is
COMPARISONS = frozenset({"как", "чем", "словно", "будто"})
#: words after which «как в …» asks how things are there rather than comparing
QUESTION_LEADS = frozenset({"знает", "знаете", "подскажите", "скажите", "расскажите", "узнать", "интересно", "а", "и"})


class LocationDecision(NamedTuple):
    location: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Circle:
    """A settlement's area: a centre and a radius."""

    lat: float
    lon: float
    radius_km: float

    def contains(self, lat: float, lon: float) -> bool:
        p1, p2 = math.radians(self.lat), math.radians(lat)
        dp, dl = p2 - p1, math.radians(lon - self.lon)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a))) <= self.radius_km


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError(f"{where}: must be a number")
    return float(value)


_SETTLEMENT_CODE = re.compile(r"[a-z][a-z0-9_]*")
_AMBIGUOUS = "ambiguous"  # a street or landmark in several settlements, while the mentions are weighed


def settlement_names(data: Mapping[str, Any]) -> dict[str, str]:
    """The district's settlements as the gazetteer lists them: code → name («Берёзовка»).

    The settlements are the district's own data, never the code's: a code is lower-case latin
    (it is stored with each message and written in settings.yaml), and each has a ``name`` for
    officials to read.
    """
    f = "gazetteer.yaml"
    settlements = data.get("settlements")
    if not isinstance(settlements, Mapping) or not settlements:
        raise RulesError(f"{f}: settlements: must list the district's settlements")
    names: dict[str, str] = {}
    for code, spec in settlements.items():
        where = f"{f}: settlements.{code}"
        if not isinstance(code, str) or not _SETTLEMENT_CODE.fullmatch(code) or len(code) > 40:
            raise RulesError(f"{where}: a settlement's code must be lower-case latin letters, digits and _")
        if code in AREAS or code == _AMBIGUOUS:
            raise RulesError(f"{where}: {code!r} is a reserved location code, not a settlement's")
        if not isinstance(spec, Mapping):
            raise RulesError(f"{where}: must be a mapping")
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise RulesError(f"{where}.name: the settlement's name, as officials read it, is required")
        names[code] = name.strip()
    return names


_ENDINGS = (
    ("ая", ("ая", "ой", "ую", "ою")),
    ("яя", ("яя", "ей", "юю")),
    ("ый", ("ый", "ого", "ому", "ым", "ом")),
    ("ий", ("ий", "его", "ему", "им", "ем", "ого", "ому", "ом")),
    ("ой", ("ой", "ого", "ому", "ым", "ом")),
)


def _capitalized(text: str, words: Sequence[str]) -> bool:
    """Whether ``words`` (a street name's tokens) stand in ``text`` capitalized inside a sentence
    («не чистят Таёжную», «спасибо за отсыпку Океанской»): a proper name, where the lower-case
    adjective («таёжная тропа», «заводская труба») is not; at a sentence's start a capital tells nothing."""
    if not text or not words or not words[0].isalpha():
        return False
    name = r"\s+".join(re.escape(w[:1].upper() + w[1:]) for w in words)
    return re.search(rf"(?<=[^\s.!?…])\s+[«\"(]?{name}(?!\w)", text.replace("ё", "е").replace("Ё", "Е")) is not None


def street_forms(name: str) -> list[str]:
    """The forms a street name takes in a sentence («луговая» → «луговой», «луговую»…)."""
    words = name.lower().replace("ё", "е").replace("-", " ").split()
    if not words:
        return []
    last = words[-1]
    for ending, forms in _ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 2:
            stem = last[: -len(ending)]
            return [" ".join([*words[:-1], stem + e]) for e in forms]
    return [" ".join(words)]


@dataclass(frozen=True, slots=True)
class _Mention:
    code: str
    position: int
    end: int
    weight: float
    why: str


@dataclass(frozen=True)
class LocationRules:
    """The compiled gazetteer settings: where each place is; the words live in the lexicon."""

    circles: Mapping[str, Circle] = field(default_factory=dict)
    district_box: tuple[float, float, float, float] | None = None
    places: Mapping[str, frozenset[str]] = field(default_factory=dict)
    outside_min: float = 1.5
    #: the district's settlements, code → name, from the gazetteer
    settlements: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def compile(cls, data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str]) -> LocationRules:
        f = "gazetteer.yaml"
        names = settlement_names(data)
        settlements = data["settlements"]
        circles: dict[str, Circle] = {}
        for code, spec in settlements.items():
            where = f"{f}: settlements.{code}"
            spec = dict(spec)
            spec.pop("name")
            for entry in entries(spec.pop("forms", None), f"{where}.forms", lemmatize, exact=True):
                lex.add_entry(GROUP, code, entry, 2.0)
            center = spec.pop("center", None)
            radius = spec.pop("radius_km", 3.0)
            if center is not None:
                if not isinstance(center, list) or len(center) != 2:
                    raise RulesError(f"{where}.center: must be [latitude, longitude]")
                circles[code] = Circle(_number(center[0], f"{where}.center[0]"),
                                       _number(center[1], f"{where}.center[1]"),
                                       _number(radius, f"{where}.radius_km"))
            add_code_rules(lex, GROUP, code, spec, where, lemmatize)
        district = dict(data.get("district") or {})
        box = district.pop("bbox", None)
        district_box = None
        if box is not None:
            if not isinstance(box, list) or len(box) != 4:
                raise RulesError(f"{f}: district.bbox: must be [lat_min, lon_min, lat_max, lon_max]")
            district_box = tuple(_number(v, f"{f}: district.bbox[{i}]") for i, v in enumerate(box))
        for entry in entries(district.pop("forms", None), f"{f}: district.forms", lemmatize, exact=True):
            lex.add_entry(GROUP, "district", entry, 2.0)
        add_code_rules(lex, GROUP, "district", district, f"{f}: district", lemmatize)
        outside = dict(data.get("outside") or {})
        outside_min = _number(outside.pop("min_weight", 1.5), f"{f}: outside.min_weight")
        for entry in entries(outside.pop("forms", None), f"{f}: outside.forms", lemmatize, exact=True):
            lex.add_entry(GROUP, "outside", entry, 2.0)
        add_code_rules(lex, GROUP, "outside", outside, f"{f}: outside", lemmatize)
        places = cls._compile_places(data, lex, lemmatize, settlements)
        return cls(circles, district_box, places, outside_min, names)  # type: ignore[arg-type]

    @staticmethod
    def _compile_places(data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str],
                        settlements: Mapping[str, Any]) -> dict[str, frozenset[str]]:
        places: dict[str, frozenset[str]] = {}
        for section, group in (("streets", STREET_GROUP), ("landmarks", LANDMARK_GROUP)):
            items = data.get(section) or {}
            if not isinstance(items, Mapping):
                raise RulesError(f"gazetteer.yaml: {section}: must map a name to its settlements")
            for name, where_found in items.items():
                where = f"gazetteer.yaml: {section}.{name}"
                if isinstance(where_found, str):
                    where_found = [where_found]
                if not isinstance(where_found, list) or not where_found:
                    raise RulesError(f"{where}: must list the settlements it exists in")
                for code in where_found:
                    if code not in settlements:
                        raise RulesError(f"{where}: unknown settlement {code!r}")
                key = str(name).lower().replace("ё", "е")
                places[key] = frozenset(where_found)
                if group == STREET_GROUP:
                    parsed = entries(street_forms(key), where, lemmatize, exact=True)
                else:
                    parsed = entries([key], where, lemmatize)
                kind = "street" if group == STREET_GROUP else "landmark"
                for entry in parsed:
                    lex.add_rule(Rule(group, key, f"{kind}={key}", 2.0), [[entry]])
        return places

    def decide(self, hits: Iterable[Hit], tokens: Sequence[str] = (), geo: tuple[float, float] | None = None,
               ignore: Sequence[tuple[int, int]] = (), lemmas: Sequence[str] = (), text: str = "") -> LocationDecision:
        """The message's location from its place hits; ``text``: the message as written (case kept), in
        which a street name written with a capital inside a sentence is a street with no other context."""
        mentions = self._mentions(hits, tokens, ignore, lemmas, text)
        ambiguous = [m for m in mentions if m.code == _AMBIGUOUS]
        votes: dict[str, float] = {}
        strongest: dict[str, float] = {}
        first: dict[str, int] = {}
        why: dict[str, list[str]] = {}
        for m in mentions:
            if m.code == _AMBIGUOUS:
                continue
            votes[m.code] = votes.get(m.code, 0.0) + m.weight
            strongest[m.code] = max(strongest.get(m.code, 0.0), m.weight)
            first.setdefault(m.code, m.position)
            why.setdefault(m.code, []).append(m.why)
        settled = [m for m in mentions if m.code in self.settlements]
        route = _route(settled)
        if route:
            return LocationDecision("district", (f"location:district:route={route}",))
        ranked = sorted((c for c in votes if c in self.settlements), key=lambda c: (-votes[c], first[c]))
        if ranked:
            best = ranked[0]
            if strongest.get("outside", 0.0) >= 2 * votes[best]:
                return LocationDecision("outside", tuple(why["outside"]))
            if strongest.get("district", 0.0) > votes[best]:
                return LocationDecision("district", tuple(why["district"]))
            return LocationDecision(best, tuple(why[best]))
        if ambiguous:
            return LocationDecision("unknown", tuple(m.why for m in ambiguous))
        if geo is not None:
            lat, lon = geo
            for code, circle in self.circles.items():
                if circle.contains(lat, lon):
                    return LocationDecision(code, (f"location:{code}:geo={lat:.4f},{lon:.4f}",))
            if self.district_box is not None:
                lat0, lon0, lat1, lon1 = self.district_box
                inside = lat0 <= lat <= lat1 and lon0 <= lon <= lon1
                code = "district" if inside else "outside"
                return LocationDecision(code, (f"location:{code}:geo={lat:.4f},{lon:.4f}",))
        district, outside = votes.get("district", 0.0), votes.get("outside", 0.0)
        if outside >= self.outside_min and outside > district:
            return LocationDecision("outside", tuple(why["outside"]))
        if district > 0:
            return LocationDecision("district", tuple(why["district"]))
        return LocationDecision("unknown", ("location:unknown:no place named",))

    def _mentions(self, hits: Iterable[Hit], tokens: Sequence[str],
                  ignore: Sequence[tuple[int, int]], lemmas: Sequence[str] = (), text: str = "") -> list[_Mention]:
        """Place mentions with context weights; hidden and ignored ones dropped."""
        mine = [h for h in hits if h.rule.group in (GROUP, STREET_GROUP, LANDMARK_GROUP)]
        if ignore:
            mine = [h for h in mine if not any(a <= h.position < b for a, b in ignore)]
        mine = _strongest(mine)
        mentions: list[_Mention] = []
        for hit in mine:
            before = tokens[hit.position - 1] if 0 < hit.position <= len(tokens) else ""
            after = tokens[hit.end] if hit.end < len(tokens) else ""
            weight = hit.weight
            if hit.rule.group == STREET_GROUP:
                if (hit.position > 0 and before not in STREET_CONTEXT and not after[:1].isdigit()
                        and not _capitalized(text, tokens[hit.position:hit.end])):
                    continue
                if hit.end < len(lemmas) and lemmas[hit.end] in NOT_A_STREET_BEFORE and not (
                        tokens[hit.end - 1].endswith(OBLIQUE_ENDINGS) and tokens[hit.end] == lemmas[hit.end]):
                    continue  # «по полевой дороге»; but «на Луговой дорога разбита» is the street
            elif before in FROM_PREPOSITIONS:
                weight = min(weight, 1.0)
            elif before in WHERE_PREPOSITIONS and len(hit.entries) == 1 and " " not in hit.entries[0]:
                weight *= 1.5
            if hit.rule.group == GROUP and hit.rule.code in self.settlements:
                weight = _typed_weight(tokens, hit.position, weight)
            if hit.rule.code == "outside" and _yardstick(tokens, hit.position):
                continue  # a yardstick, not the place: «цены как в Москве», «дороже, чем в городе»
            if hit.rule.code == "outside" and hit.position > max(LEAD_TOKENS, len(tokens) // 2):
                weight *= 0.5  # named late, in passing («цена как в Москве»): rarely what it is about
            text = " ".join(hit.entries)
            if hit.rule.group in (STREET_GROUP, LANDMARK_GROUP):
                found_in = self.places.get(hit.rule.code, frozenset())
                if len(found_in) == 1:
                    code = next(iter(found_in))
                    mentions.append(_Mention(code, hit.position, hit.end, weight, f"location:{code}:{hit.rule.name}"))
                else:
                    mentions.append(_Mention(_AMBIGUOUS, hit.position, hit.end, weight,
                                             f"location:unknown:{hit.rule.name} (in {', '.join(sorted(found_in))})"))
            else:
                code = hit.rule.code
                mentions.append(_Mention(code, hit.position, hit.end, weight, f"location:{code}:gazetteer={text}"))
        return _near_places(mentions, tokens)


def _near_places(mentions: list[_Mention], tokens: Sequence[str]) -> list[_Mention]:
    """Without the «в районе» that means "near" the street or landmark right after it («пропала в
    районе Кооперативной», «в районе маяка»): the place is that street's or landmark's, not the
    district. A word that names no one place («в районе школы») leaves «в районе» as it is."""
    starts = {m.position for m in mentions if m.code not in ("district", "outside")}
    return [m for m in mentions if not (m.code == "district" and m.end in starts
                                        and tokens[m.end - 1] in NEAR_WORDS)]


def _typed_weight(tokens: Sequence[str], position: int, weight: float) -> float:
    """A settlement's weight when its type word comes with it: «с. Берёзовка» (the word before
    it) or a rule «село берёзовка» (its own first word) names the place; «из с. Берёзовка» is
    still where someone comes from."""
    if 0 < position <= len(tokens) and tokens[position - 1] in SETTLEMENT_TYPES:
        lead = position - 1
    elif position < len(tokens) and tokens[position] in SETTLEMENT_TYPES:
        lead = position
    else:
        return weight
    if lead > 0 and tokens[lead - 1] in FROM_PREPOSITIONS:
        return min(weight, 1.0)
    return max(weight, TYPED_SETTLEMENT_WEIGHT)


def _yardstick(tokens: Sequence[str], position: int) -> bool:
    """Whether the place at ``position`` is compared with («цены как в Москве», «дороже, чем в
    городе»), not asked or told about («Как в Петропавловске с бензином?», «кто знает, как в Елизово»)."""
    k = position - 1 if position > 0 and tokens[position - 1] in COMPARISONS else position - 2
    if k < 0 or tokens[k] not in COMPARISONS or (k + 1 < position and tokens[k + 1] not in WHERE_PREPOSITIONS):
        return False
    return tokens[k] != "как" or (k > 0 and tokens[k - 1] not in QUESTION_LEADS)


def _route(settled: list[_Mention]) -> str:
    """Two different settlements named within a few words of each other, e.g. «Берёзовка – Сосновка»."""
    for a, b in pairwise(settled):
        if a.code != b.code and b.position - a.end < ROUTE_GAP:
            return f"{a.code}+{b.code}"
    return ""


def _strongest(hits: list[Hit]) -> list[Hit]:
    """Keep, for every place in the text, only the longest (then the heaviest) matching rule."""
    if len(hits) < 2:
        return hits
    kept: list[Hit] = []
    for i, hit in enumerate(hits):
        size = hit.end - hit.position
        hidden = False
        for j, other in enumerate(hits):
            if j == i or not (other.position <= hit.position and hit.end <= other.end):
                continue
            other_size = other.end - other.position
            if other_size > size or (other_size == size and (other.weight, -j) > (hit.weight, -i)):
                hidden = True
                break
        if not hidden:
            kept.append(hit)
    return kept
