"""Exports of the supervision lists (xlsx and CSV): what the page's table shows.

Each export looks its place up as its page does (``visible_to(user)``, so
another county's or township's export is a 404), reads the same period and
filters from the address (the pages link to their exports with their own
query string) and writes the rows the page's table is made of. A bad period
gives the page itself with the form's message (status 400), not a file.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cadres.access import READERS, role_required
from stations.models import Assignment, WorkStation
from villages.exports import FORMATS, export_response
from villages.models import County, Standard, Township
from villages.registers import filtered
from visits.supervision import export_columns as columns
from visits.supervision import pages
from visits.supervision.filters import ShortfallFilter
from visits.supervision.forms import PeriodForm
from visits.views import supervision as views


def _period(request, fmt):
    """The period asked for, or None when the form refuses it; an unknown format is a 404."""
    if fmt not in FORMATS:
        raise Http404
    form = PeriodForm(request.GET)
    return form.period() if form.is_valid() else None


def _name(what, place, period):
    """The file's (and sheet's) name: what, where and when."""
    when = (
        f"{period.start:%Y-%m}" if period.is_month else f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    )
    return f"{what}-{place.name}-{when}"


@require_safe
@role_required(*views.SUPERVISORS)
def county_export(request, pk, fmt):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    period = _period(request, fmt)
    if period is None:
        return views.county(request, pk)
    rows = pages.county_rows(
        county,
        period=period,
        user=request.user,
        townships=filtered(views.township_filter(request, county)),
        standard=Standard.objects.for_county(county.pk),
    )
    return export_response(
        fmt,
        name=_name(_("Township figures"), county, period),
        columns=columns.TOWNSHIPS,
        notes=columns.notes(columns.ACTIVITY_KEYS),
        objects=rows,
        user=request.user,
        request=request,
        model=Township,
    )


@require_safe
@role_required(*READERS)
def township_export(request, pk, fmt):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    period = _period(request, fmt)
    if period is None:
        return views.township(request, pk)
    rows = pages.township_rows(
        township,
        period=period,
        user=request.user,
        stations=filtered(views.station_filter(request, township)),
        standard=Standard.objects.for_county(township.county_id),
    )
    return export_response(
        fmt,
        name=_name(_("Station figures"), township, period),
        columns=columns.STATIONS,
        notes=columns.notes(columns.ACTIVITY_KEYS),
        objects=rows,
        user=request.user,
        request=request,
        model=WorkStation,
    )


@require_safe
@role_required(*READERS)
def station_export(request, pk, fmt):
    station = get_object_or_404(
        WorkStation.objects.visible_to(request.user).select_related("village__township"), pk=pk
    )
    period = _period(request, fmt)
    if period is None:
        return views.station(request, pk)
    rows = pages.station_members(
        station,
        period=period,
        user=request.user,
        assignments=filtered(views.member_filter(request, station, period)),
        standard=Standard.objects.for_county(station.village.township.county_id),
        spot=pages.spot_figures(period=period, user=request.user, station=station),
    )
    return export_response(
        fmt,
        name=_name(_("Member figures"), station, period),
        columns=columns.MEMBERS,
        notes=columns.notes(columns.MEMBER_KEYS),
        objects=rows,
        user=request.user,
        request=request,
        model=Assignment,
    )


def _shortfalls_export(request, fmt, *, place, stations, standard, by):
    period = _period(request, fmt)
    filterset = ShortfallFilter(request.GET, queryset=stations, request=request)
    found, _card = views.find_shortfalls(filterset, period=period, standard=standard, by=by)
    return export_response(
        fmt,
        name=_name(_("Shortfalls"), place, period),
        columns=columns.SHORTFALLS,
        notes=columns.shortfall_notes(standard),
        objects=found,
        user=request.user,
        request=request,
        model=WorkStation,
    )


@require_safe
@role_required(*views.SUPERVISORS)
def county_shortfalls_export(request, pk, fmt):
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    if _period(request, fmt) is None:
        return views.county_shortfalls(request, pk)
    return _shortfalls_export(
        request,
        fmt,
        place=county,
        stations=views.county_stations(request, county),
        standard=Standard.objects.for_county(county.pk),
        by="township",
    )


@require_safe
@role_required(*READERS)
def township_shortfalls_export(request, pk, fmt):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    if _period(request, fmt) is None:
        return views.township_shortfalls(request, pk)
    return _shortfalls_export(
        request,
        fmt,
        place=township,
        stations=views.township_stations(request, township),
        standard=Standard.objects.for_county(township.county_id),
        by="station",
    )
