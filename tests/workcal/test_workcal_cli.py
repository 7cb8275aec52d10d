"""``otklik deadline`` and ``otklik calendar load|show`` as an operator uses them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]

# A made-up official calendar for 2040, a year nothing else knows (1 Jan 2040 is a Sunday).
XML_2040 = """<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2040" lang="ru" date="2039.09.20"country="ru">
  <days>
    <day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
    <day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
    <day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/><day d="02.22" t="2"/>
    <day d="02.23" t="1" h="3"/><day d="03.07" t="2"/><day d="03.08" t="1" h="4"/>
    <day d="04.30" t="2"/><day d="05.01" t="1" h="5"/><day d="05.08" t="2"/>
    <day d="05.09" t="1" h="6"/><day d="06.11" t="2"/><day d="06.12" t="1" h="7"/>
    <day d="11.04" t="1" h="8"/><day d="11.05" t="1"/><day d="12.31" t="1" f="01.01"/>
  </days>
</calendar>
"""


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["--start", "2025-03-07T16:00", "--hours", "2"], "2025-03-10T10:00:00+12:00"),
        (["--start", "2025-03-07T16:00+12:00", "--hours", "1"], "2025-03-07T17:00:00+12:00"),
        (["--start", "2025-04-18T03:00:00Z", "--hours", "8"], "2025-04-21T15:00:00+12:00"),  # Fri 15:00 local
        (["--start", "2025-04-15T09:00", "--hours", "4"], "2025-04-15T13:00:00+12:00"),
        (["--start", "2025-04-15T12:30", "--hours", "1.5"], "2025-04-15T15:00:00+12:00"),
        (["--start", "2025-04-15T12:30", "--hours", "1,5"], "2025-04-15T15:00:00+12:00"),
        (["--start", "2025-04-15T17:50", "--minutes", "30"], "2025-04-16T09:20:00+12:00"),
        (["--start", "2025-12-26T11:00", "--working-days", "7"], "2026-01-16T18:00:00+12:00"),
        (["--start", "2025-04-18T17:00", "--hours", "4", "--calendar-time"], "2025-04-18T21:00:00+12:00"),
        (["--start", "2025-04-15 10:00:20", "--minutes", "1"], "2025-04-15T10:01:20+12:00"),
    ],
)
def test_deadline_prints_the_due_instant(otklik: Run, tmp_path: Path, args: list[str], printed: str) -> None:
    """The due instant is printed alone on one line, ISO 8601 with the offset."""
    code, out, err = otklik("deadline", *args, "--dir", str(tmp_path / "cal"))
    assert (code, out, err) == (0, printed + "\n", "")


def test_start_without_offset_is_read_in_the_organization_zone(otklik: Run, tmp_path: Path) -> None:
    """For an organization in Berlin a bare start is Berlin time and so is the answer."""
    settings = tmp_path / "berlin.yaml"
    settings.write_text("organization:\n  timezone: Europe/Berlin\n", encoding="utf-8")
    code, out, _ = otklik("deadline", "--start", "2025-07-01T09:00", "--hours", "1", settings_file=settings)
    assert (code, out) == (0, "2025-07-01T10:00:00+02:00\n")


def test_default_settings_give_the_kamchatka_answer(otklik: Run, tmp_path: Path) -> None:
    """With the project's settings.yaml the deadline is computed for Sobolevsky district."""
    code, out, _ = otklik(
        "deadline", "--start", "2025-11-01T15:00", "--hours", "3", "--dir", str(tmp_path), settings_file=None
    )
    assert (code, out) == (0, "2025-11-05T10:00:00+12:00\n")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--hours", "1"], "--start"),
        (["--start", "вчера", "--hours", "1"], "ISO 8601"),
        (["--start", "2025-04-15T09:00"], "ровно одно"),
        (["--start", "2025-04-15T09:00", "--hours", "1", "--minutes", "5"], "ровно одно"),
        (["--start", "2025-04-15T09:00", "--hours", "-1"], "отрицательным"),
        (["--start", "2025-04-15T09:00", "--hours", "два"], "не число"),
        (["--start", "2025-04-15T09:00", "--hours", "nan"], "не число"),
        (["--start", "2025-04-15T09:00", "--working-days", "1.5"], "целое"),
        (["--start", "2025-04-15T09:00", "--working-days", "2", "--calendar-time"], "--calendar-time"),
        (["--start", "2025-04-15T09:00", "--hours"], "--hours"),
    ],
)
def test_bad_deadline_input_is_one_line_and_exit_2(otklik: Run, args: list[str], problem: str) -> None:
    """A mistake on the command line gives one line on stderr naming it, exit code 2, no output."""
    code, out, err = otklik("deadline", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and problem in err


def test_load_xml_then_deadlines_use_it(otklik: Run, tmp_path: Path) -> None:
    """An official 2040 XML is stored and then used: Monday 31 Dec 2040 becomes a day off."""
    source = tmp_path / "calendar.xml"
    source.write_text(XML_2040, encoding="utf-8")
    store = tmp_path / "var" / "calendar"
    code, out, err = otklik("calendar", "load", str(source), "--dir", str(store))
    assert code == 0, err
    assert "2040" in out and (store / "2040.json").exists()
    stored = json.loads((store / "2040.json").read_text(encoding="utf-8"))
    assert "12-31" in stored["years"]["2040"]["days_off"]
    code, out, err = otklik("deadline", "--start", "2040-12-28T17:00", "--hours", "2", "--dir", str(store))
    warned = [json.loads(line)["year"] for line in err.splitlines() if "calendar.year_missing" in line]
    assert code == 0 and warned == [2041]  # 2040 is loaded now; 2041 still is not
    # Fri 28 Dec 17-18, then 31 Dec off and 1-8 Jan 2041 by art. 112: Wednesday 9 Jan.
    assert out == "2041-01-09T10:00:00+12:00\n"
    code, out, _ = otklik("deadline", "--start", "2040-12-28T17:00", "--hours", "2", "--dir", str(tmp_path / "none"))
    assert out == "2040-12-31T10:00:00+12:00\n"  # without it, 31 Dec 2040 is a working (shortened) Monday


def test_load_own_json_format(otklik: Run, tmp_path: Path) -> None:
    """A calendar in the project's JSON format is accepted as well."""
    source = tmp_path / "2027.json"
    source.write_text(
        json.dumps({"year": 2027, "days_off": ["01-01", "01-04", "01-05", "01-06", "01-07", "01-08",
                                               "02-23", "03-08", "05-03", "05-10", "06-14", "11-04"]}),
        encoding="utf-8",
    )
    code, out, err = otklik("calendar", "load", str(source), "--dir", str(tmp_path / "store"))
    assert code == 0, err
    assert "Календарь на 2027 год загружен" in out and (tmp_path / "store" / "2027.json").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('<calendar year="2027"><days><day d="01.01" t="1"/>', "XML"),
        ('<calendar year="2027"><days><day d="01.01" t="9"/></days></calendar>', "t должен быть"),
        ('<calendar year="2027"><days><day d="02.23" t="1"/></days></calendar>', "01.01"),  # wrong file
        ('{"years": {"2027": {"days_off": "01-01"}}}', "список"),
        ("{broken", "JSON"),
        ("", "пуст"),
    ],
)
def test_load_malformed_file_is_refused(otklik: Run, tmp_path: Path, content: str, problem: str) -> None:
    """A malformed calendar file is refused with one line naming the problem; nothing is stored."""
    source = tmp_path / "bad.xml"
    source.write_text(content, encoding="utf-8")
    store = tmp_path / "store"
    code, out, err = otklik("calendar", "load", str(source), "--dir", str(store))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and problem in err and "bad.xml" in err
    assert not store.exists() or not list(store.iterdir())


def test_load_missing_file(otklik: Run, tmp_path: Path) -> None:
    """A file that does not exist is reported, exit code 2."""
    code, _, err = otklik("calendar", "load", str(tmp_path / "nope.xml"), "--dir", str(tmp_path))
    assert code == 2 and "nope.xml" in err


def test_show_prints_the_year_with_totals(otklik: Run, tmp_path: Path) -> None:
    """`calendar show 2025` lists the special days and the year's 247 days and 1972 hours."""
    code, out, _ = otklik("calendar", "show", "2025", "--dir", str(tmp_path))
    assert code == 0
    assert "встроенный" in out and "01.11 сб" in out and "07.03 пт" in out
    assert "за год: 247, 1972 ч" in out


def test_show_missing_year_says_to_load_it(otklik: Run, tmp_path: Path) -> None:
    """For 2040, which nothing covers, the operator is told the Code's fallback is used and how to load."""
    code, out, _ = otklik("calendar", "show", "2040", "--dir", str(tmp_path))
    assert code == 0 and "ст. 112" in out and "otklik calendar load" in out


def test_show_provisional_2027_says_where_it_comes_from(otklik: Run, tmp_path: Path) -> None:
    """The built-in 2027 is shown as derived from the decree, to be replaced by the official one."""
    code, out, _ = otklik("calendar", "show", "2027", "--dir", str(tmp_path))
    first = out.splitlines()[0]
    assert code == 0 and "встроенный" in first and "постановления Правительства" in first
    assert "заменить официальным" in first
    assert "Рабочие выходные дни: 20.02 сб" in out and "05.11 пт" in out and "31.12 пт" in out
    assert "за год: 247, 1972 ч" in out  # the totals of the shared calendar


def test_show_json_is_the_project_format(otklik: Run, tmp_path: Path) -> None:
    """`calendar show YEAR --json` prints the year in the format `calendar load` accepts."""
    code, out, _ = otklik("calendar", "show", "2026", "--json", "--dir", str(tmp_path))
    assert code == 0
    assert json.loads(out)["years"]["2026"]["short"] == ["04-30", "05-08", "06-11", "11-03"]


def test_default_directory_is_var_calendar_beside_settings(otklik: Run, tmp_path: Path) -> None:
    """Without --dir, load stores into var/calendar next to settings.yaml and deadline reads it."""
    source = tmp_path / "calendar.xml"
    source.write_text(XML_2040, encoding="utf-8")
    code, _, err = otklik("calendar", "load", str(source))
    assert code == 0, err
    assert (tmp_path / "var" / "calendar" / "2040.json").exists()
    code, out, _ = otklik("deadline", "--start", "2040-12-28T17:00", "--hours", "2")
    assert out == "2041-01-09T10:00:00+12:00\n"
