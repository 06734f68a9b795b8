"""The monthly materials (月度材料): a station's month and its moves, the township's list
to review, the county's list to approve, its notice (通报, page and PDF) and standard.

Every station, township and county comes through ``visible_to(user)`` (another place's
is a 404); which role may open a page is ``role_required`` (403); the moves check role
and place again in ``visits.materials.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import COUNTY_KEEPERS, READERS, STATION_READERS, SUPERVISORS, role_required
from cadres.models import User
from stations.duty.selectors import month_or_404
from stations.models import WorkStation
from villages.models import County, Township
from visits.materials import flow, selectors, services
from visits.materials.forms import MoveForm, StandardForm


def _month(year, month):
    """The month in the address (the month whose materials are due, if none); 404 for a
    month that cannot be or has not begun."""
    if year is None:
        return selectors.previous_month()
    year, month = month_or_404(year, month)
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise Http404
    return year, month


def _station(request, pk):
    stations = WorkStation.objects.visible_to(request.user).select_related("village__township")
    return get_object_or_404(stations, pk=pk)


@require_safe
@role_required(*STATION_READERS)
def station_month(request, pk, year=None, month=None):
    station = _station(request, pk)
    year, month = _month(year, month)
    context = selectors.station_month(station, year=year, month=month, user=request.user)
    context["form"] = MoveForm()
    return render(request, "visits/materials/station_month.html", context)


def _back(station, year, month, back):
    if back == "township":
        return redirect("materials:township_months_of", station.village.township_id, year, month)
    if back == "county":
        county = station.village.township.county_id
        return redirect("materials:county_months_of", county, year, month)
    return redirect("materials:station_month_of", station.pk, year, month)


@require_POST
@role_required(*STATION_READERS)
def station_move(request, pk, year, month, move):
    station = _station(request, pk)
    year, month = _month(year, month)
    if move not in flow.NAMES:
        raise Http404
    form = MoveForm(request.POST)
    if not form.is_valid():
        context = selectors.station_month(station, year=year, month=month, user=request.user)
        context["form"] = form
        return render(request, "visits/materials/station_month.html", context, status=400)
    try:
        row = services.make_move(
            user=request.user,
            station=station,
            year=year,
            month=month,
            name=move,
            note=form.cleaned_data["note"],
        )
    except services.OutOfPlace as refused:
        raise Http404 from refused
    except services.NotYours as refused:
        raise PermissionDenied(refused.message) from refused
    except services.MoveRefused as refused:
        context = selectors.station_month(station, year=year, month=month, user=request.user)
        form.add_error(refused.field, refused.message)
        context["form"] = form
        return render(request, "visits/materials/station_month.html", context, status=400)
    except services.AlreadyMoved as moved:
        messages.warning(request, _already_moved(moved))
    else:
        messages.success(
            request,
            _("%(station)s, %(month)s: %(state)s.")
            % {
                "station": station.name,
                "month": selectors.month_nav(year, month)["label"],
                "state": row.get_state_display(),
            },
        )
    return _back(station, year, month, form.cleaned_data["back"])


def _already_moved(moved):
    row, event = moved.station_month, moved.event
    if event is None:
        return _("The month is %(state)s; nothing was changed.") % {
            "state": row.get_state_display()
        }
    return _("The month is already %(state)s (by %(who)s on %(when)s); nothing was changed.") % {
        "state": row.get_state_display(),
        "who": event.by or "—",
        "when": formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT"),
    }


@require_safe
@role_required(*READERS)
def township_months(request, pk, year=None, month=None):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    year, month = _month(year, month)
    context = selectors.township_months(township, year=year, month=month, user=request.user)
    context["may_review"] = request.user.is_superuser or request.user.role == User.Role.TOWNSHIP
    context["form"] = MoveForm()
    return render(request, "visits/materials/township_months.html", context)


def _county(request, pk):
    return get_object_or_404(County.objects.visible_to(request.user), pk=pk)


@require_safe
@role_required(*SUPERVISORS)  # the city's supervisor reads them; only the county moves
def county_months(request, pk, year=None, month=None):
    county = _county(request, pk)
    year, month = _month(year, month)
    context = selectors.county_months(county, year=year, month=month, user=request.user)
    context["form"] = MoveForm()
    return render(request, "visits/materials/county_months.html", context)


@require_safe
@role_required(*SUPERVISORS)  # the city's supervisor reads them; only the county moves
def county_notice(request, pk, year, month):
    county = _county(request, pk)
    year, month = _month(year, month)
    context = selectors.county_months(county, year=year, month=month, user=request.user)
    return render(request, "visits/materials/notice.html", context)


@require_safe
@role_required(*SUPERVISORS)  # the city's supervisor reads them; only the county moves
def county_notice_pdf(request, pk, year, month):
    """The same notice as a printable A4 PDF (WeasyPrint, the Chinese fonts)."""
    from weasyprint import HTML

    county = _county(request, pk)
    year, month = _month(year, month)
    context = selectors.county_months(county, year=year, month=month, user=request.user)
    context["printed"] = timezone.localtime()
    html = render_to_string("visits/materials/notice_pdf.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    name = f"materials-notice-{county.pk}-{year}-{month:02d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*COUNTY_KEEPERS)
def standard_edit(request, pk):
    county = _county(request, pk)
    standard = selectors.figures.standard_for(county.pk)
    form = StandardForm(request.POST if request.method == "POST" else None, instance=standard)
    if request.method == "POST" and form.is_valid():
        services.save_standard(
            county=county,
            due_day=form.cleaned_data["due_day"],
            late_log_days=form.cleaned_data["late_log_days"],
        )
        messages.success(request, _("The standard for monthly materials is saved."))
        return redirect("materials:county_months", county.pk)
    status = 400 if form.errors else 200
    context = {"county": county, "form": form}
    return render(request, "visits/materials/standard_form.html", context, status=status)
