"""``otklik report monthly`` and ``otklik report kpi`` as an official runs them."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from monitor.cli.main import main

from ..workflow.helpers import Desk
from .seed import Month


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def test_monthly_writes_the_documents(desk: Desk, november: Month, out: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "monthly", "--month", "2026-11", "--out", str(out), "--format", "docx,xlsx,agency"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Отчёт за ноябрь 2026 г. записан:")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["cards-2026-11.json", "cards-2026-11.xlsx", "report-2026-11.docx", "report-2026-11.xlsx"]
    note = docx.Document(io.BytesIO((out / "report-2026-11.docx").read_bytes()))
    rows = [[c.text for c in r.cells] for r in note.tables[0].rows]
    assert ["Направление исполнителю (п. 8)", "6", "5", "1", "83,3 %", "30 мин", "30 мин"] in rows


def test_only_the_formats_asked_for(desk: Desk, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """By default the note and the workbook; the agency's export only when asked for."""
    assert main(["report", "monthly", "--month", "2026-11", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report-2026-11.docx", "report-2026-11.xlsx"]
    assert main(["report", "monthly", "--month", "2026-10", "--out", str(out), "--format", "docx"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report-2026-10.docx", "report-2026-11.docx",
                                                     "report-2026-11.xlsx"]


def test_kpi_for_any_period(desk: Desk, november: Month, out: Path) -> None:
    assert main(["report", "kpi", "--from", "2026-11-09", "--to", "2026-11-13", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out / "kpi-2026-11-09_2026-11-13.xlsx")
    people = {r[0]: r for r in book["Показатели лиц"].iter_rows(min_row=3, values_only=True)}
    assert people["Исполнитель ЖКХ (демо)"][3] == 3
    note = docx.Document(str(out / "kpi-2026-11-09_2026-11-13.docx"))
    assert "за период с 09.11.2026 по 13.11.2026" in [p.text for p in note.paragraphs]


def test_wrong_input_is_answered_in_russian(desk: Desk, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "monthly", "--month", "11.2026", "--out", str(out)]) == 2
    assert "Месяц «11.2026» не распознан: укажите его как ГГГГ-ММ" in capsys.readouterr().err
    assert main(["report", "kpi", "--from", "2026-11-30", "--to", "2026-11-01", "--out", str(out)]) == 2
    assert "Конец периода (01.11.2026) раньше его начала (30.11.2026)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "monthly", "--month", "2026-11", "--out", str(out), "--format", "pdf"])
    assert "неизвестный формат pdf" in capsys.readouterr().err
    assert not out.exists()
