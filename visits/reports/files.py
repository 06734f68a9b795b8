"""The monthly report as files: one xlsx workbook (a sheet per table) or one CSV per table.

The cells are the report's values (``villages.exports`` neutralises text a
spreadsheet would run as a formula): counts and money stay numbers, shares
are numbers between 0 and 1 shown as percentages, days are dates. Both
downloads are logged as exports of personal data (the concerns list names
households).
"""

from django.http import Http404
from django.utils import timezone

from villages import exports

# The access log's record type: the report is made of many kinds of rows.
LOGGED_AS = "villages.monthlyreport"
FORMATS = {"percent": exports.PERCENT, "date": exports.DATE}
WIDTHS = {"text": 18, "int": 10, "decimal": 12, "percent": 10, "date": 12}


def file_name(report, ext, table=None):
    """ "石门乡 2026年11月 群众工作月报-汇总-20261201.csv": what, which table, when made."""
    parts = [report.title] + ([str(table.title)] if table is not None else [])
    stamp = f"{timezone.localtime(report.generated_at):%Y%m%d}"
    return f"{'-'.join(parts)}-{stamp}.{ext}"


def sheet_of(table):
    kinds = table.kinds
    return exports.Sheet(
        title=table.title,
        headers=table.headers,
        rows=table.rows,
        widths=tuple(WIDTHS[kind] for kind in kinds),
        formats=tuple(FORMATS.get(kind) for kind in kinds),
    )


XLSX = exports.XLSX


def workbook_file(report):
    """(file, rows): the whole report as one workbook in a temporary file (for the worker)."""
    return exports.workbook_file([sheet_of(table) for table in report.tables])


def csv_response(report, key, *, request):
    """One table (``key``, e.g. "concerns") as a streamed CSV; a table the report lacks is a 404."""
    try:
        table = report.table(key)
    except KeyError:
        raise Http404 from None
    return exports.csv_response(
        filename=file_name(report, "csv", table),
        headers=table.headers,
        rows=table.rows,
        user=request.user,
        request=request,
        model=LOGGED_AS,
    )
