"""Registers to Excel (xlsx) and CSV: streamed, with headers in the user's language, safe to open.

Every register exports through ``export_response``: a list of ``Column``s and
the objects to write. Rows are written as they come (an iterator over the
queryset), so memory stays flat however long the register.

- Headers are the translated field names, so an English user gets English headers.
- Numbers and dates stay numbers and dates; everything else is text.
- Text that a spreadsheet would run as a formula (starting with = + - @, a tab
  or a carriage return) gets a leading apostrophe (CSV / formula injection).
- CSV is UTF-8 with a byte-order mark, which is how Excel on Chinese Windows
  recognises UTF-8.
"""

import csv
import datetime
import logging
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) translated string
    value: Callable[[Any], Any]
    width: int = 14


def field(model, name, value=None, *, width=14):
    """A column headed by the field's translated name, holding ``value(obj)``
    (by default the attribute of the same name)."""
    header = model._meta.get_field(name).verbose_name
    return Column(header, value or attrgetter(name), width)


def safe(value):
    """The value as a cell: numbers and dates as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local time the user knows.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def export_response(fmt, *, name, columns, objects: Iterable, user=None):
    """A download of ``objects`` as the ``columns`` show them, in ``fmt`` (xlsx or csv).

    ``name`` (translated) names the file and the sheet; an unknown format is a 404.
    """
    if fmt not in FORMATS:
        raise Http404
    name = str(name)
    headers = [capfirst(str(c.header)) for c in columns]
    rows = ([safe(c.value(obj)) for c in columns] for obj in objects)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    # PIPL: who took personal data out of the system, and what.
    logger.info("export %s by %s", filename, getattr(user, "username", "?"))
    if fmt == "xlsx":
        return _xlsx(name, filename, headers, [c.width for c in columns], rows)
    return _csv(filename, headers, rows)


def _xlsx(name, filename, headers, widths, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=name.translate(SHEET_TITLE_FORBIDDEN)[:31] or "Sheet1")
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    # A write-only workbook is zipped on save: spool it to a temporary file
    # (on disk once large) and stream that, rather than build it in memory.
    file = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


def _csv(filename, headers, rows):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
