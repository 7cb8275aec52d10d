"""Years without official data (art. 112 fallback), loaded years, and the file formats."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from structlog.testing import capture_logs
from workcal_support import kam

from monitor.core.settings import Organization
from monitor.workcal import (
    CalendarDataError,
    ProductionCalendar,
    WorkCalendar,
    builtin_years,
    dumps_years,
    parse_xmlcalendar,
    read_calendar_file,
    statutory_year,
    store_years,
    years_from_json,
)

H = timedelta(hours=1)

# The official xmlcalendar.ru file for 2025 as published (note the glued `"country=` attributes).
XML_2025 = """<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2025" lang="ru" date="2024.12.01"country="ru">
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="2" title="Рождество Христово"/>
    </holidays>
    <days>
        <day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/><day d="02.23" t="1" h="3"/>
        <day d="03.07" t="2"/><day d="03.08" t="1" h="4"/><day d="04.30" t="2"/>
        <day d="05.01" t="1" h="5"/><day d="05.02" t="1" f="01.04"/><day d="05.08" t="1" f="02.23"/>
        <day d="05.09" t="1" h="6"/><day d="06.11" t="2"/><day d="06.12" t="1" h="7"/>
        <day d="06.13" t="1" f="03.08"/><day d="11.01" t="2"/><day d="11.03" t="1" f="11.01"/>
        <day d="11.04" t="1" h="8"/><day d="12.31" t="1" f="01.05"/>
    </days>
</calendar>
"""


def _days(year: int, *mm_dd: str) -> set[date]:
    return {date(year, int(s[:2]), int(s[3:])) for s in mm_dd}


class TestStatutoryFallback:
    def test_2027_by_the_labour_code(self) -> None:
        """2027 without an official calendar: art. 112 holidays, weekend ones moved, eves shortened."""
        y = statutory_year(2027)
        assert set(y.days_off) == _days(
            2027, "01-01", "01-02", "01-03", "01-04", "01-05", "01-06", "01-07", "01-08",
            "02-23", "03-08", "05-01", "05-03", "05-09", "05-10", "06-12", "06-14", "11-04",
        )
        assert set(y.short) == _days(2027, "02-22", "04-30", "06-11", "11-03", "12-31")
        assert not y.working_weekends

    def test_fallback_for_2026_differs_only_by_decreed_transfers(self) -> None:
        """For 2026 the Code alone misses just the decreed 9 Jan and 31 Dec days off."""
        fallback, official = statutory_year(2026), builtin_years()[2026]
        assert set(official.holidays_on_weekdays()) - set(fallback.holidays_on_weekdays()) == _days(2026, "01-09", "12-31")
        assert set(fallback.holidays_on_weekdays()) <= set(official.holidays_on_weekdays())
        assert set(fallback.short) == set(official.short) | _days(2026, "12-31")

    def test_january_holidays_on_a_weekend_are_not_moved(self) -> None:
        """A January holiday on a Saturday gives no extra Monday off (the decree decides that)."""
        y = statutory_year(2028)  # 1 Jan 2028 is a Saturday, 8 Jan 2028 a Saturday
        assert date(2028, 1, 10) not in y.days_off
        assert date(2028, 1, 3) in y.days_off

    def test_missing_year_warns_once_and_uses_the_code(self) -> None:
        """A year with no calendar and no known decree (2040) uses art. 112 and logs calendar.year_missing once."""
        cal = WorkCalendar.from_settings(Organization())
        with capture_logs() as logs:
            # 1 Jan 2040 is a Sunday: 1-8 Jan off, Monday 9 Jan the first working day.
            assert cal.add_working(kam("2040-01-06 17:00"), 2 * H) == kam("2040-01-09 11:00")
            # Wed 22 Feb, the eve of Thu 23 Feb, is shortened by art. 95.
            assert cal.add_working(kam("2040-02-22 16:00"), 2 * H) == kam("2040-02-24 10:00")
            assert cal.is_working(kam("2040-03-08 10:00")) is False
        missing = [e for e in logs if e["event"] == "calendar.year_missing"]
        assert [(e["year"], e["log_level"]) for e in missing] == [(2040, "warning")]

    def test_known_year_does_not_warn(self) -> None:
        """Working inside the built-in years (into 2027 too) logs no warning."""
        cal = WorkCalendar.from_settings(Organization())
        with capture_logs() as logs:
            cal.add_working(kam("2025-12-30 17:00"), 2 * H)
            cal.add_working(kam("2026-12-30 17:00"), 2 * H)
        assert not [e for e in logs if e["event"] == "calendar.year_missing"]


class TestLoadedYears:
    def test_loaded_year_replaces_the_provisional_one(self, tmp_path: Path) -> None:
        """A loaded 2027 replaces the built-in one derived from the decree."""
        xml = XML_2025.replace('year="2025"', 'year="2027"').replace('<day d="12.31" t="1" f="01.05"/>', "")
        store_years(tmp_path, [parse_xmlcalendar(xml, "2027.xml")])
        cal = WorkCalendar.from_settings(Organization(), loaded_dir=tmp_path)
        with capture_logs() as logs:
            # 3 May 2027 is a working Monday in this (made-up) calendar, 2 May a Sunday.
            assert cal.add_working(kam("2027-04-30 16:00"), 2 * H) == kam("2027-05-03 10:00")
        assert not [e for e in logs if e["event"] == "calendar.year_missing"]
        assert cal.production.year(2027).origin == "loaded"

    def test_loaded_year_overrides_built_in(self, tmp_path: Path) -> None:
        """A loaded 2025 wins over the built-in 2025 (here: 7 March is no longer shortened)."""
        body = json.loads(dumps_years([builtin_years()[2025]]))
        body["years"]["2025"]["short"].remove("03-07")
        (tmp_path / "2025.json").write_text(json.dumps(body), encoding="utf-8")
        cal = WorkCalendar.from_settings(Organization(), loaded_dir=tmp_path)
        assert cal.add_working(kam("2025-03-07 16:00"), 2 * H) == kam("2025-03-07 18:00")

    def test_missing_directory_means_no_loaded_years(self, tmp_path: Path) -> None:
        """A calendar directory that does not exist yet is not an error."""
        cal = WorkCalendar.from_settings(Organization(), loaded_dir=tmp_path / "absent")
        assert cal.production.year(2025).origin == "builtin"

    def test_corrupt_loaded_file_is_reported(self, tmp_path: Path) -> None:
        """A damaged file in the calendar directory stops with its name, not a silent fallback."""
        (tmp_path / "2027.json").write_text("{not json", encoding="utf-8")
        with pytest.raises(CalendarDataError, match=r"2027\.json"):
            ProductionCalendar.from_directory(tmp_path)


class TestFormats:
    def test_official_xml_equals_built_in_year(self) -> None:
        """The published 2025 XML reads into exactly the built-in 2025 calendar."""
        parsed = parse_xmlcalendar(XML_2025)
        assert parsed == builtin_years()[2025]
        assert date(2025, 11, 1) in parsed.working_weekends and date(2025, 11, 1) in parsed.short

    def test_own_json_round_trips(self, tmp_path: Path) -> None:
        """A year written in the project's format reads back unchanged, from a file too."""
        years = [builtin_years()[2024], builtin_years()[2026]]
        path = tmp_path / "two.json"
        path.write_text(dumps_years(years), encoding="utf-8")
        assert read_calendar_file(path) == years
        assert years_from_json(json.loads(dumps_years(years))) == years

    def test_single_year_json_with_iso_dates(self) -> None:
        """A one-year object with full ISO dates is accepted too."""
        (y,) = years_from_json({"year": 2027, "days_off": ["2027-01-01", "01-02"], "short": ["2027-12-31"]})
        assert y.year == 2027 and y.days_off == frozenset(_days(2027, "01-01", "01-02"))

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("<calendar year='2027'><days><day d='01.01' t='1'/>", "не является корректным XML"),
            ("<kalendar year='2027'/>", "корневой элемент"),
            ("<calendar><days/></calendar>", "нет атрибута year"),
            ("<calendar year='27'><days/></calendar>", "четырёх цифр"),
            ("<calendar year='2027'></calendar>", "нет элемента <days>"),
            ("<calendar year='2027'><days><day d='1.1' t='1'/></days></calendar>", "ММ.ДД"),
            ("<calendar year='2027'><days><day d='02.30' t='1'/></days></calendar>", "такой даты нет"),
            ("<calendar year='2027'><days><day d='01.01' t='7'/></days></calendar>", "t должен быть"),
            ("<calendar year='2027'><days><day d='01.01' t='1'/><day d='01.01' t='1'/></days></calendar>", "дважды"),
            ("<calendar year='2027'><days><day d='03.07' t='2'/></days></calendar>", "ни одного нерабочего"),
            ("<!DOCTYPE x [<!ENTITY a 'b'>]><calendar year='2027'/>", "DOCTYPE"),
        ],
    )
    def test_malformed_xml_names_the_problem(self, text: str, problem: str) -> None:
        """A broken XML calendar is refused with a message saying what is wrong."""
        with pytest.raises(CalendarDataError, match=problem):
            parse_xmlcalendar(text)

    @pytest.mark.parametrize(
        ("data", "problem"),
        [
            ([], "JSON-объект"),
            ({"format": "other/2", "years": {}}, "не поддерживается"),
            ({"years": {}}, "непустой"),
            ({"years": {"27": {"days_off": ["01-01"]}}}, "четырёх цифр"),
            ({"years": {"2027": {"days_off": ["01-01"], "holidays": []}}}, "неизвестный ключ 'holidays'"),
            ({"years": {"2027": {"short": ["02-22"]}}}, "нет списка days_off"),
            ({"years": {"2027": {"days_off": []}}}, "список пуст"),
            ({"years": {"2027": {"days_off": ["2026-01-01"]}}}, "не из 2027 года"),
            ({"years": {"2027": {"days_off": ["13-01"]}}}, "такой даты нет"),
            ({"years": {"2027": {"days_off": [1]}}}, "строкой"),
            ({"years": {"2027": {"days_off": ["01-01"], "working_weekends": ["01-01"]}}}, "и рабочим выходным"),
            ({"years": {"2027": {"days_off": ["01-01"], "short": ["01-01"]}}}, "и сокращённым"),
        ],
    )
    def test_malformed_json_names_the_problem(self, data: object, problem: str) -> None:
        """A broken JSON calendar is refused with a message saying what is wrong."""
        with pytest.raises(CalendarDataError, match=problem):
            years_from_json(data)
