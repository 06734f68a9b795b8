"""One station's annual plan as files: an xlsx workbook and an A4 PDF, each holding the plan,
its progress as of today and, once the year is over, its year-end result.

The workbook keeps numbers as numbers (shares as percentages) and has a definitions sheet;
the PDF is set in the Chinese fonts WeasyPrint embeds (``visits.reports.fonts``). A plan is
at most one row per measure, so both are built in the request, not by the worker. Each
download is written to the access log like every export.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from villages import access_log, exports
from visits.plans.definitions import DEFINITIONS, MEASURES

LOGGED_AS = "stations.annualplan"


def title(progress):
    plan = progress.plan
    what = _("year-end result") if progress.year_over else _("annual work plan")
    return f"{plan.station.name} {plan.year} {what}"


def file_name(progress, ext):
    return f"{title(progress)}-{timezone.localdate():%Y%m%d}.{ext}"


def _plan_sheet(progress):
    plan = progress.plan
    rows = [
        [_("Station"), plan.station.name],
        [_("Township"), plan.station.village.township.name],
        [_("Year"), plan.year],
        [_("State"), plan.get_state_display()],
        [_("Approved at"), plan.approved_at],
        [_("Counted up to"), progress.as_of],
        [_("Other aims"), plan.notes],
    ]
    return exports.Sheet(
        title=_("Plan"), headers=[_("Item"), _("Value")], rows=rows, widths=(16, 60)
    )


def _progress_sheet(progress):
    heads = ("target", "done", "share", "expected", "verdict")
    rows = [
        [
            str(i.label),
            i.item.note,
            i.target,
            i.done,
            i.share,
            i.expected,
            str(i.verdict_label),
        ]
        for i in progress.items
    ]
    return exports.Sheet(
        title=_("Year-end result") if progress.year_over else _("Progress"),
        headers=[_("Measure"), _("In words"), *(str(DEFINITIONS[h].label) for h in heads)],
        rows=rows,
        widths=(24, 24, 12, 12, 10, 12, 12),
        formats=(None, None, None, None, exports.PERCENT, None, None),
    )


def _definitions_sheet(progress):
    rows = [[str(d.label), str(d.text)] for d in DEFINITIONS.values()]
    rows += [[str(i.label), str(MEASURES[i.measure])] for i in progress.items]
    return exports.Sheet(
        title=_("Definitions"), headers=[_("Figure"), _("Definition")], rows=rows, widths=(24, 90)
    )


def xlsx_response(progress, *, request):
    return exports.workbook_response(
        filename=file_name(progress, "xlsx"),
        sheets=[_plan_sheet(progress), _progress_sheet(progress), _definitions_sheet(progress)],
        user=request.user,
        request=request,
        model=LOGGED_AS,
    )


def pdf_response(progress, *, request):
    from weasyprint import HTML

    context = {
        "progress": progress,
        "plan": progress.plan,
        "title": title(progress),
        "definitions": list(DEFINITIONS.values()),
        "printed": timezone.localtime(),
    }
    html = render_to_string("visits/plans/plan_pdf.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, file_name(progress, "pdf"))
    access_log.record_export(
        request=request,
        user=request.user,
        what=file_name(progress, "pdf"),
        rows=len(progress.items),
        model=LOGGED_AS,
    )
    return response
