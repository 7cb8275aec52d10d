"""Normalization: the forms people really write all reach the same lemmas."""

from __future__ import annotations

import pytest

from classifier.normalize import lemmatize, normalize


def test_case_forms_share_one_lemma() -> None:
    """«дорогу», «дороги», «дорогам» all hit a rule written for «дорога»."""
    for word in ("дорогу", "дороги", "дорогам", "ДОРОГУ"):
        assert normalize(f"{word} не чистят").lemmas[0] == "дорога"


def test_caps_and_yo_are_folded() -> None:
    """CAPS and «ё» do not change what a rule sees."""
    n = normalize("ЁЛКА ЕЩЁ НЕ УБРАНА")
    assert n.tokens == ("елка", "еще", "не", "убрана")
    assert n.text == "елка еще не убрана"


def test_tokens_and_lemmas_have_the_same_length() -> None:
    """Every token has its lemma, so rules can point at positions."""
    n = normalize("Нет воды в Устьевом уже третий день!!! Когда дадут???")
    assert len(n.tokens) == len(n.lemmas) == 9


def test_latin_lookalikes_inside_russian_words_become_cyrillic() -> None:
    """A latin «o» or «c» typed into a Russian word does not hide it from the rules."""
    n = normalize("Нет вoды, кoтельная нe рабoтает, CВЕТ тоже")
    assert n.tokens[:5] == ("нет", "воды", "котельная", "не", "работает")
    assert "свет" in n.tokens


def test_pure_latin_words_are_left_alone() -> None:
    """An English word is not mangled into Cyrillic."""
    assert "wifi" in normalize("Когда будет wifi в школе").tokens


def test_hashtags_become_words_and_are_listed() -> None:
    """#соболево counts as the word «соболево»; CamelCase tags are split into words."""
    n = normalize("Опять ямы #Соболево #ДорогиКамчатки")
    assert n.hashtags == ("соболево", "дорогикамчатки")
    assert n.tokens == ("опять", "ямы", "соболево", "дороги", "камчатки")


def test_vk_mentions_keep_display_text() -> None:
    """[club123|Администрация] is listed as a mention and its text is kept as words."""
    n = normalize("[club123|Администрация Соболевского района], ответьте! [id1|Иван]")
    assert n.mentions == ("club123", "id1")
    assert n.tokens[:3] == ("администрация", "соболевского", "района")
    assert "club123" not in n.text


def test_urls_are_extracted_not_tokenized() -> None:
    """A link does not add noise words such as «vk» or «com»."""
    n = normalize("Смотрите https://vk.com/wall-1_2 и www.kamgov.ru/news там всё")
    assert n.urls == ("https://vk.com/wall-1_2", "www.kamgov.ru/news")
    assert n.tokens == ("смотрите", "и", "там", "все")


def test_emoji_are_collected_and_dropped_from_tokens() -> None:
    """Emoji do not break words and are available to the rules separately."""
    n = normalize("спасибо🙏🙏 за дорогу👍")
    assert n.tokens == ("спасибо", "за", "дорогу")
    assert n.emoji == ("🙏", "🙏", "👍")


def test_stretched_letters_are_collapsed() -> None:
    """«ужаааас» and «спасибоооо» are read as «ужас» and «спасибо»."""
    assert normalize("Ужаааас, спасибоооо").tokens == ("ужас", "спасибо")


def test_typo_map_corrects_before_lemmatizing() -> None:
    """A curated typo («щас», «празник») is corrected, and a phrase correction splits into words."""
    n = normalize("щас празники", typos={"щас": "сейчас", "празники": "праздники", "чтото": "что то"})
    assert n.tokens == ("сейчас", "праздники")
    assert n.lemmas == ("сейчас", "праздник")
    assert normalize("чтото", typos={"чтото": "что то"}).tokens == ("что", "то")


def test_missing_punctuation_and_hyphens() -> None:
    """Run-on text and hyphenated place names still split into words."""
    n = normalize("автобус в Петропавловск-Камчатский не ходит,опять")
    assert n.tokens == ("автобус", "в", "петропавловск", "камчатский", "не", "ходит", "опять")


def test_empty_and_none_like_input() -> None:
    """An empty message gives empty tokens, not an error."""
    n = normalize("")
    assert n.tokens == () and n.lemmas == () and n.text == ""


def test_lemmatize_is_cached_and_folds_yo() -> None:
    """The lemma of a frequent word is computed once and never contains «ё»."""
    lemmatize.cache_clear()
    assert lemmatize("ещё") == "еще"
    lemmatize("ещё")
    assert lemmatize.cache_info().hits >= 1
    assert lemmatize("123") == "123"


def test_a_words_forms_read_from_its_paradigm_are_pymorphys_own() -> None:
    """``inflect`` reads a dictionary word's forms straight from its paradigm (a third of the
    build was spent making full parses): the forms must be exactly those of ``parse.lexeme``, for
    nouns, verbs, adjectives, pronouns, words with prefixes and guesses for unknown words."""
    from classifier.normalize import _morph, _paradigm_words

    words = ["яма", "котельная", "убить", "сжечь", "глава", "поселок", "идти", "хороший", "лучше", "мы",
             "наибольший", "пристав", "соболево", "грейдерист", "водовозка", "ребёнок", "люди"]
    for word in words:
        for parse in _morph.parse(word):
            assert sorted(_paradigm_words(parse)) == sorted(form.word for form in parse.lexeme), (word, parse)


def test_a_pymorphy3_that_keeps_its_paradigms_otherwise_gets_its_own_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The paradigm is read from pymorphy3's internals; where they differ, its own ``lexeme`` answers."""
    from classifier import normalize as module

    parse = module._morph.parse("котельная")[0]
    expected = sorted(form.word for form in parse.lexeme)

    class Elsewhere:  # a dictionary object with none of the attributes read
        pass

    monkeypatch.setattr(module._morph, "dictionary", Elsewhere())
    assert sorted(module._paradigm_words(parse)) == expected
