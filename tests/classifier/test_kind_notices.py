"""Kind on real feeds (issue 15 item 2): an announcement by an administration, a utility or a school
is information even when it reports what residents complain about; a question that mainly wants
information is a question, a complaint phrased as a question a complaint."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _kind(text: str) -> str:
    return default_classifier().classify(text).kind


@pytest.mark.parametrize(("notice", "complaint"), [
    ("ДЭС Устьевое: аварийное отключение электроэнергии по всему поселку, бригада работает, "
     "ориентировочное время восстановления 18:00.",
     "В Устьевом опять вырубили свет по всему посёлку, сколько можно терпеть"),
    ("Водоканал: на ул. Строительной порыв водопровода, воды не будет с 10 до 16, бригада на месте.",
     "На Строительной опять порыв, воды нет с утра, никто ничего не делает"),
    ("Школа Соболево: родительское собрание 9-х классов 18 ноября в 18:00, кабинет 14.",
     "В школе опять отменили собрание, а предупредили за час, безобразие"),
    ("Администрация района: приём заявлений на переселение из аварийного жилья продлится до 30 апреля.",
     "Наш дом признали аварийным пять лет назад, а переселять никто не собирается"),
])
def test_a_notice_is_info_and_a_complaint_about_the_same_thing_is_a_complaint(notice: str, complaint: str) -> None:
    assert _kind(notice) == "info"
    assert _kind(complaint) == "complaint"


def test_a_notice_is_named_by_its_form_in_the_explanation() -> None:
    rules = default_classifier().classify("Почта Соболево: с 1 ноября новый график, с 9 до 17.").rules
    assert "kind:info:notice=header" in rules and "kind:info:notice=times" in rules


@pytest.mark.parametrize("text", [
    "Цены в магазинах Соболево просто космос: яйца 250, молоко 200. Как на пенсию жить?",
    "Передайте главе поселения: дорогу так и не почистили",
])
def test_a_residents_sentence_with_a_colon_is_no_sender_header(text: str) -> None:
    assert _kind(text) == "complaint"


@pytest.mark.parametrize(("text", "kind"), [
    ("Подскажите, аптека в Устьевом в субботу работает?", "question"),
    ("Кто продаёт красную икру в этом году, почём?", "question"),
    ("Никто не находил ключи с синим брелоком у почты?", "question"),
    ("Воды нет на всей Лесной с понедельника, когда это закончится?", "complaint"),
    ("Медведь ходит у садика, дети гуляют! Охотинспекция где вообще??", "complaint"),
    ("За что плата за мусор растёт, если контейнеры вывозят раз в две недели?", "complaint"),
])
def test_questions_for_information_and_complaints_phrased_as_questions(text: str, kind: str) -> None:
    assert _kind(text) == kind


@pytest.mark.parametrize("text", [
    "Было бы классно, если бы меню столовой выкладывали в группу школы",
    "Надо, чтобы в каждом посёлке в магазине была аптечка",
    "Может в Соболево организовать пункт проката колясок?",
])
def test_suggestions_are_suggestions(text: str) -> None:
    assert _kind(text) == "suggestion"


@pytest.mark.parametrize(("text", "kind"), [
    ("На Советской в Крутогоровском прорвало трубу, вода хлещет прямо на дорогу. Кто этим вообще занимается?",
     "complaint"),
    ("Крыша в садике на Школьной протекает, в группе тазики стоят. Ремонт летом будет?", "complaint"),
    # the question first, or a plain sign of asking, keeps a question a question
    ("Когда будет рейс на Петропавловск? Хочу слетать к врачу в пятницу", "question"),
    ("Мне нужна справка о составе семьи для субсидии. Подскажите, куда обращаться?", "question"),
    ("Третий вечер подряд на Морской гаснет свет на пару часов. Это у всех так?", "question"),
])
def test_a_problem_stated_first_and_then_asked_about_is_a_complaint(text: str, kind: str) -> None:
    assert _kind(text) == kind


def test_the_stated_then_asked_form_is_named_in_the_explanation() -> None:
    rules = default_classifier().classify(
        "Крыша в садике на Школьной протекает, в группе тазики стоят. Ремонт летом будет?").rules
    assert "kind:complaint:form=stated, then asked" in rules
    assert "kind:question:punctuation=?" not in rules


@pytest.mark.parametrize(("text", "kind"), [
    # a suggestion or thanks that opens the message names it, whatever problem follows
    ("Хорошо бы объявления об отключениях писать в группе заранее, а то опять никто не знал, "
     "холодильник разморозился, вечер без света сидели", "suggestion"),
    ("Спасибо дорожникам, наконец прочистили Лесную, два года обещали, без машины никуда было", "gratitude"),
    # an announcement's words asked about ask
    ("Когда начнется запись в секцию лыж в Устьевом? Сын хочет", "question"),
    ("Библиотека в Крутогоровском в субботу открыта?", "question"),
    # a proposal asked about after a problem stays a proposal
    ("Лавочки у почты сломали подростки, теперь сесть негде. Может камеру поставить?", "suggestion"),
    # lost and found, greetings and ads are information
    ("Найдены очки в футляре у остановки, лежат в магазине у продавца", "info"),
    ("С Днём посёлка, Устьевое! Всем тепла и хорошего улова", "info"),
    ("Сдаётся комната в Соболево, недорого, с мебелью", "info"),
])
def test_the_opening_the_questions_and_the_notices_decide_the_kind(text: str, kind: str) -> None:
    assert _kind(text) == kind


def test_thanks_promised_for_help_is_no_gratitude() -> None:
    assert _kind("Ищем попутчиков до Петропавловска на выходные, буду благодарна за отклик") != "gratitude"


@pytest.mark.parametrize(("text", "proposes"), [
    ("Может у клуба поставить пару скамеек?", True),
    ("Пыль на улице столбом. Может хоть по выходным поливать водовозкой?", True),
    ("А может в школе открыть кружок шахмат", True),
    ("Может кто-то объяснить, почему счёт вырос вдвое?", False),
    ("Может охотники помогут, лиса опять кур таскает?", False),
    ("Может быть, завтра дадут свет", False),
    ("Может есть у кого лишняя коляска?", False),
])
def test_may_with_an_infinitive_proposes(text: str, proposes: bool) -> None:
    from classifier.normalize import fold
    from classifier.question_form import proposes as reads_a_proposal
    assert reads_a_proposal(fold(text)) is proposes


@pytest.mark.parametrize(("text", "kind"), [
    # a formal request for an explanation asks, whatever it explains
    ("Прошу разъяснить, на каком основании мне пересчитали плату за отопление. Петрова Н.С.", "question"),
    ("Обращаюсь к вам по вопросу льготного проезда. Прошу пояснить, какие нужны документы.", "question"),
    ("Кто сталкивался с возвратом налогового вычета через госуслуги?", "question"),
    # rhetorical questions complain
    ("Хлеб по 180 рублей, это вообще нормально?", "complaint"),
    ("Дорогу к кладбищу размыло, хоть кто-то её ремонтирует?", "complaint"),
    ("Бензин по сто рублей, на чём ездить?", "complaint"),
    ("Кто додумался перекрыть проезд у школы без объявления?", "complaint"),
    # an alarm raised as it happens
    ("Горит баня на Лесной, пожарные уже едут!", "info"),
    ("Лиса бешеная бегает по Садовой, детей со двора заводите", "info"),
    # a proposal with «может» and an infinitive
    ("Может на остановке повесить расписание автобуса?", "suggestion"),
])
def test_requests_rhetorical_questions_alarms_and_proposals(text: str, kind: str) -> None:
    assert _kind(text) == kind
