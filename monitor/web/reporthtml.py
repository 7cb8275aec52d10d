"""The report's tables (monitor.reports.tables) as plain rows of text for an HTML page.

The same tables the DOCX and XLSX are built from, read the way the DOCX reads them, so the page
and the documents never disagree. Long tables are cut at ``limit`` rows; the XLSX has them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from monitor.reports import tables

LIMIT = 200


@dataclass(frozen=True)
class HtmlTable:
    title: str
    header: list[str]
    rows: list[list[str]]
    total: int  # rows in the table; more than shown when cut
    empty_text: str


def html_table(table: tables.Table, tz: ZoneInfo, limit: int = LIMIT) -> HtmlTable:
    kinds = [c.kind for c in table.columns]
    rows = [[tables.cell_text(v, k, tz) for v, k in zip(row, kinds, strict=True)] for row in table.rows[:limit]]
    return HtmlTable(table.title, [c.title for c in table.columns], rows, len(table.rows), table.empty_text)
