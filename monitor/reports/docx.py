"""The DOCX documents (python-docx), shaped like an administration's official note.

Heading with the organization, the title, the period, the number and date; numbered sections
with tables and the PNG charts; the curator's signature block; «Методика» at the end.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from monitor.reports import labels, methodology, tables
from monitor.reports.monthly import Document, KpiReport, MonthlyReport
from monitor.reports.period import previous_month, year_earlier
from monitor.reports.stats import minutes_text, percent, plural
from monitor.reports.tables import Table

FONT = "Times New Roman"
EXCERPT = 300
LISTED = 30  # rows of a long list (reworks, returns...) the note shows; the XLSX has them all


def _setup(doc: Any) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.name = FONT
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _para(doc: Any, text: str, *, bold: bool = False, size: int | None = None, center: bool = False,
          right: bool = False, italic: bool = False) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return p


def heading_block(doc: Any, d: Document, subtitle: str | None = None) -> None:
    """The organization, the title, the period, the number and date."""
    _para(doc, d.organization.upper(), bold=True, size=13, center=True)
    _para(doc, "_" * 64, center=True, size=8)
    _para(doc, f"№ {d.number} от {d.made_at.astimezone(d.period.tz):%d.%m.%Y}", right=True)
    _para(doc, d.title.upper(), bold=True, size=13, center=True)
    if subtitle:
        _para(doc, subtitle, bold=True, center=True)
    _para(doc, d.period.title_genitive(), center=True)


def add_table(doc: Any, table: Table, tz: Any, *, heading: bool = True, limit: int | None = None) -> None:
    if heading:
        doc.add_heading(table.title, level=3)
    if not table.rows:
        _para(doc, table.empty_text, italic=True)
        return
    rows = table.rows if limit is None else table.rows[:limit]
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(column.title)
        run.bold = True
        run.font.size = Pt(9)
    for row in rows:
        cells = grid.add_row().cells
        for cell, value, column in zip(cells, row, table.columns, strict=True):
            text = tables.cell_text(value, column.kind, tz)
            run = cell.paragraphs[0].add_run(text[:EXCERPT] + ("…" if len(text) > EXCERPT else ""))
            run.font.size = Pt(9)
    if len(rows) < len(table.rows):
        _para(doc, f"Показаны первые {len(rows)} из {len(table.rows)}; полный перечень — на листе «{table.sheet}» "
                   "файла XLSX.", italic=True, size=10)
    doc.add_paragraph()


def add_chart(doc: Any, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(16.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, caption, italic=True, size=10, center=True)


def signature(doc: Any, d: Document) -> None:
    doc.add_paragraph()
    grid = doc.add_table(rows=1, cols=3)
    left, middle, right = grid.rows[0].cells
    left.text = d.signer_position
    middle.text = "____________________"
    right.text = d.signer_name or "____________________"
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, f"{d.made_at.astimezone(d.period.tz):%d.%m.%Y}", size=10)


def add_methodology(doc: Any, monthly: bool) -> None:
    doc.add_page_break()
    doc.add_heading("Методика", level=1)
    for title, items in methodology.sections(monthly):
        doc.add_heading(title, level=2)
        for name, text in items:
            p = doc.add_paragraph()
            p.add_run(f"{name}. ").bold = True
            p.add_run(text)


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def monthly_docx(report: MonthlyReport, charts: dict[str, bytes]) -> bytes:
    d, tz = report.doc, report.doc.period.tz
    doc = new_document()
    _setup(doc)
    heading_block(doc, d, "и аналитическая справка по топовым сообщениям")
    if report.empty:
        _para(doc, f"За {d.period.title()} сообщений из открытых источников, требующих внимания, не выявлено, "
                   "карточки обращений не открывались, сроки этапов не истекали. Показатели ниже равны нулю.",
              bold=True)
    dyn, q, note = report.dynamics, report.quality, report.note
    msgs, cards = dyn.totals("messages"), dyn.totals("cards")
    total = report.timeliness.total
    _para(doc, f"За {d.period.title()} выявлено: {plural(msgs[0], 'сообщение', 'сообщения', 'сообщений')} из открытых "
               f"источников; открыто карточек обращений: {cards[0]} (в предыдущем месяце — {cards[1]}, год назад — "
               f"{cards[2]}). Сроки этапов соблюдены в {total.on_time} из {total.count} случаев "
               f"({percent(total.share_on_time)}); "
               f"медиана рабочего времени до ответа — {minutes_text(report.kpi.median_reply)}. Решено "
               f"положительно {note.resolved} обращений из {note.cards} ({percent(note.resolved_share)}).")

    doc.add_heading("1. Своевременность (п. 23)", level=1)
    timely = tables.timeliness_tables(report.timeliness)
    add_table(doc, timely[0], tz)
    add_chart(doc, charts["on_time"], "Рисунок 1. Доля этапов, выполненных в срок")
    for t in timely[1:]:
        add_table(doc, t, tz, limit=LISTED * 10)

    doc.add_heading("2. Качество (п. 23)", level=1)
    for i, t in enumerate(tables.quality_tables(q)):
        add_table(doc, t, tz, limit=None if i == 0 else LISTED)

    doc.add_heading("3. Динамика сообщений (п. 23)", level=1)
    dyn_tables = tables.dynamics_tables(report)
    add_table(doc, dyn_tables[0], tz)
    add_chart(doc, charts["per_day"], "Рисунок 2. Сообщения и карточки по дням")
    add_table(doc, dyn_tables[2], tz)
    add_chart(doc, charts["topics"], f"Рисунок 3. Карточки по темам: {d.period.title()}, "
                                     f"{previous_month(d.period).title()}, {year_earlier(d.period).title()}")
    for t in dyn_tables[3:]:
        add_table(doc, t, tz)

    doc.add_heading("4. Аналитическая справка по топовым сообщениям (п. 24)", level=1)
    _para(doc, f"Решено положительно: {note.resolved} из {note.cards} карточек периода "
               f"({percent(note.resolved_share)}), сообщений по ним: {note.resolved_messages}. Сообщений во всплесках "
               f"активности: {note.surge_messages}.")
    if not note.top:
        _para(doc, "Топовых сообщений за период нет.", italic=True)
    for topic, items in note.by_topic():
        doc.add_heading(labels.topic(topic), level=3)
        for top in items:
            text, _url, author = report.texts.get(top.message.id, ("", "", None))
            p = doc.add_paragraph(style="List Number")
            p.add_run(f"«{text[:EXCERPT]}{'…' if len(text) > EXCERPT else ''}»").italic = True
            place = d.location_names.get(top.card.location or "", top.card.location or "")
            p.add_run(f" — {labels.network(top.message.platform)}, {place}, "
                      f"{top.message.detected_at.astimezone(tz):%d.%m.%Y %H:%M}"
                      f"{', ' + author if author else ''}. Важность: {labels.importance(top.card.importance).lower()}; "
                      f"реакции: {top.message.likes} «нравится», "
                      f"{plural(top.message.comments, 'комментарий', 'комментария', 'комментариев')}, "
                      f"{plural(top.message.reposts, 'репост', 'репоста', 'репостов')}; "
                      f"повторных обращений: {top.repeats}; "
                      f"{'входит во всплеск активности' if top.surge else 'вне всплесков'}. "
                      f"Карточка №{top.card.id}: {labels.card_result(top.card.state, top.card.outcome).lower()}.")

    doc.add_heading("5. Показатели для оценки эффективности (п. 22)", level=1)
    for t in tables.kpi_tables(report.kpi):
        add_table(doc, t, tz)
    signature(doc, d)
    add_methodology(doc, monthly=True)
    return _save(doc)


def kpi_docx(report: KpiReport) -> bytes:
    d, tz = report.doc, report.doc.period.tz
    doc = new_document()
    _setup(doc)
    heading_block(doc, d)
    if report.empty:
        _para(doc, "За период сроки этапов не истекали, ответы не размещались, действий должностных лиц нет.",
              bold=True)
    _para(doc, f"Медиана рабочего времени до ответа: {minutes_text(report.kpi.median_reply)}.")
    doc.add_heading("1. Показатели для оценки эффективности (п. 22)", level=1)
    for t in tables.kpi_tables(report.kpi):
        add_table(doc, t, tz)
    doc.add_heading("2. Своевременность по этапам", level=1)
    for t in tables.timeliness_tables(report.timeliness):
        add_table(doc, t, tz)
    signature(doc, d)
    add_methodology(doc, monthly=False)
    return _save(doc)
