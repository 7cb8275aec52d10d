"""Location: the settlement a message is about, from names, streets, landmarks and coordinates."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier

from classifier.location import Circle, street_forms


def _where(text: str, geo: tuple[float, float] | None = None) -> str:
    return default_classifier().classify(text, geo=geo).location


@pytest.mark.parametrize(("text", "location"), [
    ("В Соболево опять нет воды", "sobolevo"),
    ("соболевцы, кто знает когда дадут свет", "sobolevo"),
    ("в Соболевской школе холодно", "sobolevo"),
    ("Саболево ул Лесная, весь проезд в колдобинах", "sobolevo"),
    ("Coбoлeвo, Заречная, нет света", "sobolevo"),
    ("#соболево яма у остановки", "sobolevo"),
    ("В Устьевом отключили воду", "ustyevoye"),
    ("устьевские, магазин сегодня работает?", "ustyevoye"),
    ("из Устьевого никак не выехать, а в Устьевом ещё и света нет", "ustyevoye"),
    ("В Крутогоровском ФАП закрыт", "krutogorovsky"),
    ("на Крутом отопление по графику", "krutogorovsky"),
    ("По району отключения света каждую неделю", "district"),
    ("Соболевский район остался без связи", "district"),
    ("#СоболевскийРайон зимник открыт", "district"),
    ("В Петропавловске в краевой больнице нас не приняли", "outside"),
    ("В Елизово в аэропорту потеряли багаж", "outside"),
    ("Опять нет воды", "unknown"),
])
def test_place_names_in_any_form(text: str, location: str) -> None:
    """Settlement names, their case forms, adjectives and demonyms give the settlement."""
    assert _where(text) == location


def test_street_in_one_settlement_gives_it() -> None:
    """A street that exists only in Соболево places the message there."""
    assert _where("На Заречной ямы по колено") == "sobolevo"
    assert _where("По Береговой вода подошла к домам") == "ustyevoye"
    assert _where("Дом на Океанской 5 без света") == "krutogorovsky"


def test_in_the_area_of_a_street_is_that_street_not_the_district() -> None:
    """«в районе Кооперативной» is near that street; «в районе» alone is the district."""
    assert _where("Видели лису в районе Кооперативной, осторожнее с курами") == "sobolevo"
    assert _where("Медведь ходит в районе Маячной, детей не выпускайте") == "ustyevoye"
    assert _where("В районе опять подняли тариф на свет") == "district"


def test_street_in_several_settlements_is_unknown() -> None:
    """ул. Набережная exists in several settlements: without a settlement named, `unknown`."""
    labels = default_classifier().classify("на ул. Набережной яма напротив магазина")
    assert labels.location == "unknown"
    assert any("street=набережная" in r for r in labels.rules)
    assert _where("на Набережной в Устьевом яма") == "ustyevoye"


def test_street_word_used_as_adjective_is_not_a_street() -> None:
    """«лесная дорога» is not ул. Лесная; «на Лесной» is."""
    assert _where("лесная дорога к реке заросла") == "unknown"
    assert _where("по лесной дороге к реке не проехать") == "unknown"
    assert _where("на Лесной фонари не горят") == "sobolevo"


@pytest.mark.parametrize(("text", "location"), [
    ("Третью неделю не чистят Таёжную, сугробы по пояс", "sobolevo"),
    ("Спасибо трактористу, что к утру расчистил всю Береговую", "ustyevoye"),
    ("Плановое отключение по улицам Океанская и Приморская с 9 до 13", "krutogorovsky"),
    # the same words in lower case, or capitalized only because a sentence starts with them, are adjectives
    ("третью неделю не чистят таёжную тропу к роднику", "unknown"),
    ("Вчера купались. Морская вода в этом году холодная! Заводская труба опять дымит", "unknown"),
])
def test_a_street_written_with_a_capital_needs_no_other_context(text: str, location: str) -> None:
    """A name unique to one settlement, capitalized inside a sentence, is the street even without
    «на», «ул.» or a house number («не чистят Таёжную»)."""
    assert _where(text) == location


def test_landmark_gives_its_settlement() -> None:
    """The district hospital is in Соболево, the lighthouse in Устьевое; every settlement has a
    House of Culture, so «в ДК» alone tells no place and «ДК в Устьевом» is Устьевое."""
    assert _where("В районной больнице нет терапевта") == "sobolevo"
    assert _where("кто помнит когда открыли маяк") == "ustyevoye"
    assert _where("Концерт в ДК перенесли") == "unknown"
    assert _where("Почему ДК в Устьевом по выходным закрыт?") == "ustyevoye"
    assert _where("В Крутогоровском дом культуры закрыли на ремонт") == "krutogorovsky"


def test_flight_to_a_settlement_stays_there() -> None:
    """A flight from Петропавловск to Соболево is about Соболево, not outside."""
    assert _where("Рейс из Петропавловска в Соболево опять перенесли") == "sobolevo"


def test_outside_only_when_the_thing_is_outside() -> None:
    """A writer's origin does not move an outside matter back into the district."""
    assert _where("Земляки в Елизово! Сын из Соболево поступил в колледж, ищем комнату") == "outside"


def test_route_between_settlements_is_the_district() -> None:
    """«Трасса Соболево – Устьевое» concerns the district, not one village."""
    assert _where("Трасса Соболево - Устьевое опять размыта") == "district"
    assert _where("Автобус между Соболево и Устьевым ходит раз в неделю") == "district"


def test_winter_road_is_the_district() -> None:
    """The winter road is the district's; a village named as a start point does not change it."""
    assert _where("Зимник закрыли, мы уже выехали из Соболево и вернулись") == "district"
    # the winter road by its other names: «зимняя трасса», «по зимней», «по ледянке»
    assert _where("Движение по зимней трассе закрыто до утра из-за метели") == "district"
    assert _where("Кто сегодня ехал по зимней от Соболево, колея набита?") == "district"
    assert _where("по ледянке уже пускают грузовые?") == "district"


def test_mention_text_is_not_a_place() -> None:
    """[club3101|Администрация Соболевского района] is an addressee, not the district."""
    assert _where("[club3101|Администрация Соболевского района] мусор не вывозят") == "unknown"


def test_authority_usage_of_rayon_is_not_a_place() -> None:
    """«в районе сказали» names an authority, not a place."""
    assert _where("звонили в поселение, в районе сказали ждать") == "unknown"


def test_coordinates_decide_when_no_place_is_named() -> None:
    """A point inside a settlement's circle gives it; in the district box, `district`; else `outside`."""
    assert _where("яма у дома", geo=(54.301, 155.951)) == "sobolevo"
    assert _where("яма у дома", geo=(54.16, 155.84)) == "ustyevoye"
    assert _where("яма у дома", geo=(55.02, 155.62)) == "krutogorovsky"
    assert _where("яма у дома", geo=(54.8, 156.5)) == "district"
    assert _where("яма у дома", geo=(53.02, 158.65)) == "outside"


def test_named_settlement_wins_over_coordinates() -> None:
    """Text naming Устьевое beats a point in Соболево (people post from elsewhere)."""
    assert _where("В Устьевом яма", geo=(54.301, 155.951)) == "ustyevoye"


def test_location_label_names_its_rule() -> None:
    """The location label says which gazetteer entry produced it."""
    labels = default_classifier().classify("в Крутогоровском нет связи")
    assert any(r.startswith("location:krutogorovsky:gazetteer=") for r in labels.rules)


def test_circle_contains() -> None:
    """A 5 km circle holds a point 2 km away and not one 10 km away."""
    circle = Circle(54.30, 155.95, 5.0)
    assert circle.contains(54.318, 155.95)
    assert not circle.contains(54.39, 155.95)


def test_street_forms() -> None:
    """Street names are recognised in their case forms."""
    assert "заречной" in street_forms("Заречная")
    assert "таежном" in street_forms("таежный")
    assert street_forms("Родыгина") == ["родыгина"]


def test_a_place_named_as_a_yardstick_is_not_where_it_happens() -> None:
    """«цены как в Москве» compares; the message is not about Москва."""
    assert _where("пенсия 18 тыщ а цены как в Москве") == "unknown"
    assert _where("рыба у нас дороже чем в Петропавловске, а живём на реке") == "unknown"
    assert _where("в Петропавловске цены ниже, съездили вчера") == "outside"
    assert _where("Как в Петропавловске с бензином, есть?") == "outside"
    assert _where("кто знает как в Елизово дорога, проехать можно?") == "outside"


def test_the_villages_in_the_plural_are_the_district() -> None:
    assert _where("Всех с праздником! Мира и тепла нашим посёлкам") == "district"
    assert _where("Предлагаю в ФАПах телемедицину организовать") == "district"


@pytest.mark.parametrize(("text", "location"), [
    ("⚠ Внимание! В районе ул. Набережной с. Соболево замечен бурый медведь.", "sobolevo"),
    ("Осторожно, медведи! В районе ул. Набережной с. Соболево замечен бурый медведь.", "sobolevo"),
    ("В районе школы в с. Соболево видели медведя", "sobolevo"),
    ("В районе ул. Набережной п. Устьевое прорвало трубу", "ustyevoye"),
    ("в районе Заречной улицы села Соболево яма", "sobolevo"),
    ("в районе пос. Крутогоровский нет связи", "krutogorovsky"),
    ("В районе участились выходы медведей к жилью", "district"),
])
def test_a_settlement_named_with_its_type_word_wins_over_v_rayone(text: str, location: str) -> None:
    """«в районе» before a place means "near" it: «с. Соболево», «п. Устьевое» name the place."""
    assert _where(text) == location
