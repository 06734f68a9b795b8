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
- Every export writes an access-log row (PIPL): who, which file, how many
  rows, the filters, when and from which address. Pass ``request`` so the
  address and the filters are logged.
"""

import csv
import datetime
import io
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

from villages import access_log
from villages.models import AccessLog

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


class _Counted:
    """The rows, counting them as they are written (for the access log); ``every``
    (a callable given the count so far) is called every ``PROGRESS_EVERY`` rows."""

    PROGRESS_EVERY = 500

    def __init__(self, rows, every=None):
        self._rows = rows
        self._every = every
        self.count = 0

    def __iter__(self):
        for row in self._rows:
            self.count += 1
            if self._every is not None and self.count % self.PROGRESS_EVERY == 0:
                self._every(self.count)
            yield row


def _file_name(name, fmt):
    return f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"


def export_file(*, name, columns, objects: Iterable, fmt="xlsx", every=None):
    """(file, rows, file name): ``objects`` as an xlsx or a CSV in a temporary file,
    for the background worker, which stores it (a register too long for a request).
    ``every`` is given the number of rows written so far, now and then."""
    name = str(name)
    headers = [capfirst(str(c.header)) for c in columns]
    rows = _Counted(([safe(c.value(obj)) for c in columns] for obj in objects), every)
    if fmt == "csv":
        file = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (returned)
        text = io.TextIOWrapper(file, encoding="utf-8", newline="")
        text.write("\ufeff")  # how Excel on Chinese Windows recognises UTF-8
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows(rows)
        text.flush()
        text.detach()  # the caller closes the file itself
        file.seek(0)
    else:
        sheet = Sheet(
            title=name, headers=headers, rows=rows, widths=tuple(c.width for c in columns)
        )
        file = _spooled([sheet])
    return file, rows.count, _file_name(name, fmt)


def export_response(
    fmt, *, name, columns, objects: Iterable, user=None, request=None, model=None, notes=()
):
    """A download of ``objects`` as the ``columns`` show them, in ``fmt`` (xlsx or csv).

    ``name`` (translated) names the file and the sheet; an unknown format is a 404.
    ``notes`` (``[(figure, definition)]``) say what the columns count: the
    workbook holds them in a second sheet (a CSV is one table: the data alone).
    The export is logged (``request`` gives the address and the filters,
    ``model`` the kind of rows when ``objects`` is a plain iterator).
    """
    if fmt not in FORMATS:
        raise Http404
    name = str(name)
    headers = [capfirst(str(c.header)) for c in columns]
    rows = _Counted([safe(c.value(obj)) for c in columns] for obj in objects)
    filename = _file_name(name, fmt)
    model = model or getattr(objects, "model", None)
    log = {
        "request": request,
        "user": user,
        "what": filename,
        "model": model._meta.label_lower if model is not None else "",
    }
    if fmt == "xlsx":
        response = _xlsx(name, filename, headers, [c.width for c in columns], rows, notes)
        access_log.record_export(rows=rows.count, **log)
        return response
    # The CSV streams: log the export before the first byte, the row count after the last.
    entry = access_log.record_export(rows=None, **log)

    def counted():
        AccessLog.objects.filter(pk=entry.pk).update(rows=rows.count)

    return _csv(filename, headers, rows, done=counted)


def _xlsx(name, filename, headers, widths, rows, notes=()):
    sheets = [Sheet(title=name, headers=headers, rows=rows, widths=widths)]
    if notes:
        sheets.append(
            Sheet(
                title=gettext("Definitions"),
                headers=[gettext("Figure"), gettext("Definition")],
                rows=[[safe(label), safe(text)] for label, text in notes],
                widths=(24, 90),
            )
        )
    return _workbook(sheets, filename)


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: ``rows`` are cell values already made ``safe``.

    ``formats`` gives a column's Excel number format (e.g. ``PERCENT``), or None.
    """

    title: str
    headers: list
    rows: Iterable
    widths: tuple = ()
    formats: tuple = ()


PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"


def _append_sheet(workbook, sheet):
    title = str(sheet.title).translate(SHEET_TITLE_FORBIDDEN)[:31] or "Sheet1"
    target = workbook.create_sheet(title=title)
    for index, width in enumerate(sheet.widths):
        target.column_dimensions[get_column_letter(index + 1)].width = width
    target.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for text in sheet.headers:
        cell = WriteOnlyCell(target, value=text)
        cell.font = bold
        header_cells.append(cell)
    target.append(header_cells)
    formats = list(sheet.formats)
    for row in sheet.rows:
        if formats:
            row = [_formatted(target, value, fmt) for value, fmt in zip(row, formats, strict=False)]
        target.append(row)


def _formatted(sheet, value, fmt):
    """The value as a cell with ``fmt`` (a date keeps a date's format), or as it is."""
    if isinstance(value, datetime.datetime):
        fmt = DATETIME
    elif isinstance(value, datetime.date):
        fmt = DATE
    if not fmt or value == "":
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = fmt
    return cell


def _spooled(sheets):
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _append_sheet(workbook, sheet)
    # A write-only workbook is zipped on save: spool it to a temporary file
    # (on disk once large) rather than build it in memory.
    file = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (the caller closes it)
    workbook.save(file)
    file.seek(0)
    return file


def _workbook(sheets, filename):
    file = _spooled(sheets)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


def workbook_file(sheets):
    """(file, rows): an xlsx of ``sheets`` (values made ``safe`` here) in a temporary
    file, and how many rows it holds. For the background worker, which stores it."""
    counted = [_Counted([safe(value) for value in row] for row in sheet.rows) for sheet in sheets]
    sheets = [
        Sheet(sheet.title, sheet.headers, rows, sheet.widths, sheet.formats)
        for sheet, rows in zip(sheets, counted, strict=True)
    ]
    file = _spooled(sheets)
    return file, sum(rows.count for rows in counted)


def workbook_response(*, filename, sheets, user=None, request=None, model=""):
    """One xlsx of several ``Sheet``s (values made ``safe`` here), spooled and streamed.

    Logged like ``export_response``: one entry, the rows of every sheet counted.
    """
    file, rows = workbook_file(sheets)
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)
    access_log.record_export(request=request, user=user, what=filename, rows=rows, model=model)
    return response


def csv_response(*, filename, headers, rows, user=None, request=None, model=""):
    """One table as a streamed CSV (values made ``safe`` here), logged like ``export_response``."""
    rows = _Counted([safe(value) for value in row] for row in rows)
    entry = access_log.record_export(
        request=request, user=user, what=filename, rows=None, model=model
    )

    def counted():
        AccessLog.objects.filter(pk=entry.pk).update(rows=rows.count)

    return _csv(filename, [str(h) for h in headers], rows, done=counted)


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


def _csv(filename, headers, rows, *, done):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        for row in rows:
            yield writer.writerow(row)
        done()

    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
