"""The rule-entry syntax an administrator writes, and the matcher it compiles into."""

from __future__ import annotations

import re

import pytest

from classifier.lexicon import EntryError, Lexicon, Rule, parse_entry
from classifier.normalize import inflect, lemmatize, normalize


def _entry(text: str):  # type: ignore[no-untyped-def]
    return parse_entry(text, lemmatize, inflect)


def _fired(lex: Lexicon, text: str) -> list[str]:
    norm = normalize(text)
    return [h.rule.name for h in lex.match(norm.tokens, norm.lemmas)]


def test_a_word_matches_all_its_forms() -> None:
    """A rule written as «яма» catches «ямы», «ям», «ямой» although «ямы» parses as another word."""
    lex = Lexicon()
    lex.add_entry("topic", "roads", _entry("яма"))
    for text in ("одни ямы", "сплошь ям", "с ямой", "ЯМА на дороге"):
        assert _fired(lex, text) == ["lemma=яма"], text


def test_exact_form_does_not_inflect() -> None:
    """«!соболево» matches that token only, not the adjective «соболевый» a parser may invent."""
    lex = Lexicon()
    lex.add_entry("location", "sobolevo", _entry("!соболево"))
    assert _fired(lex, "в Соболево") == ["form=соболево"]
    assert _fired(lex, "соболевый мех") == []


def test_stem_matches_word_starts() -> None:
    """«грейдер*» matches «грейдером» and «грейдерист»."""
    lex = Lexicon()
    lex.add_entry("topic", "roads", _entry("грейдер*"))
    assert _fired(lex, "ГРЕЙДЕРИСТ прошёл") == ["prefix=грейдер*"]
    assert _fired(lex, "прошли грейдером") == ["prefix=грейдер*"]


def test_phrase_needs_adjacent_words_in_order() -> None:
    """«нет свет» fires on «нет света» but not on «свет есть, нет воды»."""
    lex = Lexicon()
    lex.add_entry("topic", "power", _entry("нет свет"))
    assert _fired(lex, "у нас нет света") == ["phrase=нет свет"]
    assert _fired(lex, "свет есть а нет воды") == []


def test_gap_allows_words_between() -> None:
    """«нет ... вода» fires with up to three words between the parts, not more."""
    lex = Lexicon()
    lex.add_entry("topic", "water", _entry("нет ... вода"))
    assert _fired(lex, "нет уже третий день воды") == ["phrase=нет ... вода"]
    assert _fired(lex, "нет света и кстати еще и воды") == []


def test_phrase_anchored_on_a_later_word_reports_its_start() -> None:
    """A phrase found through its rare last word still reports where it begins."""
    lex = Lexicon()
    lex.add_entry("topic", "heating", _entry("в квартира ... холодно"))
    norm = normalize("у нас в квартире очень холодно")
    (hit,) = lex.match(norm.tokens, norm.lemmas)
    assert (hit.position, hit.end) == (2, 6)


def test_weight_suffix() -> None:
    """A trailing «=3» sets the weight an entry votes with."""
    assert _entry("котельная =3").weight == 3.0
    assert _entry("котельная").weight is None
    assert _entry("заранее спасибо =-2").weight == -2.0


def test_a_rule_fires_once_per_message() -> None:
    """A word repeated five times counts once."""
    lex = Lexicon()
    lex.add_entry("topic", "animals", _entry("медведь"))
    assert _fired(lex, "медведь медведь медведи медведя медведю") == ["lemma=медведь"]


def test_combo_needs_every_condition_and_respects_unless() -> None:
    """A two-part rule fires only when both parts occur, and never with an «unless» word."""
    lex = Lexicon()
    lex.add_rule(Rule("importance", "critical", "combo=frost"),
                 [[_entry("нет отопление")], [_entry("мороз"), _entry("минус")]],
                 unless=[_entry("в прошлом году")])
    assert _fired(lex, "нет отопления а на улице мороз") == ["combo=frost"]
    assert _fired(lex, "нет отопления") == []
    assert _fired(lex, "в прошлом году нет отопления в мороз было") == []


@pytest.mark.parametrize("bad", ["", "гор@чая", "... вода", "вода ...", "=2"])
def test_bad_entries_are_refused(bad: str) -> None:
    """An entry that is not a word, stem, form or phrase is refused with a reason."""
    with pytest.raises(EntryError):
        _entry(bad)


def test_one_of_several_words_is_one_entry() -> None:
    """«!тебя|!вас убью» fires on either exact form, on neither of their other forms, and is one entry
    looked up by each choice (the threat lists generate their phrase families this way)."""
    lex = Lexicon()
    lex.add_entry("exclusion", "threat", _entry("!тебя|!вас ... !убью"))
    for text in ("тебя убью", "вас я точно убью"):
        assert _fired(lex, text) == ["phrase=!тебя|!вас ... !убью"], text
    for text in ("тебе убью", "его убью", "вас убьют"):
        assert _fired(lex, text) == [], text
    assert lex._targets == 1


def test_plain_choices_match_every_form_of_each_word() -> None:
    """«голова|нога ... сломать» catches «ноги … сломаю» and «голову сломал», by form or by lemma."""
    lex = Lexicon()
    lex.add_entry("exclusion", "threat", _entry("голова|нога ... сломать"))
    assert _fired(lex, "ноги тебе сломаю") == ["phrase=голова|нога ... сломать"]
    assert _fired(lex, "сломал голову над задачей") == []  # the order is the entry's
    assert _fired(lex, "голову сломал над задачей") == ["phrase=голова|нога ... сломать"]
    assert _fired(lex, "руку сломал") == []
    one = Lexicon()
    one.add_entry("topic", "roads", _entry("яма|колдобина"))
    assert _fired(one, "сплошные колдобины") == ["words=яма|колдобина"]


def test_a_choice_anchors_a_phrase_whose_other_word_is_common() -> None:
    """«надо !его|!ее убить»: found whichever choice stands there, through the phrase's cheap filters."""
    lex = Lexicon(common_words=frozenset({"надо"}))
    lex.add_entry("exclusion", "threat", _entry("надо !его|!ее убить"))
    assert _fired(lex, "таких надо ее убить") == ["phrase=надо !его|!ее убить"]
    assert _fired(lex, "надо его убить") == ["phrase=надо !его|!ее убить"]
    assert _fired(lex, "надо их убить") == []


@pytest.mark.parametrize(("raw", "message"), [
    ("груб*|хам ... ты", "a stem* cannot be one of several words"),
    ("!тебя||!вас", "'' is not a word"),
])
def test_choices_that_cannot_be_looked_up_are_refused(raw: str, message: str) -> None:
    with pytest.raises(EntryError, match=re.escape(message)):
        _entry(raw)
