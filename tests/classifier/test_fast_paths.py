"""The shortcuts that make classification fast give the same answers as the full checks."""

from __future__ import annotations

from _default_classifier import default_classifier

from classifier.exclusion import ExclusionRules
from classifier.lexicon import Lexicon, parse_entry
from classifier.normalize import inflect, lemmatize, normalize
from classifier.phrase_span import phrase_span


def _fired(lex: Lexicon, text: str) -> list[str]:
    norm = normalize(text)
    return [h.rule.name for h in lex.match(norm.tokens, norm.lemmas)]


def test_phrase_probe_finds_the_other_word_on_either_side_and_within_the_gap() -> None:
    """Phrases anchored on a later word, with or without gaps, fire only where their words stand."""
    lex = Lexicon()
    for text in ("горячий вода", "нога ... сломать", "в квартира ... холодно", "отключить свет"):
        lex.add_entry("topic", "t", parse_entry(text, lemmatize, inflect))
    # the same words, warm in the per-token cache, in and out of place
    assert _fired(lex, "нет горячей воды") == ["phrase=горячий вода"]
    assert _fired(lex, "воды горячей нет") == []
    assert _fired(lex, "ногу ему точно сломаю") == ["phrase=нога ... сломать"]
    assert _fired(lex, "ногу я вчера у себя дома сломаю") == []
    assert _fired(lex, "в квартире очень холодно") == ["phrase=в квартира ... холодно"]
    assert _fired(lex, "холодно в квартире") == []
    assert _fired(lex, "свет отключить") == []


def test_two_word_gap_span_matches_the_general_rule() -> None:
    """A two-word phrase with a gap reports the nearest match, as the general search does."""
    entry = parse_entry("нога ... сломать", lemmatize, inflect)
    norm = normalize("ногу сломаю ногу сломаю")
    assert phrase_span(entry, 0, 0, norm.tokens, norm.lemmas) == (0, 2)
    assert phrase_span(entry, 1, 3, norm.tokens, norm.lemmas) == (2, 4)
    assert phrase_span(entry, 0, 3, norm.tokens, norm.lemmas) == (-1, -1)


def test_spaced_out_obscenity_is_caught_after_its_letters_were_seen_alone() -> None:
    """Once single letters and plain words are cached as harmless, «б л я т ь» is still excluded."""
    classifier = default_classifier()
    assert classifier.classify("в доме и у школы с утра нет воды").excluded is None
    assert classifier.classify("б л я т ь опять нет воды").excluded == "obscene"
    assert classifier.classify("в доме и у школы с утра нет воды").excluded is None


def test_harmless_message_scan_stays_harmless_when_warm() -> None:
    """A message of known harmless words is not excluded, twice in a row (the cached fast path)."""
    rules: ExclusionRules = default_classifier()._exclusion
    text = "когда починят дорогу на заречной"
    assert rules._scan(text.split()) is None
    assert rules._scan(text.split()) is None
    assert rules._scan(["когда", "починят", "дорогу", "на", "заречной", "х*й"]) is not None


def test_classify_read_labels_as_classify_and_reads_as_read() -> None:
    """The ingest takes the lemmas from labelling instead of normalizing again: the same words."""
    classifier = default_classifier()
    for text in ("Соболево: опять нет воды на Набережной с утра, когда дадут?",
                 "<p>Котельная опять не держит температуру &amp; в квартире +16</p>", ""):
        labels, read = classifier.classify_read(text, platform="vk", likes=3)
        assert labels == classifier.classify(text, platform="vk", likes=3)
        assert read.lemmas == classifier.read(text).lemmas
    assert "p" not in classifier.read("<p>нет воды</p>").lemmas
