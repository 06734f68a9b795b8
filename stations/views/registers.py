"""The station, assignment and pairing registers: lists, forms and exports.

A station's page is ``stations.views.station.station_detail``; assignments
and pairings are shown on the cadre's, the household's and the station's pages.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import READERS, WRITERS, role_required
from stations import selectors
from stations.filters import AssignmentFilter, PairingFilter, StationFilter
from stations.forms import AssignmentForm, PairingForm, StationForm
from stations.models import Assignment, Pairing, WorkStation
from villages import registers
from villages.models import Household

STATION_ORDERING = ("name", "pk")
ASSIGNMENT_ORDERING = ("-start_date", "pk")
PAIRING_ORDERING = ("-start_date", "pk")
FORM_METHODS = ["GET", "HEAD", "POST"]


# Stations --------------------------------------------------------------------


def _station_filter(request):
    return StationFilter(
        request.GET, queryset=selectors.station_register(request.user), request=request
    )


@require_safe
@role_required(*READERS)
def station_list(request):
    return registers.render_list(
        request,
        "stations/registers/station_list.html",
        filterset=_station_filter(request),
        ordering=STATION_ORDERING,
    )


def station_export_spec(request):
    return registers.Export(
        filterset=_station_filter(request),
        ordering=STATION_ORDERING,
        name=gettext_lazy("work stations"),
        columns=selectors.station_columns(request.user),
    )


@require_safe
@role_required(*READERS)
def station_export(request, fmt):
    return registers.export(request, fmt, station_export_spec)


def _station_form(request, station):
    form = StationForm(
        registers.post_data(request),
        instance=station,
        initial=registers.initial_from(request, "village"),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Station %(name)s saved.") % {"name": saved.name})
            return redirect(saved)
    township = station.village.township if station else registers.own_township(request.user)
    return render(
        request,
        "stations/registers/station_form.html",
        {"form": form, "station": station, "township": township},
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def station_create(request):
    return _station_form(request, None)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def station_edit(request, pk):
    stations = WorkStation.objects.visible_to(request.user).select_related("village__township")
    return _station_form(request, get_object_or_404(stations, pk=pk))


# Assignments -----------------------------------------------------------------


def _assignment_filter(request):
    return AssignmentFilter(
        request.GET, queryset=selectors.assignment_register(request.user), request=request
    )


@require_safe
@role_required(*READERS)
def assignment_list(request):
    return registers.render_list(
        request,
        "stations/registers/assignment_list.html",
        filterset=_assignment_filter(request),
        ordering=ASSIGNMENT_ORDERING,
    )


def assignment_export_spec(request):
    return registers.Export(
        filterset=_assignment_filter(request),
        ordering=ASSIGNMENT_ORDERING,
        name=gettext_lazy("assignments"),
        columns=selectors.assignment_columns(request.user),
    )


@require_safe
@role_required(*READERS)
def assignment_export(request, fmt):
    return registers.export(request, fmt, assignment_export_spec)


def _assignment_form(request, assignment):
    form = AssignmentForm(
        registers.post_data(request),
        instance=assignment,
        initial=registers.initial_from(request, "cadre", "station"),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(
                request, _("Assignment saved: %(assignment)s.") % {"assignment": saved}
            )
            return redirect("cadres:cadre_detail", saved.cadre_id)
    township = (
        assignment.station.village.township if assignment else registers.own_township(request.user)
    )
    return render(
        request,
        "stations/registers/assignment_form.html",
        {"form": form, "assignment": assignment, "township": township},
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def assignment_create(request):
    return _assignment_form(request, None)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def assignment_edit(request, pk):
    assignments = Assignment.objects.visible_to(request.user).select_related(
        "cadre", "station__village__township"
    )
    return _assignment_form(request, get_object_or_404(assignments, pk=pk))


# Pairings --------------------------------------------------------------------


def _pairing_filter(request):
    return PairingFilter(
        request.GET, queryset=selectors.pairing_register(request.user), request=request
    )


@require_safe
@role_required(*READERS)
def pairing_list(request):
    return registers.render_list(
        request,
        "stations/registers/pairing_list.html",
        filterset=_pairing_filter(request),
        ordering=PAIRING_ORDERING,
    )


def pairing_export_spec(request):
    return registers.Export(
        filterset=_pairing_filter(request),
        ordering=PAIRING_ORDERING,
        name=gettext_lazy("pairings"),
        columns=selectors.pairing_columns(request.user),
    )


@require_safe
@role_required(*READERS)
def pairing_export(request, fmt):
    return registers.export(request, fmt, pairing_export_spec)


def _pairing_form(request, pairing, household):
    form = PairingForm(
        registers.post_data(request),
        instance=pairing,
        household=household,
        initial=registers.initial_from(request, "cadre"),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Pairing saved: %(pairing)s.") % {"pairing": saved})
            return redirect("villages:household_detail", saved.household_id)
    return render(
        request,
        "stations/registers/pairing_form.html",
        {
            "form": form,
            "pairing": pairing,
            "household": form.instance.household,
            "township": form.instance.household.village.township,
        },
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def pairing_create(request, household):
    households = Household.objects.visible_to(request.user).select_related("village__township")
    return _pairing_form(request, None, get_object_or_404(households, pk=household))


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def pairing_edit(request, pk):
    pairings = Pairing.objects.visible_to(request.user).select_related(
        "cadre", "household__village__township"
    )
    return _pairing_form(request, get_object_or_404(pairings, pk=pk), None)
