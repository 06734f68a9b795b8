"""The village and household registers: lists, pages, forms and exports.

Township staff read and write; county supervisors read and export; every row
comes through ``visible_to(user)``, so another township's village is a 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import READERS, WRITERS, role_required
from stations import selectors as station_selectors
from stations.filters import HouseholdRegisterFilter
from villages import access_log, registers, selectors
from villages.filters import VillageFilter
from villages.forms import GroupFormSet, HouseholdForm, VillageForm
from villages.models import AccessLog, Household, Village
from visits import selectors as visit_selectors
from visits.supervision.coverage import last_visited_column, with_last_visit

VILLAGE_ORDERING = ("name", "pk")
# The register of a village, sorted by name (index household_village_name_idx).
HOUSEHOLD_ORDERING = ("village_id", "head_name", "pk")
FORM_METHODS = ["GET", "HEAD", "POST"]


# Villages --------------------------------------------------------------------


def _village_filter(request):
    return VillageFilter(
        request.GET, queryset=selectors.village_register(request.user), request=request
    )


@require_safe
@role_required(*READERS)
def village_list(request):
    return registers.render_list(
        request,
        "villages/registers/village_list.html",
        filterset=_village_filter(request),
        ordering=VILLAGE_ORDERING,
    )


def village_export_spec(request):
    return registers.Export(
        filterset=_village_filter(request),
        ordering=VILLAGE_ORDERING,
        name=gettext_lazy("villages"),
        columns=selectors.village_columns(request.user),
    )


@require_safe
@role_required(*READERS)
def village_export(request, fmt):
    return registers.export(request, fmt, village_export_spec)


def _village(request, pk):
    villages = Village.objects.visible_to(request.user).select_related("township", "station")
    return get_object_or_404(villages, pk=pk)


@require_safe
@role_required(*READERS)
def village_detail(request, pk):
    village = _village(request, pk)
    context = selectors.village_page(village) | station_selectors.village_figures(village)
    context["can_write"] = registers.can_write(request.user)
    return render(request, "villages/registers/village_detail.html", context)


def _village_form(request, village):
    data = registers.post_data(request)
    form = VillageForm(data, instance=village, user=request.user)
    groups = GroupFormSet(data, instance=form.instance, prefix="groups")
    if data is not None and form.is_valid() and groups.is_valid():
        saved = registers.save_form(form, formsets=[groups])
        if saved is not None:
            messages.success(request, _("Village %(name)s saved.") % {"name": saved.name})
            return redirect("villages:village_detail", saved.pk)
    township = village.township if village else registers.own_township(request.user)
    return render(
        request,
        "villages/registers/village_form.html",
        {"form": form, "groups": groups, "village": village, "township": township},
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def village_create(request):
    return _village_form(request, None)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def village_edit(request, pk):
    return _village_form(request, _village(request, pk))


# Households ------------------------------------------------------------------


def _household_filter(request, queryset):
    return HouseholdRegisterFilter(request.GET, queryset=queryset, request=request)


@require_safe
@role_required(*READERS)
def household_list(request):
    return registers.render_list(
        request,
        "villages/registers/household_list.html",
        filterset=_household_filter(
            request, with_last_visit(selectors.household_register(request.user))
        ),
        ordering=HOUSEHOLD_ORDERING,
    )


def household_export_spec(request):
    return registers.Export(
        filterset=_household_filter(
            request, with_last_visit(station_selectors.household_export(request.user))
        ),
        ordering=HOUSEHOLD_ORDERING,
        name=gettext_lazy("households"),
        columns=[*station_selectors.household_columns(request.user), last_visited_column()],
    )


@require_safe
@role_required(*READERS)
def household_export(request, fmt):
    return registers.export(request, fmt, household_export_spec)


def _household(request, pk):
    households = Household.objects.visible_to(request.user).select_related(
        "village__township", "village__station", "group"
    )
    return get_object_or_404(households, pk=pk)


@require_safe
@role_required(*READERS)
def household_detail(request, pk):
    household = _household(request, pk)
    context = selectors.household_page(household)
    context["visits"] = visit_selectors.recent_visits_of_household(household, user=request.user)
    context["can_write"] = registers.can_write(request.user)
    return render(request, "villages/registers/household_detail.html", context)


def _household_form(request, household):
    if household is not None and request.method != "POST" and household.phone:
        # The form holds the phone number in full: opening it is logged (PIPL).
        access_log.record(
            request=request, action=AccessLog.Action.EDIT, obj=household, field="phone"
        )
    form = HouseholdForm(
        registers.post_data(request),
        instance=household,
        initial=registers.initial_from(request, "village"),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Household %(name)s saved.") % {"name": saved.head_name})
            return redirect("villages:household_detail", saved.pk)
    township = household.village.township if household else registers.own_township(request.user)
    return render(
        request,
        "villages/registers/household_form.html",
        {"form": form, "household": household, "township": township},
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def household_create(request):
    return _household_form(request, None)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def household_edit(request, pk):
    return _household_form(request, _household(request, pk))
