"""The XLSX workbooks (openpyxl, write-only for speed): a sheet per table, the charts, the cards.

Numbers stay numbers: shares carry a percent format, instants are the organization's local
time, lateness and time to reply are working minutes.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from monitor.reports import methodology, sheetxml, tables
from monitor.reports.monthly import Document, KpiReport, MonthlyReport
from monitor.reports.tables import Table

# Instants and dates get openpyxl's own date format (a styled cell per value would double the
# time of a month's list of cards); shares and minutes are formatted.
FORMATS = {tables.SHARE: "0.0%", tables.MINUTES: "0.0"}


FAST_ROWS = 2000  # a table longer than this is written by sheetxml (the list of a month's cards)


class _Sheets:
    def __init__(self, tz: Any) -> None:
        self.book = Workbook(write_only=True)
        self.tz = tz
        self._bold = Font(bold=True)
        self._long: list[tuple[int, Table, bool]] = []  # sheet number, table, with its title row

    def _cell(self, ws: Any, value: Any, bold: bool = False, fmt: str | None = None) -> Any:
        cell = WriteOnlyCell(ws, value=value)
        if bold:
            cell.font = self._bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if fmt:
            cell.number_format = fmt
        return cell

    def _value(self, value: Any, kind: str) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(self.tz).replace(tzinfo=None)
        if kind == tables.MINUTES and value is not None:
            return round(float(value), 1)
        return value

    @staticmethod
    def _rounded(row: Any, columns: list[int]) -> list[Any]:
        out = list(row)
        for i in columns:
            if out[i] is not None:
                out[i] = round(float(out[i]), 1)
        return out

    def table(self, table: Table, title_row: bool = True) -> Any:
        ws = self.book.create_sheet(table.sheet[:31])
        if len(table.rows) > FAST_ROWS:  # a placeholder now; its XML is written on saving
            self._long.append((len(self.book.worksheets), table, title_row))
            return ws
        for i, column in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = "A3" if title_row else "A2"
        if title_row:
            ws.append([self._cell(ws, table.title, bold=True)])
        ws.append([self._cell(ws, c.title, bold=True) for c in table.columns])
        formatted = [(i, FORMATS[c.kind]) for i, c in enumerate(table.columns) if c.kind in FORMATS]
        kinds = [c.kind for c in table.columns]
        for row in table.rows:
            values = [self._value(v, k) for v, k in zip(row, kinds, strict=True)]
            for i, fmt in formatted:
                if values[i] is not None:
                    values[i] = self._cell(ws, values[i], fmt=fmt)
            ws.append(values)
        if not table.rows:
            ws.append([table.empty_text])
        return ws

    def cover(self, d: Document, lines: list[str], charts: dict[str, bytes] | None = None) -> None:
        ws = self.book.create_sheet("Сводка")
        ws.column_dimensions["A"].width = 110
        for text, bold in ((d.organization, True), (d.title, True), (d.period.title_genitive(), False),
                           (f"№ {d.number} от {d.made_at.astimezone(d.period.tz):%d.%m.%Y}", False)):
            ws.append([self._cell(ws, text, bold=bold)])
        ws.append([])
        for line in lines:
            ws.append([line])
        ws.append([])
        ws.append([f"{d.signer_position}: {d.signer_name or '____________________'}"])
        for i, png in enumerate((charts or {}).values()):
            image = Image(io.BytesIO(png))
            image.anchor = f"B{2 + i * 24}"
            ws.add_image(image)

    def methodology(self, monthly: bool) -> None:
        ws = self.book.create_sheet("Методика")
        ws.column_dimensions["A"].width = 40
        ws.column_dimensions["B"].width = 120
        for section, items in methodology.sections(monthly):
            ws.append([self._cell(ws, section, bold=True)])
            for name, text in items:
                ws.append([name, text])

    def save(self) -> bytes:
        probe = WriteOnlyCell(self.book.worksheets[0]) if self.book.worksheets else None
        styles = (0, 0)
        if probe is not None:
            probe.font = self._bold
            bold = probe.style_id
            probe = WriteOnlyCell(self.book.worksheets[0], value=datetime(2000, 1, 1))
            probe.number_format = "DD.MM.YYYY HH:MM"
            styles = (bold, probe.style_id)
        buffer = io.BytesIO()
        self.book.save(buffer)
        package = buffer.getvalue()
        for number, table, title_row in self._long:
            minutes = [i for i, c in enumerate(table.columns) if c.kind == tables.MINUTES]
            rows: Any = iter(table.rows)
            if minutes:  # rounded as on the short sheets; instants are read in the zone by sheetxml
                rows = (self._rounded(row, minutes) for row in table.rows)
            xml = sheetxml.sheet_xml(table.title if title_row else None, [c.title for c in table.columns], rows,
                                     [c.width for c in table.columns], bold_style=styles[0], date_style=styles[1],
                                     tz=self.tz)
            package = sheetxml.replace_sheet(package, number, xml)
        return package


def summary_lines(report: MonthlyReport) -> list[str]:
    from monitor.reports.stats import minutes_text, percent

    total = report.timeliness.total
    lines = []
    if report.empty:
        lines.append("За период сообщений и карточек нет, сроки этапов не истекали.")
    m, c = report.dynamics.totals("messages"), report.dynamics.totals("cards")
    lines += [f"Сообщений: {m[0]}; карточек: {c[0]} (предыдущий месяц: {c[1]}, год назад: {c[2]})",
              f"Этапов в срок: {total.on_time} из {total.count} ({percent(total.share_on_time)})",
              f"Медиана рабочего времени до ответа: {minutes_text(report.kpi.median_reply)}",
              f"Решено положительно: {report.note.resolved} из {report.note.cards} "
              f"({percent(report.note.resolved_share)})"]
    return lines


def monthly_xlsx(report: MonthlyReport, charts: dict[str, bytes]) -> bytes:
    book = _Sheets(report.doc.period.tz)
    book.cover(report.doc, summary_lines(report), charts)
    for t in (*tables.timeliness_tables(report.timeliness), *tables.quality_tables(report.quality),
              *tables.dynamics_tables(report), tables.top_table(report), *tables.kpi_tables(report.kpi),
              tables.cards_table(report)):
        book.table(t)
    book.methodology(monthly=True)
    return book.save()


def kpi_xlsx(report: KpiReport) -> bytes:
    from monitor.reports.stats import minutes_text

    book = _Sheets(report.doc.period.tz)
    book.cover(report.doc, [f"Медиана рабочего времени до ответа: {minutes_text(report.kpi.median_reply)}"])
    for t in (*tables.kpi_tables(report.kpi), *tables.timeliness_tables(report.timeliness)):
        book.table(t)
    book.methodology(monthly=False)
    return book.save()


def cards_xlsx(table: Table, tz: Any) -> bytes:
    """One sheet: the cards for the regional agency."""
    book = _Sheets(tz)
    book.table(table, title_row=False)
    return book.save()

