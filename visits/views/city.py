"""The city supervisor's pages (市级督导): the city's start page, its supervision page and
its month report.

Only a city supervisor (and a superuser) opens them (403 for every other role);
another city's pages are a 404 (``visible_to``). From here the city supervisor
drills down into each county's own pages, which open to them for the counties
of their city as they do to the county's supervisor (``cadres.access.SUPERVISORS``),
and so on to a township, a station and one visit. The period comes from the
page's query string; a bad one gives the page with the form's message
(status 400), never an error page.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cadres.access import CITY_SUPERVISORS, role_required
from villages import access_log, exports
from villages.jobs.services import request_job
from villages.models import Prefecture
from visits import glossary
from visits.reports import city as city_report
from visits.reports.files import LOGGED_AS
from visits.supervision import city
from visits.supervision.forms import PeriodForm

FORMATS = ("xlsx", "csv")


def _prefecture(request, pk):
    return get_object_or_404(Prefecture.objects.visible_to(request.user), pk=pk)


def _columns(columns):
    return [{"key": key, "label": glossary.definition(name).label} for key, name in columns]


@require_safe
@role_required(*CITY_SUPERVISORS)
def prefecture_overview(request, pk):
    """The city's start page: its counties with what they hold and this month's exceptions."""
    prefecture = _prefecture(request, pk)
    context = city.city_overview(prefecture, user=request.user)
    context.update(
        prefecture=prefecture,
        columns=_columns(city.OVERVIEW_COLUMNS),
        definitions=glossary.definitions(*(name for _key, name in city.OVERVIEW_COLUMNS)),
    )
    return render(request, "visits/supervision/city_overview.html", context)


def _supervision(request, prefecture, form):
    context = {
        "prefecture": prefecture,
        "period_form": form,
        "columns": _columns(city.PERIOD_COLUMNS),
        "definitions": glossary.definitions(*(name for _key, name in city.PERIOD_COLUMNS)),
    }
    if not form.is_valid():
        return render(
            request, "visits/supervision/city.html", {**context, "bad_period": True}, status=400
        )
    period = form.period()
    context.update(
        period=period,
        period_query=form.query(),
        **city.city_period(
            prefecture,
            period=period,
            user=request.user,
            counties=city.counties_of(prefecture, user=request.user),
        ),
    )
    return render(request, "visits/supervision/city.html", context)


@require_safe
@role_required(*CITY_SUPERVISORS)
def supervision_prefecture(request, pk):
    """The city's supervision page: each county's figures in the period, and the city's."""
    return _supervision(request, _prefecture(request, pk), PeriodForm(request.GET))


@require_safe
@role_required(*CITY_SUPERVISORS)
def report_prefecture(request, pk, fmt):
    """The city's month report: the workbook (built by the worker: the asker is sent to
    the job's page), or one table as CSV (``?table=``), streamed."""
    prefecture = _prefecture(request, pk)
    table = request.GET.get("table") or "counties"
    if fmt not in FORMATS or (fmt == "csv" and table not in city_report.TABLE_KEYS):
        raise Http404
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _supervision(request, prefecture, form)
    period = form.period()
    if fmt == "xlsx":
        what = {"user": request.user, "period": period, "prefecture": prefecture}
        back = reverse("supervision:supervision_prefecture", args=[pk])
        asked = request_job(
            user=request.user,
            key=city_report.key(**what),
            title=city_report.title(period=period, prefecture=prefecture),
            builder=city_report.BUILDER,
            params=city_report.params(**what),
            back_url=f"{back}?{form.query()}",
            again_url=f"{request.path}?{form.query()}&again=1",
            filters={k: v for k, v in access_log.filters_of(request).items() if k != "again"},
            again=request.GET.get("again") == "1",
        )
        return redirect("villages:job_status", asked.pk)
    title, tables = city_report.city_report(prefecture, user=request.user, period=period)
    chosen = next(t for t in tables if t.key == table)
    return exports.csv_response(
        filename=f"{title}-{chosen.title}.csv",
        headers=chosen.headers,
        rows=chosen.rows,
        user=request.user,
        request=request,
        model=LOGGED_AS,
    )
