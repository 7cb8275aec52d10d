"""The documents as the head opens them: DOCX and XLSX read back with their own libraries."""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest

from monitor.reports.files import monthly_files
from monitor.reports.monthly import monthly_report
from monitor.reports.period import parse_month

from ..workflow.helpers import Desk, at
from .seed import AS_OF, Month

KAM = ZoneInfo("Asia/Kamchatka")


def _files(desk: Desk, month: str) -> dict[str, bytes]:
    with desk.sessions() as s:
        report = monthly_report(s, desk.settings, desk.calendar, parse_month(month, KAM), at(*AS_OF))
    return monthly_files(report, ("docx", "xlsx", "agency"))


@pytest.fixture
def files(desk: Desk, november: Month) -> dict[str, bytes]:
    return _files(desk, "2026-11")


def _rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_reads_as_an_official_note(files: dict[str, bytes], november: Month) -> None:
    """Heading, number and date, the timeliness table's figures, three charts, signature, «Методика»."""
    document = docx.Document(io.BytesIO(files["report-2026-11.docx"]))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "АДМИНИСТРАЦИЯ СОБОЛЕВСКОГО МУНИЦИПАЛЬНОГО РАЙОНА"
    assert "№ 2026-11 от 01.12.2026" in text
    assert "СВОДНАЯ ИНФОРМАЦИЯ О СВОЕВРЕМЕННОСТИ РАБОТЫ В СОЦИАЛЬНЫХ СЕТЯХ" in text
    assert "за ноябрь 2026 г." in text
    assert any("Решено положительно: 2 из 4 карточек периода (50,0 %)" in t for t in text)
    stages = _rows(document.tables[0])
    assert stages[0][:4] == ["Этап", "Всего", "В срок", "С нарушением"]
    assert ["Направление исполнителю (п. 8)", "6", "5", "1", "83,3 %", "30 мин", "30 мин"] in stages
    assert ["Проект ответа куратору (п. 11)", "5", "3", "2", "60,0 %", "46 ч 00 мин", "91 ч 00 мин"] in stages
    assert stages[-1][:4] == ["Итого", "28", "21", "7"]
    assert len(document.inline_shapes) == 3  # the three charts are embedded pictures
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 3 and all(r.target_part.blob[:4] == b"\x89PNG" for r in images)
    everything = "\n".join(text)
    assert "Опять яма" in everything and f"Карточка №{november.d}: направлена исполнителю" in everything
    signature = [t for t in document.tables if _rows(t)[0][0] == "Куратор"]
    assert signature and _rows(signature[0])[0][2] == "Куратор (демо)"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-6:] == ["Методика", "Своевременность (п. 23)", "Качество (п. 23)", "Динамика (п. 23)",
                             "Аналитическая справка (п. 24)", "Показатели эффективности (п. 22)"]
    assert any(p.startswith("Медиана и 90-й процентиль просрочки.") for p in text)


def test_xlsx_has_a_sheet_per_table_and_the_cards(files: dict[str, bytes], november: Month) -> None:
    book = openpyxl.load_workbook(io.BytesIO(files["report-2026-11.xlsx"]))
    assert book.sheetnames[:4] == ["Сводка", "Сроки по этапам", "Сроки по подразделениям", "Сроки по исполнителям"]
    assert {"Качество", "Доработки", "Возвраты", "По дням", "Темы", "Топ сообщений", "Показатели лиц",
            "Показатели подразделений", "Карточки", "Методика"} <= set(book.sheetnames)
    assert len(book["Сводка"]._images) == 3
    stages = [list(r) for r in book["Сроки по этапам"].iter_rows(min_row=3, values_only=True)]
    route = next(r for r in stages if r[0] == "Направление исполнителю (п. 8)")
    assert route[1:4] == [6, 5, 1] and route[4] == pytest.approx(5 / 6) and route[5] == 30
    assert book["Сроки по этапам"].cell(3, 5).number_format == "0.0%"
    cards = list(book["Карточки"].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in cards] == [november.a, november.b, november.c, november.d, november.e]
    assert cards[0][1].strftime("%d.%m.%Y %H:%M") == "09.11.2026 10:00"  # local time
    reworks = list(book["Доработки"].iter_rows(min_row=3, values_only=True))
    assert reworks[0][0] == november.b and reworks[0][4] == "Уточните сроки"
    people = {r[0]: r for r in book["Показатели лиц"].iter_rows(min_row=3, values_only=True)}
    assert people["Исполнитель ЖКХ (демо)"][3] == 3  # cards handled


def test_agency_export(files: dict[str, bytes], november: Month) -> None:
    data = json.loads(files["cards-2026-11.json"])
    assert data["count"] == 5 and data["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    first = data["cards"][0]
    assert first["id"] == november.a and first["detected_at"] == "2026-11-09T10:00:00+12:00"
    assert first["outcome"] == "resolved" and first["outcome_name"] == "решено положительно"
    assert first["units"] == ["Управление ЖКХ, ТЭК, транспорта, связи и строительства"]
    book = openpyxl.load_workbook(io.BytesIO(files["cards-2026-11.xlsx"]))
    assert book.active.max_row == 6


def test_empty_month_says_so(desk: Desk) -> None:
    """A month with nothing in it: correct documents that say there was nothing, not an error."""
    files = _files(desk, "2026-07")
    document = docx.Document(io.BytesIO(files["report-2026-07.docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "За июль 2026 г. сообщений из открытых источников, требующих внимания, не выявлено" in text
    assert "Нет данных за период" in text and "Методика" in text
    book = openpyxl.load_workbook(io.BytesIO(files["report-2026-07.xlsx"]))
    assert book["Карточки"]["A3"].value == "Нет данных за период"
    assert json.loads(files["cards-2026-07.json"])["cards"] == []


def test_a_long_list_is_cut_in_the_note_and_whole_in_the_workbook() -> None:
    """The note shows the first rows of a long list and says where the rest is."""
    from docx import Document as new_document

    from monitor.reports.docx import add_table
    from monitor.reports.tables import INT, TEXT, Column, Table

    table = Table("Доработки", "Проекты, направленные на доработку", [Column("Карточка", INT), Column("Причина", TEXT)],
                  [[i, "Уточните сроки"] for i in range(1, 101)])
    document = new_document()
    add_table(document, table, KAM, limit=30)
    assert len(document.tables[0].rows) == 31
    assert ("Показаны первые 30 из 100; полный перечень — на листе «Доработки» файла XLSX."
            in [p.text for p in document.paragraphs])
