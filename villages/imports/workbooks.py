"""Old Excel workbooks (.xls, Excel 97–2003 and WPS) and OpenDocument sheets (.ods), read by
calamine: townships keep their rosters in whatever their computers save.

calamine gives each cell's value as last saved, formulas computed; dates come as dates.
"""

import io

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from villages.imports.refusal import FileRefused

MAX_COLUMNS = 60


def calamine_sheets(data):
    """Each sheet's rows as (row number, values), as ``reading`` reads an xlsx."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
    except Exception as error:
        # A workbook locked by a password is an OLE container too, and so is a Word file.
        raise FileRefused(
            _(
                "This workbook cannot be read: it may be protected by a password, or not be "
                "a workbook. Open it in Excel or WPS and save it as “Excel Workbook (*.xlsx)” "
                "without a password."
            )
        ) from error
    for index in range(len(names)):
        yield _rows(book, index)


def _rows(book, index):
    rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
    for number, values in enumerate(rows, start=1):
        yield number, tuple(_value(v) for v in values[:MAX_COLUMNS])


def _value(value):
    # calamine gives "" for an empty cell; the readers of the other formats give None.
    return None if value == "" else value
