"""A month's list of cards is too long for openpyxl's per-cell writing: its sheet is written as
XML directly. Read back with openpyxl, it is the same table."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl

from monitor.reports import xlsx
from monitor.reports.tables import INT, SHARE, TEXT, WHEN, Column, Table

KAM = ZoneInfo("Asia/Kamchatka")


def test_a_long_table_reads_back_whole() -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    table = Table("Карточки", "Карточки обращений периода",
                  [Column("Карточка", INT), Column("Выявлено", WHEN), Column("Текст", TEXT), Column("Доля", SHARE)],
                  [[i, start + timedelta(minutes=i), f"Яма <№{i}> & \x07лужа", None if i % 2 else 0.5]
                   for i in range(1, xlsx.FAST_ROWS + 3)])
    book = xlsx._Sheets(KAM)
    book.table(Table("Малая", "Малая таблица", [Column("Карточка", INT)], [[1]]))
    book.table(table)
    read = openpyxl.load_workbook(io.BytesIO(book.save()))
    sheet = read["Карточки"]
    assert sheet["A1"].value == "Карточки обращений периода" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["Карточка", "Выявлено", "Текст", "Доля"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == xlsx.FAST_ROWS + 2
    assert rows[0] == (1, datetime(2026, 11, 1, 12, 1), "Яма <№1> & лужа", None)
    assert rows[1][3] == 0.5
    assert sheet["B3"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in read["Малая"][3]] == [1]
