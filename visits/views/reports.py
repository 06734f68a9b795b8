"""Downloads of the monthly report (月报): the workbook, one CSV per table, the PDF booklet.

Roles and places as on the supervision pages: the county's report is the
supervisor's (403 for township staff, as the county page), a township's is
for its staff and their county's supervisor; another county's or township's
is a 404 (``visible_to``). The period comes from the page's query string; a
bad one gives the page itself with the form's message (status 400).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cadres.access import READERS, role_required
from villages import access_log
from villages.models import County, Township
from visits.reports import files
from visits.reports.monthly import build_report
from visits.reports.titles import table_keys
from visits.supervision.forms import PeriodForm
from visits.views import supervision as views

FORMATS = ("xlsx", "csv", "pdf")


def _download(request, fmt, *, page, **place):
    """The report of the place in ``fmt``; ``page`` renders the bad-period answer."""
    table = request.GET.get("table") or "summary"
    if fmt not in FORMATS or (
        fmt == "csv" and table not in table_keys(county=place.get("county") is not None)
    ):
        raise Http404
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return page()
    report = build_report(user=request.user, period=form.period(), **place)
    if fmt == "xlsx":
        return files.xlsx_response(report, request=request)
    if fmt == "csv":
        return files.csv_response(report, table, request=request)
    # WeasyPrint is heavy: only the booklet's download imports it.
    from visits.reports.booklet import booklet_response

    response = booklet_response(report)
    # The booklet names households too: logged like the other downloads.
    access_log.record_export(
        request=request, what=files.file_name(report, "pdf"), rows=None, model=files.LOGGED_AS
    )
    return response


@require_safe
@role_required(*views.SUPERVISORS)
def report_county(request, pk, fmt):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    return _download(request, fmt, page=lambda: views.county(request, pk), county=county)


@require_safe
@role_required(*READERS)
def report_township(request, pk, fmt):
    township = get_object_or_404(
        Township.objects.visible_to(request.user).select_related("county"), pk=pk
    )
    return _download(request, fmt, page=lambda: views.township(request, pk), township=township)
