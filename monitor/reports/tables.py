"""The report's tables, built once and rendered alike by docx.py and xlsx.py (a sheet per table).

Values stay typed (counts, fractions, working minutes, instants); each column says how it is
shown, so the XLSX keeps numbers and the DOCX shows «87,5 %» and «1 ч 05 мин».
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from monitor.reports import labels
from monitor.reports.kpi import Kpi, KpiRow
from monitor.reports.period import Period, previous_month, year_earlier
from monitor.reports.quality import INTERIM_STATUS, Quality
from monitor.reports.stats import change_text, minutes_text, percent
from monitor.reports.timeliness import StageStats, Timeliness, sort_stages

TEXT, INT, SHARE, MINUTES, WHEN, DATE = "text", "int", "share", "minutes", "when", "date"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT
    width: float = 14  # XLSX column width, in characters


@dataclass
class Table:
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    title: str
    columns: list[Column]
    rows: Sequence[Sequence[Any]] = field(default_factory=list)
    empty_text: str = "Нет данных за период"

    def add(self, row: Sequence[Any]) -> None:
        """One more row of a table built row by row (a lazily made ``Rows`` takes none)."""
        assert isinstance(self.rows, list), "rows are added only to a table built from a list"
        self.rows.append(row)


class Rows(Sequence[list[Any]]):
    """A long table's rows made one at a time from its items when written (a month of cards is
    not held twice in memory)."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], list[Any]]) -> None:
        self.items, self.make = items, make

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.make(item) for item in self.items[index]]
        return self.make(self.items[index])

    def __iter__(self) -> Iterator[list[Any]]:
        return (self.make(item) for item in self.items)


STAGE_COLUMNS = [Column("Всего", INT, 8), Column("В срок", INT, 8), Column("С нарушением", INT, 10),
                 Column("Доля в срок", SHARE, 10), Column("Медиана просрочки", MINUTES, 12),
                 Column("90-й процентиль просрочки", MINUTES, 12)]


def _stage_values(s: StageStats) -> list[Any]:
    return [s.count, s.on_time, s.late, s.share_on_time, s.median_late, s.p90_late]


def timeliness_tables(t: Timeliness) -> list[Table]:
    by_stage = Table("Сроки по этапам", "Своевременность по этапам (пп. 8-17)",
                     [Column("Этап", TEXT, 44), *STAGE_COLUMNS])
    for stage in sort_stages(t.by_stage):
        by_stage.add([labels.stage(stage), *_stage_values(t.by_stage[stage])])
    if by_stage.rows:
        by_stage.add(["Итого", *_stage_values(t.total)])
    by_unit = Table("Сроки по подразделениям", "Своевременность по подразделениям",
                    [Column("Подразделение", TEXT, 40), Column("Этап", TEXT, 36), *STAGE_COLUMNS])
    for unit in sorted(t.by_unit, key=lambda u: (u != labels.CURATOR_UNIT, u)):
        for stage in sort_stages(t.by_unit[unit]):
            by_unit.add([unit, labels.stage(stage), *_stage_values(t.by_unit[unit][stage])])
    by_person = Table("Сроки по исполнителям", "Своевременность по должностным лицам",
                      [Column("Должностное лицо", TEXT, 30), Column("Подразделение", TEXT, 36),
                       Column("Этап", TEXT, 36), *STAGE_COLUMNS])
    for who, unit in sorted(t.by_executor, key=lambda k: (k[1] != labels.CURATOR_UNIT, k[1], k[0])):
        for stage in sort_stages(t.by_executor[(who, unit)]):
            by_person.add([who, unit, labels.stage(stage), *_stage_values(t.by_executor[(who, unit)][stage])])
    return [by_stage, by_unit, by_person]


def quality_tables(q: Quality) -> list[Table]:
    summary = Table("Качество", "Качество работы", [Column("Показатель", TEXT, 60), Column("Значение", TEXT, 30)])
    summary.rows = [
        ["Проекты ответов, согласованные с первого раза",
         f"{q.first_time_approved} из {q.first_drafts} ({percent(q.first_time_rate)})"],
        ["Проекты, направленные на доработку", str(len(q.reworks))],
        ["Возвраты как не относящихся к компетенции (п. 9)", str(len(q.returns))],
        ["Промежуточные ответы (п. 15)", str(len(q.interims))],
        ["— окончательный ответ в течение 7 рабочих дней", str(q.interim_count("on_time"))],
        ["— окончательный ответ с нарушением срока", str(q.interim_count("late"))],
        ["— окончательный ответ не дан, срок истёк", str(q.interim_count("missing"))],
        ["— срок окончательного ответа ещё не истёк", str(q.interim_count("pending"))],
        ["Ответы, размещённые вручную", str(len(q.manual))],
        ["Повторные обращения (п. 18)", f"{len(q.repeats)} из {q.period_cards} ({percent(q.repeat_share)})"],
    ]
    reasons = Table("Причины доработки", "Причины направления на доработку",
                    [Column("Причина", TEXT, 60), Column("Случаев", INT, 10)],
                    [[text, n] for text, n in Quality.reason_counts(q.reworks)])
    reworks = Table("Доработки", "Проекты, направленные на доработку",
                    [Column("Карточка", INT, 10), Column("Подразделение", TEXT, 36), Column("Исполнитель", TEXT, 28),
                     Column("Когда", WHEN, 16), Column("Причина", TEXT, 50)],
                    [[r.card_id, r.unit, r.who, r.at, r.text] for r in q.reworks])
    returns = Table("Возвраты", "Возвраты как не относящихся к компетенции (п. 9)",
                    [Column("Карточка", INT, 10), Column("Подразделение", TEXT, 36), Column("Когда", WHEN, 16),
                     Column("Причина", TEXT, 50)],
                    [[r.card_id, r.unit, r.at, r.text] for r in q.returns])
    interims = Table("Промежуточные ответы", "Промежуточные ответы и окончательные ответы после них (п. 15)",
                     [Column("Карточка", INT, 10), Column("Промежуточный ответ", WHEN, 16),
                      Column("Срок окончательного", WHEN, 16), Column("Окончательный ответ", WHEN, 16),
                      Column("Итог", TEXT, 40)],
                     [[c.card_id, c.published_at, c.due_at, c.final_at, INTERIM_STATUS[c.status]] for c in q.interims])
    manual = Table("Размещено вручную", "Ответы, размещённые вручную",
                   [Column("Карточка", INT, 10), Column("Отметил", TEXT, 30), Column("Когда", WHEN, 16)],
                   [[m.card_id, m.who, m.at] for m in q.manual])
    return [summary, reasons, reworks, returns, interims, manual]


def dynamics_tables(report: Any) -> list[Table]:
    dyn = report.dynamics
    period: Period = report.doc.period
    prev, ago = previous_month(period).title(), year_earlier(period).title()
    now = period.title()
    totals = Table("Динамика", "Динамика сообщений и карточек",
                   [Column("Показатель", TEXT, 30), Column(now, INT, 14), Column(prev, INT, 14), Column(ago, INT, 14),
                    Column("К предыдущему месяцу", TEXT, 14), Column("К прошлому году", TEXT, 14)])
    for which, title in (("messages", "Сообщения"), ("cards", "Карточки обращений")):
        a, b, c = dyn.totals(which)
        totals.add([title, a, b, c, change_text(a, b), change_text(a, c)])
    days = Table("По дням", "Сообщения и карточки по дням",
                 [Column("Дата", DATE, 12), Column("Сообщения", INT, 12), Column("Карточки", INT, 12)],
                 [[d, m, c] for d, m, c in dyn.per_day])
    names = {"topic": labels.topic, "network": labels.network,
             "location": lambda code: report.doc.location_names.get(code, code or "Не указана")}
    out = [totals, days]
    for axis, sheet, title, head in (("topic", "Темы", "Карточки и сообщения по темам", "Тема"),
                                     ("location", "Локации", "Карточки и сообщения по локациям", "Локация"),
                                     ("network", "Соцсети", "Карточки и сообщения по социальным сетям", "Соцсеть")):
        table = Table(sheet, title, [Column(head, TEXT, 30), Column(f"Карточки, {now}", INT, 12),
                                     Column(prev, INT, 12), Column(ago, INT, 12),
                                     Column(f"Сообщения, {now}", INT, 12), Column(prev, INT, 12), Column(ago, INT, 12)])
        messages = {k: (a, b, c) for k, a, b, c in dyn.compare("messages", axis)}
        cards = {k: (a, b, c) for k, a, b, c in dyn.compare("cards", axis)}
        order = [k for k, *_ in dyn.compare("cards", axis)] + [k for k in messages if k not in cards]
        for key in order:
            table.add([names[axis](key), *cards.get(key, (0, 0, 0)), *messages.get(key, (0, 0, 0))])
        out.append(table)
    return out


def top_table(report: Any) -> Table:
    table = Table("Топ сообщений", "Топовые сообщения периода (п. 24)",
                  [Column("№", INT, 5), Column("Тема", TEXT, 22), Column("Карточка", INT, 10),
                   Column("Выявлено", WHEN, 16),
                   Column("Соцсеть", TEXT, 12), Column("Важность", TEXT, 12), Column("Текст", TEXT, 60),
                   Column("Нравится", INT, 9), Column("Комментарии", INT, 9), Column("Репосты", INT, 9),
                   Column("Повторы", INT, 9), Column("Всплеск", TEXT, 9), Column("Итог", TEXT, 30),
                   Column("Ссылка", TEXT, 30)])
    for topic, items in report.note.by_topic():
        for t in items:
            text, url, _author = report.texts.get(t.message.id, ("", "", None))
            table.add([t.rank, labels.topic(topic), t.card.id, t.message.detected_at,
                               labels.network(t.message.platform), labels.importance(t.card.importance), text,
                               t.message.likes, t.message.comments, t.message.reposts, t.repeats,
                               "да" if t.surge else "нет", labels.card_result(t.card.state, t.card.outcome), url])
    return table


def kpi_tables(k: Kpi) -> list[Table]:
    stages = sort_stages({s for row in k.officials + k.units for s in row.stages})
    stage_cols = [Column(f"В срок: {labels.stage(s).split(' (')[0].lower()}", SHARE, 12) for s in stages]

    def values(row: KpiRow) -> list[Any]:
        total = row.total
        return [row.cards, total.count, total.share_on_time,
                *[row.stages[s].share_on_time if s in row.stages else None for s in stages],
                row.breaches, row.median_reply]

    tail = [Column("Карточек обработано", INT, 11), Column("Этапов", INT, 9), Column("Доля этапов в срок", SHARE, 11),
            *stage_cols, Column("Нарушений сроков", INT, 10), Column("Медиана времени до ответа", MINUTES, 12)]
    people = Table("Показатели лиц", "Показатели должностных лиц (п. 22)",
                   [Column("Должностное лицо", TEXT, 30), Column("Роль", TEXT, 12), Column("Подразделение", TEXT, 36),
                    *tail], [[r.name, r.role, r.unit, *values(r)] for r in k.officials])
    units = Table("Показатели подразделений", "Показатели подразделений (п. 22)",
                  [Column("Подразделение", TEXT, 40), *tail], [[r.name, *values(r)] for r in k.units])
    return [people, units]


def cards_table(report: Any) -> Table:
    """The list of the period's cards (the XLSX's last sheet; the agency's export has every field)."""
    table = Table("Карточки", "Карточки обращений периода",
                  [Column("Карточка", INT, 10), Column("Выявлено", WHEN, 16), Column("Соцсеть", TEXT, 12),
                   Column("Тема", TEXT, 22), Column("Локация", TEXT, 18), Column("Важность", TEXT, 12),
                   Column("Итог", TEXT, 30), Column("Подразделения", TEXT, 36), Column("Текст", TEXT, 60),
                   Column("Ссылка", TEXT, 30)])
    names = report.doc.location_names
    units = report.card_units
    table.rows = Rows(report.cards, lambda c: [
        c.id, c.detected_at, labels.network(c.platform), labels.topic(c.topic),
        names.get(c.location or "", c.location or ""), labels.importance(c.importance),
        labels.card_result(c.state, c.outcome), "; ".join(units.get(c.id, ())), c.text[:300], c.url])
    return table


def local_text(value: datetime, period: Period) -> str:
    return value.astimezone(period.tz).strftime("%d.%m.%Y %H:%M")


def cell_text(value: Any, kind: str, tz: Any) -> str:
    """How a table value reads, in the documents and on the web pages alike."""
    if value is None:
        return "—"
    if kind == SHARE:
        return percent(value)
    if kind == MINUTES:
        return minutes_text(value)
    if kind == WHEN and isinstance(value, datetime):
        return value.astimezone(tz).strftime("%d.%m.%Y %H:%M")
    if kind == DATE and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)
