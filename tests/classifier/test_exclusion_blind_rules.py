"""Exclusion (p. 20) on the wordings of blind sets 26 to 31 (tests/data/README.md): the general rules
written from their errors, and the look-alikes each rule must leave alone."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Я х у е ю с этих тарифов, за свет пришло вдвое больше", "obscene"),
    ("а в с е уже знают про отключение", None),
])
def test_a_spaced_out_word_beside_one_letter_words(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # someone else's threat, quoted and reported to the police (blind set 27)
    ("«всех вас урою» — вот что он ночью под окнами кричал. участковый в курсе, заявление приняли", None),
    ("он мне в личку пишет «я тебе устрою весёлую жизнь». скрин отправила в полицию", None),
    ("всех вас урою, и полиция не поможет, он кричал уже", "threat"),
    # the neighbours' signatures collected at home, and a visit that is a threat
    ("Собираем подписи под письмом в прокуратуру. Кто не может дойти, позвоните, придём домой с листом", None),
    ("не починишь к пятнице — придём к тебе домой, поговорим", "threat"),
])
def test_a_threat_told_of_someone_else_or_a_harmless_visit(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("модер удалишь ещё раз — найду, посёлок маленький", "threat"),
    ("витрина у неё стеклянная, машина под окнами стоит... земля круглая, всё возвращается", "threat"),
    ("потерялся пёс, рыжий, найдём, посёлок маленький, кто видел — напишите", None),
    ("у рыбинспектора снегоход утонет. Вместе с хозяином", "threat"),
    ("Жалко будет, если однажды утром от его снегохода одна рама останется. Чисто случайно, конечно", "threat"),
    ("Жалко будет, если от сарая одни угли останутся из-за старой проводки", None),
    ("Жалко будет, если лодка утонет в шторм, вытащите на берег", None),
    ("Не откачаете до выходных — вашего мастера в этом подвале и запрём", "threat"),
    ("лодки у них резиновые, а ножи у нас острые", "threat"),
    ("Вытащу тебя из машины и прокачу по зимнику на верёвке", "threat"),
    ("я в армии и не таких ломал. подойди только ко мне", "threat"),
    ("а ты в курсе что у старых машин тормоза отказывают? особенно на спуске к мосту", "threat"),
    ("у старых машин тормоза отказывают, сделайте ремонт до зимы, колодки недорогие", None),
])
def test_veiled_threats_of_blind_set_26_and_27(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("терпилы вы все, вот вас и доят", "insult"),
    ("Ну и чучело этот новый председатель ТОСа", "insult"),
    ("Бабы из соцзащиты, гадюки вы ядовитые", "insult"),
    ("мозгов у тебя как у табуретки", "insult"),
    ("Какой-то идеот в администрации придумал перенести остановку", "insult"),
    ("проверяющие из края — стадо овец, походили и улетели", "insult"),
    ("Клоуны вы, а не депутаты", "insult"),
    # clowns on stage, being taken for fools, and the defects of a repair are nobody insulted
    ("кто знает, что за клоуны приезжали в ДК в субботу? дети в восторге", None),
    ("Нас держат за дураков: слушания назначили на 11 утра в рабочий день", None),
    ("УК так и не устранила недоделки после ремонта подъезда", None),
])
def test_insults_of_blind_set_26_and_27(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Злоебучие квоты опять урезали местным", "obscene"),
    ("Рыбоохрана ебёт мозги только местным", "obscene"),
    ("Было бы справедливо, если бы потолок рухнул на голову председателю. И мы можем этой справедливости помочь",
     "threat"),
    ("Мужики толкуют, что начальнику пора искупаться в ледяной воде, и желающих его туда окунуть хватает", "threat"),
    ("вы каждый день идёте с работы через пустырь. Фонарей там нет, свидетелей тоже. Задумайтесь об этом", "threat"),
    ("Говорят, на зимнике несчастные случаи бывают. Особенно у тех, кто чужие дрова таскает, учти это", "threat"),
    ("а давайте мы вас на ночь у свалки привяжем, посмотрим, как быстро лицензия найдётся", "threat"),
    ("Второй раз говорить не буду, буду рёбра ломать", "threat"),
    ("утром найдёт машину без стёкол, а себя в больнице", "threat"),
    # a pest, a dog tied up, real rats and an honest warning about the ice road are no threat or insult
    ("Этого ворона прибить мало, всю плёнку на теплице изодрал", None),
    ("собаку привяжем у крыльца, пусть дом сторожит", None),
    ("В подвале крыса размером с кошку, управляющая компания обещала дератизацию ещё в августе", None),
    ("На зимнике несчастные случаи бывают, будьте осторожны, учтите прогноз", None),
])
def test_blind_sets_28_and_29(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Эти жабы из бухгалтерии ЖКХ опять насчитали за отопление неизвестно что", "insult"),
    ("Сосед по огороду скотина пьяная, мои дрова перетаскал", "insult"),
    ("Мать из третьего дома кукушка, дети голодные ходят", "insult"),
    ("Участковый наш балбес, приехал на драку через два часа", "insult"),
    ("жаба в пруду квакает всю ночь, спать невозможно", None),
])
def test_insults_of_blind_sets_28_and_29(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("ну ты и недомерок, сиди уже", "insult"),
    ("эти узколобые в отделе опять всё перепутали", "insult"),
    ("вы что там, чудовище, совсем людей не жалеете", "insult"),
    # words the analyzer reads as an insult's forms: vegetables, fallen apples, a lesson, a scared crowd
    ("в магазин завезли свежие овощи, работаем до 21:00", None),
    ("яблоки падали с веток прямо на дорогу, уберите", None),
    ("урок по зуму не запустишь, интернет в школе никакой", None),
    ("тихо ты, не пугай народ, медведя там давно нет", None),
])
def test_words_of_the_general_insult_list_and_their_look_alikes(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("ружьё в сенях висит заряженное. Пусть энергетики крепко подумают. Больше предупреждать не буду", "threat"),
    ("Не почините водокачку к лету, так я палкой так отхожу, что неделю сидеть не сможете", "threat"),
    ("встретят вас на берегу рыбаки с баграми, а не с хлебом-солью", "threat"),
    ("машина начальника как факел загорится, если опять вырубят свет", "threat"),
    ("завуча зимой в Воровской искупаю, без лодки и без шансов", "threat"),
    ("сосед, из-за твоей собаки сам скоро в яму ляжешь, понял?", "threat"),
    ("перееду на уазике этого гаишника и даже не притормозю", "threat"),
    ("химичке скоро прилетит, и не двойка, а по голове", "threat"),
    # the same words where nobody is threatened
    ("Дом горел как факел, пожарные приехали через час, проводка старая", None),
    ("в выходные искупаю собаку в реке, пусть поплавает", None),
    ("весной перееду в Петропавловск к дочери", None),
    ("с крыши сосулька прилетит по голове, уберите наледь", None),
    ("Соседу коллекторы по телефону грозят: переломаем ноги, если долг не вернёшь. Куда ему обратиться?", None),
    ("Коровы бродят по Советской, привяжите своих бурёнок, тут дети, не дай бог что случится", None),
])
def test_blind_sets_30_and_31(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Приезжали прохвосты из Петропавловска, обещали окна поменять", "insult"),
    ("Кто гвоздей на дорогу насыпал, гады ползучие?", "insult"),
    ("Начальник котельной Фомин самый настоящий козёл", "insult"),
    ("повар в столовке свинья, котлеты сырые третий день", "insult"),
    ("рачьё наше даже в доту нормально не может", "insult"),
    # a pig farmer's curse, the wind and a literal hen
    ("Поросята мои опять из загона сбежали, чёрт бы их побрал! Если кто увидит свиней, позвоните", None),
    ("Ветер окаянный всю ночь крышу рвал", None),
    ("бабушкина курица тупая опять через забор лезет", None),
])
def test_insults_of_blind_sets_30_and_31(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded
