"""Supervision pages (督导): county → township → station → member → visit.

County supervisors see every township of their county; township staff their
own township (the county page is the supervisor's: 403 for them). Every
object comes through ``visible_to(user)``, so another county's or township's
page is a 404. The period comes from a GET form; bad dates show the form's
message (status 400) and no figures, never an error page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import COUNTY_KEEPERS, READERS, SUPERVISORS, role_required
from cadres.models import Cadre
from stations.models import Assignment, WorkStation
from villages.models import County, Standard, Township
from villages.registers import filtered, list_page
from visits.models import Visit
from visits.supervision import pages
from visits.supervision.filters import (
    MemberFilter,
    ShortfallFilter,
    StationFilter,
    TownshipFilter,
    VisitFilter,
)
from visits.supervision.forms import PeriodForm, StandardForm
from visits.supervision.measures import measures
from visits.supervision.scorecard import scorecard
from visits.supervision.shortfalls import KINDS, LEVELS, arrange, select

VISITS_PER_PAGE = 30
SHORTFALLS_PER_PAGE = 100


def _page(request, template, form, context):
    """Render a supervision page; with a bad period, the form's message and no figures."""
    build = context.pop("build")
    context["period_form"] = form
    if not form.is_valid():
        return render(request, template, {**context, "bad_period": True}, status=400)
    period = form.period()
    context.update(period=period, period_query=form.query())
    return render(request, template, {**context, **build(period)})


def township_filter(request, county):
    """The county page's townships table, filtered as the user asked."""
    townships = Township.objects.visible_to(request.user).in_place(county=county)
    return TownshipFilter(request.GET, queryset=townships, request=request)


def station_filter(request, township):
    """The township page's stations table, filtered as the user asked."""
    stations = WorkStation.objects.visible_to(request.user).in_place(township=township)
    return StationFilter(request.GET, queryset=stations, request=request)


@require_safe
@role_required(*SUPERVISORS)
def county(request, pk):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    townships = township_filter(request, county)
    return _page(
        request,
        "visits/supervision/county.html",
        PeriodForm(request.GET),
        {
            "county": county,
            "filter": townships,
            "build": lambda period: pages.county_page(
                county, period=period, user=request.user, townships=filtered(townships)
            ),
        },
    )


@require_safe
@role_required(*READERS)
def township(request, pk):
    township = get_object_or_404(
        Township.objects.visible_to(request.user).select_related("county"), pk=pk
    )
    stations = station_filter(request, township)
    return _page(
        request,
        "visits/supervision/township.html",
        PeriodForm(request.GET),
        {
            "township": township,
            "filter": stations,
            "build": lambda period: pages.township_page(
                township, period=period, user=request.user, stations=filtered(stations)
            ),
        },
    )


def _visit_list(request, visits, period):
    """One keyset page of the period's visits, filtered by kind and household."""
    rows = visits.filter(
        occurred_at__gte=period.since, occurred_at__lt=period.until
    ).select_related("author", "household", "village", "station")
    filterset = VisitFilter(request.GET, queryset=rows, request=request)
    return {
        "filter": filterset,
        "page": list_page(
            request, filterset, ordering=("-occurred_at", "-pk"), per_page=VISITS_PER_PAGE
        ),
    }


@require_safe
@role_required(*READERS)
def station(request, pk):
    station = get_object_or_404(
        WorkStation.objects.visible_to(request.user).select_related("village__township"), pk=pk
    )
    visits = Visit.objects.visible_to(request.user).in_place(station=station)

    def build(period):
        members = member_filter(request, station, period)
        return {
            **pages.station_page(
                station, period=period, user=request.user, assignments=filtered(members)
            ),
            **_visit_list(request, visits, period),
            "member_filter": members,
        }

    return _page(
        request,
        "visits/supervision/station.html",
        PeriodForm(request.GET),
        {
            "station": station,
            "township": station.village.township,
            "filter": VisitFilter(request.GET, queryset=visits.none(), request=request),
            "member_filter": MemberFilter(
                request.GET, queryset=Assignment.objects.none(), request=request
            ),
            "build": build,
        },
    )


def member_filter(request, station, period):
    """The filter of the station's members table (who served in the period)."""
    return MemberFilter(request.GET, queryset=pages.serving(station, period), request=request)


@require_safe
@role_required(*READERS)
def member(request, pk):
    cadre = get_object_or_404(
        Cadre.objects.visible_to(request.user).select_related("township"), pk=pk
    )
    visits = Visit.objects.visible_to(request.user).filter(author=cadre)

    def build(period):
        return {
            **pages.cadre_page(cadre, period=period, user=request.user),
            **_visit_list(request, visits, period),
        }

    return _page(
        request,
        "visits/supervision/member.html",
        PeriodForm(request.GET),
        {
            "cadre": cadre,
            "township": cadre.township,
            "filter": VisitFilter(request.GET, queryset=visits.none(), request=request),
            "build": build,
        },
    )


def find_shortfalls(filterset, *, period, standard, by):
    """The shortfalls of the stations the filter kept, as it asks them kept and ordered,
    and the scorecard of their places (``by``: "township" or "station")."""
    options = filterset.options()
    measured = measures(period=period, standard=standard, stations=filtered(filterset))
    card = scorecard(measured, by=by, standard=standard)
    found = select(measured, standard=standard, kinds=options["kinds"], levels=options["levels"])
    found = arrange(
        found,
        sort=options["sort"],
        group=options["group"],
        by=by,
        places=[row.place for row in card],
    )
    return found, card


def county_stations(request, county):
    return WorkStation.objects.visible_to(request.user).in_place(county=county)


def township_stations(request, township):
    return WorkStation.objects.visible_to(request.user).in_place(township=township)


def _shortfall_page(request, *, stations, standard, heading, by, **context):
    filterset = ShortfallFilter(request.GET, queryset=stations, request=request)

    def build(period):
        found, card = find_shortfalls(filterset, period=period, standard=standard, by=by)
        page = Paginator(found, SHORTFALLS_PER_PAGE).get_page(request.GET.get("page"))
        return {
            "shortfalls": page,
            "count": len(found),
            "scorecard": card,
            "kinds": list(KINDS.items()),
            "levels": LEVELS,
        }

    return _page(
        request,
        "visits/supervision/shortfalls.html",
        PeriodForm(request.GET),
        {
            "filter": filterset,
            "standard": standard,
            "heading": heading,
            "by": by,
            "build": build,
            **context,
        },
    )


@require_safe
@role_required(*SUPERVISORS)
def county_shortfalls(request, pk):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    return _shortfall_page(
        request,
        stations=county_stations(request, county),
        standard=Standard.objects.for_county(county.pk),
        heading=county.name,
        by="township",
        county=county,
    )


@require_safe
@role_required(*READERS)
def township_shortfalls(request, pk):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    return _shortfall_page(
        request,
        stations=township_stations(request, township),
        standard=Standard.objects.for_county(township.county_id),
        heading=township.name,
        by="station",
        township=township,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*SUPERVISORS)
def standard_edit(request, pk):
    """The county's standards; the row is created the first time they are saved.

    The county's supervisor changes them; the city's supervisor reads them (the
    form shown disabled, a POST refused with 403).
    """
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    may_edit = request.user.is_superuser or request.user.role in COUNTY_KEEPERS
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = StandardForm(request.POST or None, instance=Standard.objects.for_county(county.pk))
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The standards were saved."))
        return redirect("supervision:supervision_county", county.pk)
    return render(
        request,
        "visits/supervision/standard_form.html",
        {"county": county, "form": form, "may_edit": may_edit},
        status=400 if form.errors else 200,
    )
