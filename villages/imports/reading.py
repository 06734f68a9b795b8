"""Reading an uploaded sheet into numbered rows of cells, as the file holds them.

A file is judged by its bytes, not its name: an xlsx is a zip that openpyxl
streams in read-only mode; an old .xls (an OLE container) and an .ods are read
by calamine (``workbooks``); a CSV is text whose encoding is worked out from
its bytes and its header (``encodings``). A problem with the whole file raises
``FileRefused``; a formula comes back as a ``Formula``, for ``cells.Row`` to
refuse with the row and column.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from villages.imports.encodings import decode
from villages.imports.refusal import FileRefused
from villages.imports.workbooks import calamine_sheets

XLSX_MAGIC = b"PK\x03\x04"
# Old .xls workbooks, and .xlsx files protected by a password, are OLE containers.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
# Sheets often carry a title row ("石门乡农户花名册") or two above the header.
HEADER_SEARCH_ROWS = 5
MAX_COLUMNS = 60
# Columns clerks keep in their own sheets that carry nothing to import.
IGNORED_HEADERS = frozenset(
    {"序号", "编号", "备注", "no", "no.", "#", "note", "notes", "remark", "remarks"}
)
# Blank rows are not counted against the row cap, but a sheet of a million
# formatted blank rows must not be walked to its end either.
MAX_BLANK_ROWS = 10_000
# A zip bomb: a few kilobytes that unpack to gigabytes of sheet XML.
DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: refused, since its value is whatever Excel last computed."""

    text: str


@dataclass
class Sheet:
    header_row: int
    headers: tuple
    rows: list  # [(row number, cell values)], blank rows left out


def normalise_header(value):
    if value is None or isinstance(value, Formula):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s*]", "", text).lower()


def header_index(columns):
    """{normalised header: column} for every header a kind accepts."""
    return {normalise_header(h): column for column in columns for h in column.headers()}


def read_sheet(data, filename, *, columns, max_rows):
    """The sheet holding the kind's header, its header row and its non-blank data rows."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileRefused(_("The file is empty."))
    name = (filename or "").lower()
    known = header_index(columns)
    if data.startswith(XLSX_MAGIC) and _is_ods(data):
        _check_zip(data)
        sheets = calamine_sheets(data)
    elif data.startswith(XLSX_MAGIC):
        sheets = _xlsx_sheets(data)
    elif data.startswith(OLE_MAGIC):
        # An old .xls workbook (Excel 97–2003, WPS), or an .xlsx locked by a password.
        sheets = calamine_sheets(data)
    elif name.endswith(EXCEL_SUFFIXES):
        raise FileRefused(_not_excel())
    elif name.endswith(CSV_SUFFIXES):
        sheets = iter([_csv_rows(decode(data, lambda cell: normalise_header(cell) in known))])
    else:
        raise FileRefused(
            _("Choose an Excel workbook (.xlsx, .xls), an OpenDocument sheet (.ods) or a CSV file.")
        )
    try:
        return _collect(sheets, known, max_rows)
    except FileRefused:
        raise
    except Exception as error:
        # openpyxl reads the XML inside the zip lazily: a damaged sheet fails
        # here, with any of a dozen exception types. None of them is a 500.
        raise FileRefused(_not_excel()) from error


def _not_excel():
    return _(
        "This is not a valid Excel workbook. Open it in Excel (or WPS) and save it as "
        "“Excel Workbook (*.xlsx)”, or save it as CSV."
    )


def _collect(sheets, known, max_rows):
    fallback = None
    for rows in sheets:
        head = []
        for number, values in rows:
            if number > HEADER_SEARCH_ROWS + MAX_BLANK_ROWS:
                break
            if _blank(values):
                continue
            head.append((number, values))
            if len(head) == HEADER_SEARCH_ROWS:
                break
        found = next(
            (i for i, (_n, values) in enumerate(head) if _has_known_header(values, known)), None
        )
        if found is None:
            if fallback is None and head:
                fallback = head
            continue
        header_row, headers = head[found]
        data = [(n, v) for n, v in head[found + 1 :]]
        return _finish(header_row, headers, data, rows, max_rows)
    if fallback is None:
        raise FileRefused(_("The file is empty."))
    # No sheet has a header we know: report against the first non-blank row.
    header_row, headers = fallback[0]
    return Sheet(header_row=header_row, headers=tuple(headers), rows=[])


def _finish(header_row, headers, data, rows, max_rows):
    width = max((i + 1 for i, h in enumerate(headers) if normalise_header(h)), default=0)
    data = [(n, tuple(v[:width])) for n, v in data]
    for number, values in rows:
        if len(data) > max_rows or number > header_row + max_rows + MAX_BLANK_ROWS:
            raise FileRefused(_too_many_rows(max_rows))
        values = tuple(values[:width])
        if not _blank(values):
            data.append((number, values))
    if len(data) > max_rows:
        raise FileRefused(_too_many_rows(max_rows))
    return Sheet(header_row=header_row, headers=tuple(headers[:width]), rows=data)


def _too_many_rows(max_rows):
    return _("The file has more than %(limit)s rows: split it into smaller files.") % {
        "limit": max_rows
    }


def _has_known_header(values, known):
    return any(normalise_header(v) in known for v in values)


def _blank(values):
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _check_zip(data):
    """Refuse a workbook whose zip directory promises more than we will unpack.

    Python's zipfile never inflates a member beyond the size its directory
    entry declares, so checking the declared sizes bounds what openpyxl reads.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise FileRefused(_not_excel()) from error
    limit = getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES)
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > limit:
        raise FileRefused(
            _(
                "This workbook unpacks to more than %(limit)s MB, far more than a register "
                "needs. Copy the rows into a new workbook, or save it as CSV."
            )
            % {"limit": f"{limit / (1024 * 1024):g}"}
        )


def _is_ods(data):
    """An OpenDocument spreadsheet (LibreOffice, WPS): a zip whose first member names it."""
    return b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]


def _xlsx_sheets(data):
    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:
        # A broken zip, a zip that is no workbook (a .docx, an .apk), bad XML...
        raise FileRefused(_not_excel()) from error
    try:
        for sheet in book.worksheets:
            yield _xlsx_rows(sheet)
    finally:
        book.close()


def _xlsx_rows(sheet):
    # Read-only sheets fill the gaps between rows, so the count is the row number.
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        yield number, tuple(_xlsx_value(cell) for cell in cells)


def _xlsx_value(cell):
    if cell.data_type == "f":
        return Formula(str(getattr(cell.value, "text", cell.value)))
    return cell.value


def _csv_rows(text):
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            yield number, tuple(_csv_value(v) for v in values[:MAX_COLUMNS])
    except csv.Error as error:
        raise FileRefused(
            _("Row %(row)s of the CSV file cannot be read: %(error)s")
            % {"row": reader.line_num, "error": error}
        ) from error


def _csv_value(text):
    # Excel would run "=..." as a formula when the file is opened: refuse it as one.
    return Formula(text) if text.startswith("=") else text
