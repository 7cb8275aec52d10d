"""A long table's sheet written as XML directly, for the list of a month's cards.

openpyxl spends microseconds on every cell; a month of 50,000 cards is half a million cells.
The workbook is still made by openpyxl (styles, the other sheets, the charts); it holds a
placeholder sheet whose XML is then replaced, in the saved package, by rows written here:
numbers, dates (as Excel serial numbers in the workbook's own date style) and inline strings.
Characters XML cannot carry (control characters a social network may pass on) are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)
_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _serial(value: datetime | date, tz: Any = None) -> str:
    """Excel's serial number of an instant (an aware one read in ``tz``, local time) or a date."""
    if isinstance(value, datetime):
        if tz is not None and value.tzinfo is not None:
            value = value.astimezone(tz)
        delta = value.replace(tzinfo=None) - _EPOCH
    else:
        delta = datetime.combine(value, datetime.min.time()) - _EPOCH
    return repr(delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400)


_SHORT: dict[str, str] = {}  # labels repeat on every row: escaped once


def _text(value: str) -> str:
    if len(value) <= 60:
        done = _SHORT.get(value)
        if done is None:
            if len(_SHORT) > 10_000:
                _SHORT.clear()
            done = _SHORT[value] = escape(_ILLEGAL.sub("", value))
        return done
    return escape(_ILLEGAL.sub("", value))


def sheet_xml(title: str | None, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float], *,
              bold_style: int, date_style: int, tz: Any = None) -> Iterable[bytes]:
    """The sheet's XML in chunks: the title and the bold header frozen at the top, then the rows
    (naive instants as they are, aware ones read in ``tz``)."""
    letters = [get_column_letter(i + 1) for i in range(len(header))]
    top = 2 if title else 1
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    yield (f'{_HEAD}<sheetViews><sheetView workbookViewId="0"><pane ySplit="{top}" topLeftCell="A{top + 1}" '
           f'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>{cols}</cols><sheetData>').encode()
    if title:
        yield f'<row r="1"><c r="A1" s="{bold_style}" t="inlineStr"><is><t>{_text(title)}</t></is></c></row>'.encode()
    cells = "".join(f'<c r="{c}{top}" s="{bold_style}" t="inlineStr"><is><t>{_text(h)}</t></is></c>'
                    for c, h in zip(letters, header, strict=True))
    yield f'<row r="{top}">{cells}</row>'.encode()
    chunk: list[str] = []
    dated = f' s="{date_style}"><v>'
    for n, row in enumerate(rows, start=top + 1):
        # Cells carry no reference (``r`` is optional): an empty one is an empty <c/>, so each
        # value stays in its column. One type lookup per value; labels are escaped once.
        parts = [f'<row r="{n}">']
        for value in row:
            kind = type(value)
            if value is None or value == "":
                parts.append("<c/>")
            elif kind is str:
                parts.append(f'<c t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>')
            elif kind is bool:
                parts.append(f'<c t="inlineStr"><is><t>{"да" if value else "нет"}</t></is></c>')
            elif kind is int or kind is float:
                parts.append(f"<c><v>{value}</v></c>")
            elif isinstance(value, (datetime, date)):
                parts.append(f"<c{dated}{_serial(value, tz)}</v></c>")
            elif isinstance(value, (int, float)):
                parts.append(f"<c><v>{value}</v></c>")
            else:
                parts.append(f'<c t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>')
        parts.append("</row>")
        chunk.append("".join(parts))
        if len(chunk) >= 2000:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + "</sheetData></worksheet>").encode()


def replace_sheet(package: bytes, sheet_number: int, xml: Iterable[bytes]) -> bytes:
    """The XLSX ``package`` with ``xl/worksheets/sheet{N}.xml`` replaced by ``xml``."""
    target = f"xl/worksheets/sheet{sheet_number}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        names = src.namelist()
        if target not in names:
            raise ValueError(f"{target} is not in the workbook")
        for name in names:
            if name == target:
                with dst.open(name, "w") as stream:
                    for piece in xml:
                        stream.write(piece)
            else:
                dst.writestr(src.getinfo(name), src.read(name))
    return out.getvalue()
