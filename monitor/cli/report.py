"""``otklik report``: the head's documents written to a folder (pp. 22-24).

``otklik report monthly --month 2026-11 --out DIR [--format docx,xlsx,agency]`` writes the
monthly summary with the analytical note (DOCX, XLSX; the default) and, with ``agency``, the
month's cards for the regional agency (XLSX and JSON);
``otklik report kpi --from 2026-11-01 --to 2026-11-30 --out DIR`` the performance figures of
p. 22 for any period.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.app.context import context_from_args
from monitor.cli.boundary import EXIT_BAD_INPUT
from monitor.core.logs import get_logger


def _formats(allowed: Sequence[str]):
    def parse(value: str) -> tuple[str, ...]:
        names = tuple(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))
        unknown = [n for n in names if n not in allowed]
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"неизвестный формат {', '.join(unknown) or '(пусто)'}; "
                                             f"допустимо: {', '.join(allowed)}")
        return names

    return parse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from monitor.reports.files import KPI_FORMATS, MONTHLY_DEFAULT, MONTHLY_FORMATS

    p = sub.add_parser("report", help="отчёты для главы: сводная информация за месяц, показатели (пп. 22-24)")
    kinds = p.add_subparsers(dest="report", metavar="ВИД", title="виды отчётов")
    kinds.required = True
    m = kinds.add_parser("monthly", help="сводная информация и аналитическая справка за месяц")
    m.add_argument("--month", required=True, metavar="ГГГГ-ММ", help="месяц, например 2026-11")
    m.add_argument("--out", required=True, type=Path, metavar="ПАПКА", help="папка для файлов")
    m.add_argument("--format", type=_formats(MONTHLY_FORMATS), default=MONTHLY_DEFAULT, metavar="СПИСОК",
                   help=f"через запятую из {','.join(MONTHLY_FORMATS)} (agency: карточки месяца в XLSX и JSON "
                        f"для регионального агентства); по умолчанию {','.join(MONTHLY_DEFAULT)}")
    m.set_defaults(func=_monthly)
    k = kinds.add_parser("kpi", help="показатели для оценки эффективности (п. 22) за любой период")
    k.add_argument("--from", dest="first", required=True, metavar="ДАТА", help="первый день, ГГГГ-ММ-ДД")
    k.add_argument("--to", dest="last", required=True, metavar="ДАТА", help="последний день, ГГГГ-ММ-ДД")
    k.add_argument("--out", required=True, type=Path, metavar="ПАПКА", help="папка для файлов")
    k.add_argument("--format", type=_formats(KPI_FORMATS), default=KPI_FORMATS, metavar="СПИСОК",
                   help=f"через запятую из {','.join(KPI_FORMATS)}; по умолчанию оба")
    k.set_defaults(func=_kpi)


def _run(args: argparse.Namespace, kind: str) -> int:
    from monitor.core.gc_pause import survivors_set_aside  # the loaded rows, while the documents are made
    from monitor.reports import files
    from monitor.reports.monthly import kpi_report, monthly_report
    from monitor.reports.period import parse_month, parse_period

    ctx = context_from_args(args)
    tz = ZoneInfo(ctx.settings.organization.timezone)
    try:
        period = parse_month(args.month, tz) if kind == "monthly" else parse_period(args.first, args.last, tz)
    except ValueError as exc:
        print(f"otklik report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with ctx.sessions() as session:
            now = ctx.clock.now()
            if kind == "monthly":
                report = monthly_report(session, ctx.settings, ctx.calendar, period, now)
                with survivors_set_aside():
                    content = files.monthly_files(report, args.format)
            else:
                kpi = kpi_report(session, ctx.settings, ctx.calendar, period, now)
                with survivors_set_aside():
                    content = files.kpi_files(kpi, args.format)
        paths = files.write(content, args.out)
    finally:
        ctx.close()
    get_logger().info("report.written", kind=kind, period=period.code(), files=[p.name for p in paths])
    print(f"Отчёт {period.title_genitive()} записан:")
    for path in paths:
        print(f"  {path}")
    return 0


def _monthly(args: argparse.Namespace) -> int:
    return _run(args, "monthly")


def _kpi(args: argparse.Namespace) -> int:
    return _run(args, "kpi")
