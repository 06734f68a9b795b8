"""Preview and apply an import, the blank template of each kind, and the file kept in between.

Preview checks every row and writes nothing. Apply checks the stored file
again against the register as it is now, and writes only when no row has a
problem: all or nothing, in one transaction. Rows are matched to the register
by a natural key, so applying the same file twice changes nothing.
"""

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from villages.imports.cells import Problem, Row, cell_text
from villages.imports.kinds import KINDS
from villages.imports.reading import (
    IGNORED_HEADERS,
    FileRefused,
    header_index,
    normalise_header,
    read_sheet,
)
from villages.models import Township
from villages.wording import listing as wording_listing

__all__ = ["KINDS", "apply", "preview", "template_workbook"]

UPLOAD_DIR = "imports"
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
# A preview nobody confirmed: its file is removed at the user's next upload.
STALE_AFTER = timedelta(days=1)


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", 20_000)


@dataclass
class Result:
    """What a file holds and what importing it does (or would do)."""

    kind: object
    problems: list = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list = field(default_factory=list)
    # What was read but is not written: columns of the township's own sheet we do not know.
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems and self.rows > 0

    def summary(self):
        return _("%(new)s new, %(changed)s changed, %(unchanged)s unchanged.") % {
            "new": self.created,
            "changed": self.updated,
            "unchanged": self.unchanged,
        }


def preview(*, kind, township, data, filename):
    """Check the file against the township's registers; write nothing."""
    result, _plan, _lookups = _check(kind, township, data, filename)
    return result


@transaction.atomic
def apply(*, kind, township, user, data, filename):
    """Write the file's rows when none has a problem; otherwise write nothing.

    Imports into one township run one at a time (the row lock), so two clerks
    confirming at once cannot both create the same records.
    """
    list(Township.objects.select_for_update().filter(pk=township.pk).values_list("pk"))
    result, plan, lookups = _check(kind, township, data, filename)
    if result.ok:
        try:
            with transaction.atomic():
                kind.write(plan, lookups=lookups, user=user)
        except IntegrityError:
            # Someone changed the register between the check and the write
            # (a form saved at that very moment): write nothing, say so.
            message = _("The register changed while importing, so nothing was written: try again.")
            result.problems = [Problem(None, "", message)]
    return result


def _check(kind, township, data, filename):
    try:
        sheet = read_sheet(data, filename, columns=kind.columns, max_rows=max_rows())
    except FileRefused as refused:
        return Result(kind, [Problem(None, "", refused.message)]), None, None
    positions, titles, problems, ignored = _map_columns(sheet, kind)
    notes = _ignored_note(ignored)
    if not problems and not sheet.rows:
        problems = [Problem(sheet.header_row, "", _("There are no rows under the header."))]
    if problems:
        return Result(kind, problems, notes=notes), None, None
    lookups = kind.load(township)
    rows, items = [], []
    for number, values in sheet.rows:
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        row = Row(number, cells, {c.key: c.title for c in kind.columns} | titles)
        item = kind.clean(row, lookups)
        rows.append(row)
        if item is not None:
            items.append(item)
    plan = kind.plan(items, lookups)
    result = Result(
        kind,
        problems=[problem for row in rows for problem in row.problems],
        rows=len(rows),
        created=len(plan.created),
        updated=len(plan.updated),
        unchanged=plan.unchanged,
        changes=plan.changes,
        notes=notes,
    )
    return result, plan, lookups


def _ignored_note(ignored):
    if not ignored:
        return []
    return [
        _("Columns this import does not know were left out: %(columns)s.")
        % {"columns": wording_listing(f"“{name}”" for name in ignored)}
    ]


def _map_columns(sheet, kind):
    """{column key: position}, {column key: header as written}, the header's problems, and the
    headers of columns left out.

    A township's own sheet carries columns of its own (性别, 民族, 备注…): they are left
    out with a note on the preview, never a reason to refuse the file.
    """
    known = header_index(kind.columns)
    positions, titles, problems, ignored = {}, {}, [], []
    for index, raw in enumerate(sheet.headers):
        text = normalise_header(raw)
        if not text or text in IGNORED_HEADERS:
            continue
        column, shown = known.get(text), cell_text(raw)
        if column is None:
            ignored.append(shown)
        elif column.key in positions:
            message = _("The same column appears twice (also as “%(first)s”).")
            problems.append(
                Problem(sheet.header_row, shown, message % {"first": titles[column.key]})
            )
        else:
            positions[column.key], titles[column.key] = index, shown
    for column in kind.columns:
        if column.required and not {column.key, *column.instead} & positions.keys():
            message = _("This column is required but missing from the header row.")
            problems.append(Problem(sheet.header_row, column.title, message))
    return positions, titles, problems, ignored


# The blank template


def template_workbook(kind):
    """An .xlsx with the kind's headers (in the interface's language) and a sheet of notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")
    sheet.append([column.title for column in kind.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B3261E" if column.required else None)
        cell.fill = PatternFill("solid", fgColor="F5F6F8")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 16
        if "phone" in column.key or column.key.endswith("code"):
            # Text, so that Excel keeps the digits instead of 1.39E+10.
            sheet.column_dimensions[letter].number_format = "@"
        elif column.key in ("start", "end"):
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        choices = _dropdown(kind, column.key)
        if choices:
            check = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
            check.add(f"{letter}2:{letter}{max_rows() + 1}")
            sheet.add_data_validation(check)
    guide = book.create_sheet(_("Notes"))
    guide.append([_("Column"), _("Also accepted"), _("Required"), _("What to write")])
    for column in kind.columns:
        other = column.en if column.title == column.zh else column.zh
        guide.append(
            [column.title, other, _("yes") if column.required else "", str(column.help or "")]
        )
    guide.append([])
    for line in notes(kind):
        guide.append([line])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (16, 20, 8, 70), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _dropdown(kind, key):
    choices = kind.dropdowns.get(key)
    return [str(label) for _value, label in choices.choices] if choices else []


def notes(kind):
    lines = [
        _("Fill one row per record from row 2 on, in the first sheet; do not use formulas."),
        _("Columns marked in red are required; other columns may be left out."),
        _(
            "Rows already in the register are matched and updated, so importing the same file "
            "again changes nothing."
        ),
        _("If any row has a problem, nothing is imported: fix the file and upload it again."),
        _("Save as .xlsx, or as CSV (UTF-8 or the GB18030 Excel saves on Chinese Windows)."),
    ]
    return lines + kind.notes()


# The uploaded file, kept between preview and confirm


def store_upload(*, user, upload):
    """Keep ``upload`` under a random name in the user's own folder: ``(token, path)``."""
    _sweep_stale(user)
    token = uuid.uuid4()
    suffix = next((s for s in SUFFIXES if upload.name.lower().endswith(s)), ".csv")
    path = default_storage.save(f"{UPLOAD_DIR}/{user.pk}/{token.hex}{suffix}", upload)
    return token, path


def owns_upload(user, path):
    return (
        isinstance(path, str) and path.startswith(f"{UPLOAD_DIR}/{user.pk}/") and ".." not in path
    )


def read_upload(path):
    """The stored file's bytes, or None when it is gone."""
    try:
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def discard_upload(path):
    default_storage.delete(path)


def _sweep_stale(user):
    folder = f"{UPLOAD_DIR}/{user.pk}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - STALE_AFTER
    for name in names:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
