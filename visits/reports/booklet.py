"""The monthly report as a printed booklet (汇编): an A4 PDF made by WeasyPrint.

A cover, a contents page with the page each part starts on, the summary, the
report's tables, its charts (the supervision pages' SVG bar charts) and the
month's major events, each with what was raised, how it was handled and up to
``EVENT_PHOTOS`` of its visit's photos.

Every figure comes from the ``MonthlyReport`` (``visits.reports.monthly``),
formatted as the supervision pages format it, so the booklet says what the
page, the XLSX and the CSV say.

Photos are personal data and never have a public address: the server reads
them through Django's storage (``booklet_photos.PhotoFetcher``).
"""

import datetime

from django.contrib.staticfiles import finders
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from visits.concerns.selectors import mask_personal
from visits.reports.blocks import kind_of

BOOKLET_CSS = "css/booklet.css"
CHART_FONT = "Noto Sans CJK SC"
EVENT_PHOTOS = 3
WIDE_TABLE = 8  # columns: more go on landscape pages in a smaller type
# A landscape page holds about fourteen columns legibly: a wider table is printed
# in blocks of columns, each repeating the first (naming) columns.
BLOCK_COLUMNS = 14
KEY_COLUMNS = 3
# A booklet is read, not searched: a longer table prints its first rows and
# says where the rest is (the workbook holds every row).
BOOKLET_ROWS = 300
# Drawn in their own parts of the booklet, not as plain tables (the definitions are
# printed beside the summary's figures and under each table instead).
OWN_PARTS = ("summary", "major_events", "definitions")


def booklet_pdf(report, progress=None):
    """The booklet's bytes; ``progress(percent, step)`` hears how far it is (the worker's)."""
    # WeasyPrint takes seconds to import: only the booklet's builder pays for it.
    from weasyprint import CSS, HTML

    from visits.reports.booklet_photos import PhotoFetcher

    progress = progress or (lambda percent, step="": None)
    photos = PhotoFetcher()
    html = render_to_string("visits/reports/booklet.html", booklet_context(report, photos))
    progress(50, _("Laying out the pages"))
    with open(finders.find(BOOKLET_CSS), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read(), url_fetcher=photos)
    document = HTML(string=html, url_fetcher=photos).render(stylesheets=[stylesheet])
    progress(85, _("Writing the PDF (%(pages)s pages)") % {"pages": len(document.pages)})
    return document.write_pdf()


def booklet_context(report, photos):
    tables = [booklet_table(table) for table in report.tables if table.key not in OWN_PARTS]
    events = _events(report.major_events, photos)
    parts = [("part-summary", _("Summary"))]
    parts += [(f"part-{t['key']}", t["title"]) for t in tables]
    parts += [("part-charts", _("Charts")), ("part-events", _("Major events of the month"))]
    return {
        "report": report,
        "period_text": period_text(report.period),
        "generated_at": timezone.localtime(report.generated_at),
        "summary": [
            (figure.label, summary_value(figure.value), figure.definition)
            for figure in report.summary
        ],
        "tables": tables,
        "charts": report.charts,
        "chart_font": CHART_FONT,
        "events": events,
        "parts": parts,
    }


def period_text(period):
    if period.is_month:
        return _("%(year)s, month %(month)s") % {
            "year": period.start.year,
            "month": period.start.month,
        }
    return f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"


# Formatting: as the supervision pages show each kind of figure --------------------------

NUMERIC = ("int", "decimal", "percent")


def percent(share):
    """0.853 → 85.3% (the pages' ``percent`` filter); nothing counted → —."""
    return "—" if share is None else f"{share * 100:.1f}%"


def cell(value, kind):
    """A table cell as text: counts as they are, money and quotas with their own
    decimals (the report keeps them as ``Decimal``), shares as the pages' percent."""
    if value is None or value == "":
        return "—" if kind == "percent" else ""
    if kind == "percent" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return percent(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _date(value)
    if kind == "text":
        # Paper leaves the system: no phone number is printed, in full or in free text.
        return mask_personal(str(value))
    return str(value)


def summary_value(value):
    """A summary figure, formatted by its kind (``blocks.kind_of``: a float or None is a share)."""
    return cell(value, kind_of(value))


def _date(value):
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


def booklet_table(table):
    """A report table as the booklet prints it: blocks of columns, at most ``BOOKLET_ROWS``."""
    kinds = [kind for _header, kind in table.columns]
    rows, total = [], 0
    for row in table.rows:
        total += 1
        if total <= BOOKLET_ROWS:
            values = row.values() if isinstance(row, dict) else row
            rows.append(
                [(cell(v, kind), kind in NUMERIC) for v, kind in zip(values, kinds, strict=True)]
            )
    blocks = column_blocks(kinds)
    return {
        "key": table.key,
        "title": table.title,
        "wide": len(kinds) > WIDE_TABLE,
        "total": total,
        "cut": total > len(rows),
        "shown": len(rows),
        "notes": table.notes,
        "blocks": [
            {
                "headers": [(table.columns[i][0], kinds[i] in NUMERIC) for i in block],
                "rows": [[row[i] for i in block] for row in rows],
            }
            for block in blocks
        ],
    }


def column_blocks(kinds):
    """Column indexes in printable blocks: all of them, or the naming columns (the
    leading text or date ones, up to ``KEY_COLUMNS``) followed by a share of the rest."""
    if len(kinds) <= BLOCK_COLUMNS:
        return [list(range(len(kinds)))]
    keys = []
    for i, kind in enumerate(kinds[:KEY_COLUMNS]):
        if kind not in ("text", "date"):
            break
        keys.append(i)
    rest = list(range(len(keys), len(kinds)))
    size = BLOCK_COLUMNS - len(keys)
    return [keys + rest[k : k + size] for k in range(0, len(rest), size)]


# Major events and their photos ---------------------------------------------------------


def _events(concerns, photos):
    """The major events as the booklet prints them, phone numbers in the free texts masked."""
    concerns = list(concerns)
    # Whatever the report did not select with the concerns, in one query per relation.
    prefetch_related_objects(concerns, "village", "station", "office", "raised_by")
    return [
        {
            "concern": concern,
            "description": mask_personal(concern.description),
            "result": mask_personal(concern.result),
            "explanation": mask_personal(concern.explanation),
            "photos": [photos.add(photo) for photo in list(concern.photos)[:EVENT_PHOTOS]],
        }
        for concern in concerns
    ]
