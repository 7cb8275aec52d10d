"""A report's files by format: what the command writes to a folder and the job attaches to email."""

from __future__ import annotations

from pathlib import Path

from monitor.reports.monthly import KpiReport, MonthlyReport

MONTHLY_FORMATS = ("docx", "xlsx", "agency")
MONTHLY_DEFAULT = ("docx", "xlsx")
KPI_FORMATS = ("docx", "xlsx")
CONTENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
}


def monthly_charts(report: MonthlyReport) -> dict[str, bytes]:
    from monitor.reports import charts  # matplotlib is loaded only when a chart is drawn
    from monitor.reports.period import previous_month, year_earlier

    p = report.doc.period
    return {"on_time": charts.on_time(report.timeliness), "per_day": charts.per_day(report.dynamics),
            "topics": charts.topics(report.dynamics, p.title(), previous_month(p).title(), year_earlier(p).title())}


def monthly_files(report: MonthlyReport, formats: tuple[str, ...] = MONTHLY_DEFAULT) -> dict[str, bytes]:
    """File name -> content for each requested format (``agency`` = the cards as XLSX and JSON)."""
    code = report.doc.period.code()
    pictures = monthly_charts(report) if {"docx", "xlsx"} & set(formats) else {}
    out: dict[str, bytes] = {}
    if "docx" in formats:
        from monitor.reports.docx import monthly_docx

        out[f"report-{code}.docx"] = monthly_docx(report, pictures)
    if "xlsx" in formats:
        from monitor.reports.xlsx import monthly_xlsx

        out[f"report-{code}.xlsx"] = monthly_xlsx(report, pictures)
    if "agency" in formats:
        from monitor.reports.agency import agency_files

        out.update(agency_files(report))
    return out


def kpi_files(report: KpiReport, formats: tuple[str, ...] = KPI_FORMATS) -> dict[str, bytes]:
    code = report.doc.period.code()
    out: dict[str, bytes] = {}
    if "docx" in formats:
        from monitor.reports.docx import kpi_docx

        out[f"kpi-{code}.docx"] = kpi_docx(report)
    if "xlsx" in formats:
        from monitor.reports.xlsx import kpi_xlsx

        out[f"kpi-{code}.xlsx"] = kpi_xlsx(report)
    return out


def write(files: dict[str, bytes], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    return paths
