"""Downloads of the monthly report (月报): the workbook, one CSV per table, the PDF booklet.

Roles and places as on the supervision pages: the county's report is the
supervisor's (403 for township staff, as the county page), a township's is
for its staff and their county's supervisor; another county's or township's
is a 404 (``visible_to``). The period comes from the page's query string; a
bad one gives the page itself with the form's message (status 400). The
workbook and the booklet are built by the worker (``visits.reports.jobs``).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from cadres.access import READERS, role_required
from villages import access_log
from villages.jobs.services import request_job
from villages.models import County, Township
from visits.reports import files, jobs
from visits.reports.monthly import build_report
from visits.reports.titles import table_keys
from visits.supervision.forms import PeriodForm
from visits.views import supervision as views

FORMATS = ("xlsx", "csv", "pdf")


def _download(request, fmt, *, page, back, **place):
    """The report of the place in ``fmt``; ``page`` renders the bad-period answer.

    The CSVs stream at once; the workbook and the booklet take seconds to
    minutes for a county, so the worker builds them and the asker is sent to
    the job's page, shared with anyone asking for the same file.
    """
    table = request.GET.get("table") or "summary"
    if fmt not in FORMATS or (
        fmt == "csv" and table not in table_keys(county=place.get("county") is not None)
    ):
        raise Http404
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return page()
    period = form.period()
    if fmt == "csv":
        # One table: only what it is made of is read (the summary's CSV skips the
        # members' and the shortfalls' figures).
        report = build_report(user=request.user, period=period, only=table, **place)
        return files.csv_response(report, table, request=request)
    what = {"user": request.user, "fmt": fmt, "period": period, **place}
    asked = request_job(
        user=request.user,
        key=jobs.key(**what),
        title=jobs.title(fmt=fmt, period=period, **place),
        builder=jobs.BUILDER,
        params=jobs.params(**what),
        back_url=f"{back}?{form.query()}",
        again_url=f"{request.path}?{form.query()}&again=1",
        filters={k: v for k, v in access_log.filters_of(request).items() if k != "again"},
        again=request.GET.get("again") == "1",
    )
    return redirect("villages:job_status", asked.pk)


@require_safe
@role_required(*views.SUPERVISORS)
def report_county(request, pk, fmt):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    back = reverse("supervision:supervision_county", args=[pk])
    return _download(request, fmt, page=lambda: views.county(request, pk), back=back, county=county)


@require_safe
@role_required(*READERS)
def report_township(request, pk, fmt):
    township = get_object_or_404(
        Township.objects.visible_to(request.user).select_related("county"), pk=pk
    )
    back = reverse("supervision:supervision_township", args=[pk])
    return _download(
        request, fmt, page=lambda: views.township(request, pk), back=back, township=township
    )
