"""Reading an uploaded sheet into numbered rows, and turning its cells into values.

A file is judged by its bytes, not its name: an xlsx is a zip that openpyxl
streams in read-only mode; a CSV is text in UTF-8 (with or without BOM),
UTF-16 (Excel's "Unicode text") or GB18030 (what Excel on a Chinese Windows
saves). A problem with the whole file raises ``FileRefused``; a problem with a
cell is recorded on its ``Row`` with the row number and the column's header,
so the preview can list every one of them.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from villages.validators import normalise_phone, validate_phone
from villages.wording import colon
from villages.wording import listing as listing_names

XLSX_MAGIC = b"PK\x03\x04"
# Old .xls workbooks, and .xlsx files protected by a password, are OLE containers.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CSV_SUFFIXES = (".csv", ".txt")
# Sheets often carry a title row ("石门乡农户花名册") or two above the header.
HEADER_SEARCH_ROWS = 5
MAX_COLUMNS = 60
# Columns clerks keep in their own sheets that carry nothing to import.
IGNORED_HEADERS = frozenset(
    {"序号", "编号", "备注", "no", "no.", "#", "note", "notes", "remark", "remarks"}
)
SEPARATORS = re.compile(r"[、,，;；]+")
WORD_SEPARATORS = re.compile(r"[\s/]+")
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1949, 2100
# Blank rows are not counted against the row cap, but a sheet of a million
# formatted blank rows must not be walked to its end either.
MAX_BLANK_ROWS = 10_000
# A zip bomb: a few kilobytes that unpack to gigabytes of sheet XML.
DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000


class FileRefused(Exception):
    """The file as a whole cannot be read; ``message`` tells the user why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number in the sheet; None for the whole file
    column: str  # the column's header as the user sees it; "" for the whole row or file
    message: str


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: refused, since its value is whatever Excel last computed."""

    text: str


@dataclass(frozen=True)
class Column:
    key: str
    zh: str  # the template's header; a file may use either language, or an alias
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: object = ""  # a lazy text for the template's instructions

    def headers(self):
        return (self.zh, self.en, *self.aliases)

    @property
    def title(self):
        """The header in the interface's language."""
        return self.zh if (get_language() or "zh").startswith("zh") else self.en


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


def compact(text):
    """A name without the spaces sheets pad two-character names with (张  三)."""
    return "".join((text or "").split())


def header_index(columns):
    """{normalised header: column} for every header a kind accepts."""
    return {normalise_header(h): column for column in columns for h in column.headers()}


def read_sheet(data, filename, *, columns, max_rows):
    """The sheet holding the kind's header, its header row and its non-blank data rows."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileRefused(_("The file is empty."))
    name = (filename or "").lower()
    if data.startswith(XLSX_MAGIC):
        sheets = _xlsx_sheets(data)
    elif data.startswith(OLE_MAGIC):
        raise FileRefused(
            _(
                "Old .xls workbooks and workbooks protected by a password cannot be read. "
                "Open the file in Excel and save it as “Excel Workbook (*.xlsx)” "
                "without a password."
            )
        )
    elif name.endswith(EXCEL_SUFFIXES):
        raise FileRefused(_not_excel())
    elif name.endswith(CSV_SUFFIXES):
        sheets = iter([_csv_rows(_decode(data))])
    else:
        raise FileRefused(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
    try:
        return _collect(sheets, header_index(columns), max_rows)
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


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise FileRefused(
        _(
            "This file is not a CSV text file, or its encoding is not recognised. "
            "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”."
        )
    )


def _looks_binary(text):
    sample = text[:4096]
    return any(ord(ch) < 32 and ch not in "\t\r\n" for ch in sample)


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


def cell_text(value):
    """What a cell holds, as the text a clerk would read in it."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 13912345678.0, from a phone typed into a number cell
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value):
    """A date from a date cell, an Excel serial number or text like 2026-03-01 / 2026年3月1日."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            return None
        if 10_000_000 <= value <= 99_999_999:
            return parse_date(str(int(value)))
        try:
            day = from_excel(value).date()
        except (ValueError, OverflowError, AttributeError):
            return None
    else:
        text = unicodedata.normalize("NFKC", cell_text(value))
        match = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
        if match is None:
            return None
        try:
            day = datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def listing(choices):
    """The labels a clerk may write, in the interface's language: 站长、副站长…"""
    separator = "、" if (get_language() or "zh").startswith("zh") else ", "
    return separator.join(str(label) for _value, label in choices.choices)


def choice_key(text):
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or "")).lower()


class Row:
    """One data row: its cells by column key, and the problems found in it.

    The getters return a clean value, or a blank one after recording a
    problem; a kind checks ``row.failed`` once it has read every cell.
    """

    def __init__(self, number, values, titles):
        self.number = number
        self._values = values  # {column key: raw cell}, only the columns the file has
        self._titles = titles
        self.problems = []
        self._bad = set()
        for key, value in values.items():
            if isinstance(value, Formula):
                self.error(
                    key,
                    _(
                        "This cell holds a formula (%(formula)s). Formulas are not imported: "
                        "copy the column and paste it back as values."
                    )
                    % {"formula": value.text[:40]},
                )

    @property
    def failed(self):
        return bool(self.problems)

    def has(self, key):
        """Whether the file has this column at all (a missing optional column changes nothing)."""
        return key in self._values

    def bad(self, *keys):
        """Whether any of these columns already has a problem on this row."""
        return not self._bad.isdisjoint(keys)

    def error(self, key, message):
        self._bad.add(key)
        self.problems.append(Problem(self.number, self._titles.get(key, ""), str(message)))

    def _raw(self, key):
        value = self._values.get(key)
        return None if isinstance(value, Formula) else value

    def _is_formula(self, key):
        return isinstance(self._values.get(key), Formula)

    def text(self, key, *, required=False, max_length=None, name=False):
        """Stripped text; ``name`` drops inner spaces too."""
        text = cell_text(self._raw(key))
        if name:
            text = compact(text)
        if not text:
            if required and not self._is_formula(key):
                self.error(key, _("This cell is required but empty."))
            return ""
        if max_length is not None and len(text) > max_length:
            self.error(
                key,
                _("Too long: at most %(limit)s characters, this one has %(count)s.")
                % {"limit": max_length, "count": len(text)},
            )
            return ""
        return text

    def phone(self, key):
        text = self.text(key)
        value = normalise_phone(unicodedata.normalize("NFKC", text))
        if not value:
            return ""
        try:
            validate_phone(value)
        except ValidationError as error:
            self.error(key, f"“{text}”{colon()}{error.messages[0]}")
            return ""
        return value

    def integer(self, key, *, minimum, maximum, unit=""):
        """A whole number in range, or None when the cell is blank (or wrong)."""
        raw = self._raw(key)
        text = unicodedata.normalize("NFKC", cell_text(raw)).removesuffix(unit).strip()
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not minimum <= number <= maximum:
            self.error(
                key,
                _("“%(value)s” is not a whole number from %(min)s to %(max)s.")
                % {"value": cell_text(raw), "min": minimum, "max": maximum},
            )
            return None
        return number

    def date(self, key, *, required=False):
        raw = self._raw(key)
        if not cell_text(raw):
            if required and not self._is_formula(key):
                self.error(key, _("This cell is required but empty."))
            return None
        day = parse_date(raw)
        if day is None:
            self.error(
                key,
                _("“%(value)s” is not a date; write it like 2026-03-01.")
                % {"value": cell_text(raw)},
            )
        return day

    def choice(self, key, choices, *, allowed):
        """The value ``choices`` ({choice_key(label): value}) holds for the cell, or None.

        ``allowed`` is the TextChoices the message lists when the cell holds something else.
        """
        text = self.text(key)
        if not text:
            return None
        value = choices.get(choice_key(text))
        if value is None:
            self.error(
                key,
                _("Unknown value “%(value)s”. Use one of: %(allowed)s.")
                % {"value": text, "allowed": listing(allowed)},
            )
        return value

    def choice_set(self, key, choices, *, allowed):
        """Several values separated by 、 or commas; an empty set for a blank cell."""
        found, unknown = set(), []
        for part in SEPARATORS.split(self.text(key)):
            # "hardship household" and 老党员/老干部/老模范 are one value each;
            # "困难户 低保户" and 困难户/低保户 are two.
            value = choices.get(choice_key(part))
            words = [part] if value is not None else WORD_SEPARATORS.split(part)
            for word in filter(None, words):
                value = choices.get(choice_key(word))
                if value is None:
                    unknown.append(word)
                else:
                    found.add(value)
        if unknown:
            self.error(
                key,
                _("Unknown value “%(value)s”. Use one of: %(allowed)s.")
                % {"value": listing_names(unknown), "allowed": listing(allowed)},
            )
        return found
