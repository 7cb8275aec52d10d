"""``otklik deadline`` and ``otklik calendar load|show``: the working-time calendar from a shell.

``deadline`` prints one ISO 8601 instant with its offset; ``calendar load`` stores an official
production calendar (xmlcalendar.ru XML or the project's JSON) for the service to use instead of
the built-in, decreed or art. 112 one; ``calendar show`` prints a year as the service sees it. Mistakes in the
input give one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

from monitor.cli.boundary import EXIT_BAD_INPUT
from monitor.core.settings import Settings, load_settings
from monitor.workcal import (
    CalendarDataError,
    WorkCalendar,
    dumps_years,
    loaded_calendar_dir,
    read_calendar_file,
    store_years,
)
from monitor.workcal.production import LOADED_DIR as DEFAULT_CALENDAR_DIR
from monitor.workcal.statutory import missing_statutory_holidays

WEEKDAYS_RU = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
MONTHS_RU = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)
ORIGIN_RU = {
    "builtin": "встроенный",
    "loaded": "загружен администратором",
    "decreed": "официальный не загружен: переносы по постановлению Правительства, сокращённые дни по ст. 95 ТК РФ",
    "statutory": "официальный не загружен: только праздники ст. 112 ТК РФ",
}


class BadInput(Exception):
    """The command line is wrong; the message is one Russian line for the person who typed it."""


def _one_line_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """argparse mistakes as one line on stderr and exit code 2, like every other input error."""

    def error(message: str) -> NoReturn:
        print(f"{parser.prog}: ошибка: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)

    parser.error = error  # type: ignore[method-assign]
    return parser


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _one_line_errors(sub.add_parser("deadline", help="срок: начало плюс рабочие часы, минуты или дни"))
    p.add_argument("--start", help="начало отсчёта, ISO 8601; без смещения — в часовом поясе организации")
    p.add_argument("--hours", help="рабочих часов (можно дробное: 1.5)")
    p.add_argument("--minutes", help="рабочих минут")
    p.add_argument("--working-days", dest="working_days", help="рабочих дней: срок — конец D-го рабочего дня")
    p.add_argument("--calendar-time", action="store_true", help="считать часы и минуты календарным временем")
    p.add_argument("--dir", default=None, help=f"каталог загруженных календарей (по умолчанию {DEFAULT_CALENDAR_DIR})")
    p.set_defaults(func=deadline)

    cal = _one_line_errors(sub.add_parser("calendar", help="производственный календарь: загрузить, показать"))
    actions = cal.add_subparsers(dest="calendar_action", metavar="ДЕЙСТВИЕ", title="действия")
    actions.required = True
    load = _one_line_errors(actions.add_parser(
        "load", help="загрузить официальный календарь (XML xmlcalendar.ru или JSON)"))
    load.add_argument("file", metavar="ФАЙЛ", help="календарь: XML xmlcalendar.ru или JSON проекта")
    load.add_argument("--dir", default=None, help=f"куда сохранить (по умолчанию {DEFAULT_CALENDAR_DIR})")
    load.set_defaults(func=calendar_load)
    show = _one_line_errors(actions.add_parser("show", help="показать календарь года"))
    show.add_argument("year", metavar="ГОД", help="год, например 2026")
    show.add_argument("--dir", default=None,
                      help=f"каталог загруженных календарей (по умолчанию {DEFAULT_CALENDAR_DIR})")
    show.add_argument("--json", action="store_true", help="вывести год в формате JSON проекта")
    show.set_defaults(func=calendar_show)


def calendar_dir(settings: Settings, given: str | None) -> Path:
    """Where loaded calendars live: ``--dir`` or ``var/calendar`` beside settings.yaml."""
    return Path(given) if given else loaded_calendar_dir(settings)


def _fail(command: str, message: str) -> int:
    print(f"otklik {command}: ошибка: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


# --- deadline --------------------------------------------------------------------------------


def parse_start(text: str | None, tz: ZoneInfo) -> datetime:
    """An ISO 8601 instant; one without an offset is read in the organization's zone."""
    if not text:
        raise BadInput("укажите начало отсчёта: --start 2026-12-01T09:00")
    try:
        start = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"--start: «{text}» — не дата и время ISO 8601 (например 2026-12-01T09:00 или 2026-12-01T09:00+12:00)"
        ) from None
    if start.tzinfo is None:
        return start.replace(tzinfo=tz)
    return start


def _amount(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise BadInput(f"{option}: «{text}» — не число") from None
    if not value.is_finite():
        raise BadInput(f"{option}: «{text}» — не число")
    if value < 0:
        raise BadInput(f"{option}: срок не может быть отрицательным")
    return value


def parse_duration(args: argparse.Namespace) -> timedelta | int:
    """The requested duration: a timedelta for hours/minutes, an int for working days."""
    given = [name for name in ("hours", "minutes", "working_days") if getattr(args, name) is not None]
    if len(given) != 1:
        raise BadInput("укажите ровно одно из --hours, --minutes, --working-days")
    if given[0] == "working_days":
        text = args.working_days.strip()
        if not text.isdigit():
            raise BadInput(f"--working-days: «{args.working_days}» — ожидается целое число дней, 0 или больше")
        if args.calendar_time:
            raise BadInput("--calendar-time нельзя сочетать с --working-days: "
                           "рабочие дни считаются по рабочему календарю")
        return int(text)
    option = "--hours" if given[0] == "hours" else "--minutes"
    amount = _amount(getattr(args, given[0]), option)
    seconds = amount * (3600 if given[0] == "hours" else 60)
    try:
        return timedelta(microseconds=int((seconds * 1_000_000).to_integral_value()))
    except OverflowError:
        raise BadInput(f"{option}: слишком большой срок") from None


def format_instant(at: datetime) -> str:
    """ISO 8601 with the offset, seconds shown, fractions only when there are any."""
    return at.isoformat(timespec="seconds" if at.microsecond == 0 else "microseconds")


def deadline(args: argparse.Namespace) -> int:
    settings = load_settings(args.settings)
    try:
        calendar = WorkCalendar.from_settings(settings.organization, loaded_dir=calendar_dir(settings, args.dir))
        start = parse_start(args.start, calendar.tz)
        duration = parse_duration(args)
        if isinstance(duration, int):
            due = calendar.add_working_days(start, duration)
        else:
            due = calendar.add(start, duration, working=not args.calendar_time)
    except BadInput as exc:
        return _fail("deadline", str(exc))
    except CalendarDataError as exc:
        return _fail("deadline", f"календарь: {exc}")
    except (ValueError, OverflowError) as exc:
        return _fail("deadline", f"срок не вычислить: {exc}")
    print(format_instant(due))
    return 0


# --- calendar load / show --------------------------------------------------------------------


def calendar_load(args: argparse.Namespace) -> int:
    settings = load_settings(args.settings)
    path = Path(args.file)
    try:
        years = read_calendar_file(path)
        for year in years:
            missing = missing_statutory_holidays(year)
            if missing:
                raise CalendarDataError(
                    f"в календаре {year.year} года день {missing[0].strftime('%d.%m')} не отмечен нерабочим, "
                    "а это праздник по ст. 112 ТК РФ — проверьте год и файл"
                )
    except CalendarDataError as exc:
        return _fail("calendar load", f"{path}: {exc}")
    target = calendar_dir(settings, args.dir)
    try:
        written = store_years(target, years)
    except OSError as exc:
        return _fail("calendar load", f"не удалось записать в {target}: {exc.strerror}")
    for year, file in zip(sorted(years, key=lambda y: y.year), written, strict=False):
        print(
            f"Календарь на {year.year} год загружен из {path.name} в {file}: "
            f"нерабочих будних дней {len(year.holidays_on_weekdays())}, "
            f"рабочих выходных {len(year.working_weekends)}, сокращённых {len(year.short)}."
        )
    return 0


def _day_list(days: set[date] | frozenset[date]) -> str:
    return ", ".join(f"{d.strftime('%d.%m')} {WEEKDAYS_RU[d.weekday()]}" for d in sorted(days)) or "нет"


def calendar_show(args: argparse.Namespace) -> int:
    settings = load_settings(args.settings)
    if not str(args.year).isdigit() or len(str(args.year)) != 4:
        return _fail("calendar show", f"«{args.year}» — ожидается год, например 2026")
    year = int(args.year)
    try:
        calendar = WorkCalendar.from_settings(settings.organization, loaded_dir=calendar_dir(settings, args.dir))
        production = calendar.production.year(year)
    except CalendarDataError as exc:
        return _fail("calendar show", str(exc))
    if args.json:
        sys.stdout.write(dumps_years([production], source=production.source))
        return 0
    lines = [f"Производственный календарь на {year} год — {ORIGIN_RU[production.origin]}"]
    if production.origin in ("builtin", "loaded", "decreed") and production.source:
        lines[0] += f" ({production.source})"
    lines += [
        f"Нерабочие дни в будни: {_day_list(production.holidays_on_weekdays())}",
        f"Рабочие выходные дни: {_day_list(production.working_weekends)}",
        f"Сокращённые предпраздничные дни: {_day_list(production.short)}",
    ]
    org = settings.organization
    local_off = {d for d in map(date.fromisoformat, org.extra_days_off) if d.year == year}
    local_work = {d for d in map(date.fromisoformat, org.extra_workdays) if d.year == year}
    if local_off or local_work:
        lines.append(f"Местные выходные: {_day_list(local_off)}; местные рабочие дни: {_day_list(local_work)}")
    lines.append("По графику организации (месяц: рабочих дней, рабочих часов):")
    total_days, total = 0, timedelta(0)
    for month in range(1, 13):
        days, worked = _month_totals(calendar, year, month)
        total_days, total = total_days + days, total + worked
        lines.append(f"  {MONTHS_RU[month - 1]}: {days}, {_hours(worked)}")
    lines.append(f"  за год: {total_days}, {_hours(total)}")
    if production.origin in ("decreed", "statutory"):
        lines.append("Загрузите официальный календарь: otklik calendar load FILE")
    print("\n".join(lines))
    return 0


def _month_totals(calendar: WorkCalendar, year: int, month: int) -> tuple[int, timedelta]:
    day, days, worked = date(year, month, 1), 0, timedelta(0)
    while day.month == month:
        on_day = calendar.working_time_on(day)
        if on_day:
            days += 1
            worked += on_day
        day += timedelta(days=1)
    return days, worked


def _hours(worked: timedelta) -> str:
    minutes = int(worked.total_seconds()) // 60
    return f"{minutes // 60} ч" + (f" {minutes % 60} мин" if minutes % 60 else "")
