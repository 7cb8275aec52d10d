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


def test_a_page_read_together_gets_the_labels_each_message_gets_alone() -> None:
    """``classify_many`` (a page, step by step) labels every message as ``classify_read`` does
    alone, each with its own facts: the official flag, a point, likes and reposts."""
    import csv
    from pathlib import Path

    from classifier.pipeline import Incoming

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [row["text"] for name in ("classifier-labelled.csv", "exclusion-examples.csv", "exclusion-examples-44.csv")
             for row in csv.DictReader((data / name).open(encoding="utf-8"))]
    texts += ["[club3101|Администрация района], в Устьевом нет света #соболево", "смотрите https://vk.com/wall-1_2 ужас"]
    page = [Incoming(text, "vk", official=n % 7 == 0, geo=(53.3, 156.3) if n % 5 == 0 else None,
                     likes=(n * 37) % 300, comments=n % 40, reposts=(n * 11) % 60) for n, text in enumerate(texts)]
    classifier = default_classifier()
    together = classifier.classify_many(page)
    alone = [classifier.classify_read(m.text, platform=m.platform, official=m.official, geo=m.geo, likes=m.likes,
                                      comments=m.comments, reposts=m.reposts) for m in page]
    assert len(together) == len(page)
    assert [labels for labels, _ in together] == [labels for labels, _ in alone]
    assert [read.lemmas for _, read in together] == [read.lemmas for _, read in alone]
    # each message's own facts reach the rules, in a page as alone
    pit = "В Устьевом у магазина яма на дороге"
    facts = classifier.classify_many([Incoming(pit), Incoming(pit, official=True), Incoming(pit, likes=500, reposts=100)])
    assert [labels.importance for labels, _ in facts] == ["normal", "high", "high"]
    assert "importance:high:official account" in facts[1][0].rules
    assert "importance:high:engagement:reposts=100" in facts[2][0].rules
