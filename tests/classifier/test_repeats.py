"""Repeat detection: realistic Russian pairs, the author bonus, the location gate, the index."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from classifier.normalize import normalize
from classifier.repeats import (
    DEFAULT_THRESHOLD,
    RecentCard,
    RepeatIndex,
    RepeatQuery,
    content_lemmas,
    find_repeat,
    text_similarity,
)

T0 = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)


def lemmas(text: str) -> tuple[str, ...]:
    return normalize(text).lemmas


def card(
    card_id: int,
    text: str,
    *,
    topic: str = "water",
    location: str | None = "sobolevo",
    author: str | None = "id1",
    hours_ago: int = 5,
) -> RecentCard:
    return RecentCard(card_id, topic, location, lemmas(text), author, T0 - timedelta(hours=hours_ago))


def message(
    text: str, *, topic: str = "water", location: str | None = "sobolevo", author: str | None = "id2"
) -> RepeatQuery:
    return RepeatQuery(topic, location, lemmas(text), author)


# (topic, earlier card, new message): the same problem told again in other words
REPEATS = [
    ("water", "На Центральной опять нет воды, третий день сидим без воды, когда дадут?",
     "Третьи сутки нет воды на улице Центральной, сколько можно ждать"),
    ("water", "Прорвало трубу на Набережной, вода течёт прямо по дороге",
     "На Набережной опять течёт из трубы, всю дорогу залило водой"),
    ("animals", "Собаки бегают стаей возле школы, дети боятся ходить",
     "Возле школы стая бродячих собак, детям страшно идти на уроки"),
    ("housing", "В доме по Советской 12 течёт крыша, квартиры заливает",
     "Советская 12 — крыша течёт уже месяц, управляющая компания не реагирует"),
    ("roads", "Когда починят дорогу на Заречной? Ямы огромные, машины ломаются",
     "Дорога по Заречной вся в ямах, ездить невозможно, когда ремонт"),
    ("heating", "В школе холодно, батареи еле тёплые, дети сидят в куртках",
     "Опять в школе холод, дети на уроках в куртках, когда наладят отопление?"),
    ("water", "На Центральной нет воды с утра, когда дадут?", "Опять нет воды!"),
    ("waste", "Мусор не вывозят уже две недели, контейнеры переполнены, всё разносят собаки",
     "Когда вывезут мусор? Баки полные, две недели никто не приезжал"),
]

# (topic, earlier card, new message): the same topic and place, a different problem
DIFFERENT = [
    ("water", "На Центральной опять нет воды, третий день сидим без воды, когда дадут?",
     "Вода из крана идёт ржавая, пить невозможно, в Соболево вообще кто-то следит за качеством?"),
    ("water", "Прорвало трубу на Набережной, вода течёт прямо по дороге",
     "На Центральной опять нет воды, третий день сидим без воды"),
    ("animals", "Собаки бегают стаей возле школы, дети боятся ходить",
     "Медведь ночью ходил по улице Комсомольской, перевернул мусорные баки"),
    ("housing", "В доме по Советской 12 течёт крыша, квартиры заливает",
     "В подъезде дома на Советской не работает свет, темно, страшно"),
    ("roads", "Когда починят дорогу на Заречной? Ямы огромные, машины ломаются",
     "Не чистят снег на дорогах, автобус не может проехать"),
    ("education", "В школе холодно, батареи еле тёплые, дети сидят в куртках",
     "В школе не кормят горячим, дети голодные до вечера"),
    ("water", "Вода из крана идёт ржавая, пить невозможно", "Опять нет воды!"),
    ("waste", "Мусор не вывозят уже две недели, контейнеры переполнены, всё разносят собаки",
     "Возле контейнерной площадки на Набережной устроили свалку строительного мусора"),
    ("power", "Отключили свет в Соболево, сидим без электричества с утра",
     "Фонари на Центральной не горят, вечером идти страшно"),
]


@pytest.mark.parametrize(("topic", "earlier", "new"), REPEATS)
def test_paraphrased_repeat_is_found(topic: str, earlier: str, new: str) -> None:
    """A message retelling an open card's problem in other words is recognised as its repeat."""
    match = find_repeat(message(new, topic=topic), [card(7, earlier, topic=topic)])
    assert match is not None
    assert match.card_id == 7
    assert DEFAULT_THRESHOLD <= match.score <= 1
    assert match.reasons[:2] == ("same topic", "same location")
    assert match.reasons[2].startswith("text similarity 0.")


@pytest.mark.parametrize(("topic", "earlier", "new"), DIFFERENT)
def test_different_problem_is_not_a_repeat(topic: str, earlier: str, new: str) -> None:
    """A different problem in the same topic and place opens its own card."""
    assert find_repeat(message(new, topic=topic), [card(7, earlier, topic=topic)]) is None


def test_repeat_outranks_different_problem() -> None:
    """With several cards in the bucket, the one describing the same problem is chosen."""
    cards = [
        card(1, "Вода из крана идёт ржавая, пить невозможно"),
        card(2, "На Центральной нет воды с утра, когда дадут?"),
        card(3, "Прорвало трубу на Набережной, вода течёт прямо по дороге"),
    ]
    match = find_repeat(message("Опять нет воды на Центральной!"), cards)
    assert match is not None and match.card_id == 2


def test_same_author_raises_score() -> None:
    """The same author raises the score and names the reason."""
    earlier = "Отключили свет в Соболево, сидим без электричества с утра"
    new = "Света нет с утра по всему селу, что с ДЭС?"
    stranger = find_repeat(message(new, topic="power", author="id2"), [card(4, earlier, topic="power")], threshold=0)
    same = find_repeat(message(new, topic="power", author="id1"), [card(4, earlier, topic="power")], threshold=0)
    assert stranger is not None and same is not None
    assert same.score > stranger.score
    assert "same author" in same.reasons and "same author" not in stranger.reasons


def test_same_author_tips_a_borderline_paraphrase() -> None:
    """A synonym paraphrase below the threshold becomes a repeat when its author comes back."""
    earlier = "Отключили свет в Соболево, сидим без электричества с утра"
    new = "Света нет с утра по всему селу, что с ДЭС?"
    assert find_repeat(message(new, topic="power", author="id2"), [card(4, earlier, topic="power")]) is None
    match = find_repeat(message(new, topic="power", author="id1"), [card(4, earlier, topic="power")])
    assert match is not None and match.card_id == 4


def test_same_author_does_not_make_unrelated_text_a_repeat() -> None:
    """The author's second, unrelated complaint in the same bucket is still a new card."""
    earlier = "Отключили свет в Соболево, сидим без электричества с утра"
    new = "Фонари на Центральной не горят, вечером идти страшно"
    assert find_repeat(message(new, topic="power", author="id1"), [card(4, earlier, topic="power")]) is None


@pytest.mark.parametrize("other_location", ["ustyevoye", "krutogorovsky", "district", None])
def test_different_location_is_never_a_repeat(other_location: str | None) -> None:
    """The identical text from the same author about another place is never a repeat."""
    text = "На Центральной опять нет воды, третий день сидим без воды"
    assert find_repeat(message(text, author="id1"), [card(1, text, location=other_location)], threshold=0) is None


def test_different_topic_is_never_a_repeat() -> None:
    """A card of another topic is not a candidate even with the same words."""
    text = "Возле школы стая бродячих собак"
    assert find_repeat(message(text, topic="animals"), [card(1, text, topic="education")], threshold=0) is None


def test_unknown_location_needs_same_author() -> None:
    """Without a known place, only the same author's card can be repeated."""
    text = "Опять нет света, сколько можно"
    cards = [card(1, "Света нет с утра, что случилось?", topic="power", location="unknown", author="id1")]
    assert find_repeat(message(text, topic="power", location="unknown", author="id2"), cards) is None
    match = find_repeat(message(text, topic="power", location="unknown", author="id1"), cards)
    assert match is not None and "location unknown" in match.reasons


def test_empty_message_matches_nothing() -> None:
    """A message with no content words («!!!», emoji) repeats nothing."""
    assert find_repeat(message("Ну сколько можно?!"), [card(1, "Ну сколько можно?!")]) is None


def test_typo_counts_as_shared_word() -> None:
    """A misspelt long word still counts towards similarity."""
    a = content_lemmas(lemmas("отапление не работает в школе"))
    b = content_lemmas(lemmas("отопление не работает в школе"))
    assert text_similarity(a, b) == pytest.approx(1.0)


def test_ties_go_to_more_recent_card() -> None:
    """Two equally similar cards: the more recent one is returned."""
    text = "На Центральной нет воды с утра"
    cards = [card(1, text, hours_ago=30), card(2, text, hours_ago=3), card(3, text, hours_ago=10)]
    match = find_repeat(message(text), cards)
    assert match is not None and match.card_id == 2


class TestRepeatIndex:
    def test_finds_in_bucket_like_find_repeat(self) -> None:
        """The index gives the same answer as a plain scan over the cards."""
        cards = [card(i, earlier, topic=topic) for i, (topic, earlier, _) in enumerate(REPEATS + DIFFERENT)]
        index = RepeatIndex()
        index.extend(cards)
        assert len(index) == len(cards)
        for topic, _, new in REPEATS + DIFFERENT:
            query = message(new, topic=topic)
            assert index.find(query) == find_repeat(query, cards)

    def test_only_own_bucket_is_compared(self) -> None:
        """A card in another (topic, location) bucket is never looked at."""
        index = RepeatIndex()
        index.add(card(1, "Нет воды на Центральной", location="ustyevoye"))
        assert index.find(message("Нет воды на Центральной"), threshold=0) is None

    def test_repeat_of_a_repeat(self) -> None:
        """A message attached to a card as a repeat also speaks for the card."""
        index = RepeatIndex()
        index.add(card(5, "Прорвало трубу на Набережной, вода течёт прямо по дороге"))
        index.add(card(5, "Вода с Набережной уже подтопила подвалы домов", hours_ago=1))
        match = index.find(message("Подвалы домов на Набережной затопило водой"))
        assert match is not None and match.card_id == 5

    def test_remove_and_prune(self) -> None:
        """Removed and pruned cards are no longer found."""
        index = RepeatIndex()
        index.add(card(1, "На Центральной нет воды с утра", hours_ago=50))
        index.add(card(2, "На Центральной нет воды с утра", hours_ago=2))
        index.add(card(3, "Ямы на Заречной", topic="roads", hours_ago=60))
        assert index.prune(T0 - timedelta(hours=48)) == 2
        assert [c.card_id for c in index] == [2]
        assert index.remove(2) == 1
        assert len(index) == 0
        assert index.find(message("На Центральной нет воды с утра")) is None


WORDS = ("вода", "воды", "нет", "не", "свет", "отопление", "отапление", "холодно", "холод", "труба",
         "прорвало", "набережная", "набережной", "центральная", "школа", "дорога", "дороги", "яма",
         "опять", "когда", "дадут", "собаки", "стая", "12", "13", "запись", "котельная", "котельной")


def test_index_answers_like_a_plain_scan_on_random_near_copies() -> None:
    """The index skips entries that cannot win; its answers stay those of a scan in the order added.

    Random short texts from a small vocabulary (typos, near forms, numbers), few authors, equal
    times, unknown locations, a batch where each message joins the index once looked up, and
    thresholds below and above the author bonus.
    """
    rng = random.Random(18)
    for _ in range(40):
        index, batch = RepeatIndex(), RepeatIndex()  # ``batch``: each message looked up, then added, in one call
        added: list[RecentCard] = []
        for n in range(60):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 7)))
            topic = rng.choice(("water", "roads"))
            location = rng.choice(("sobolevo", "unknown", None))
            author = rng.choice(("id1", "id2", "id3", None))
            at = T0 - timedelta(hours=rng.randint(0, 5))
            for threshold in (DEFAULT_THRESHOLD, 0.6, 0.25, 0.1, 0.0):
                query = RepeatQuery(topic, location, lemmas(text), author)
                assert index.find(query, threshold=threshold) == find_repeat(query, added, threshold=threshold)
            query = RepeatQuery(topic, location, lemmas(text), author)
            new = RecentCard(n, topic, location, query.lemmas, author, at)
            assert batch.find_then_add(query, n, at) == find_repeat(query, added)
            index.add(new)
            added.append(new)
            if n % 20 == 19:
                index.prune(T0 - timedelta(hours=4))
                batch.prune(T0 - timedelta(hours=4))
                added = [c for c in added if c.at >= T0 - timedelta(hours=4)]
                assert len(index) == len(added)
