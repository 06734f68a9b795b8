"""The sponsoring units' register (派驻单位): list, a unit's page with its stations'
figures, and the forms of its keepers (the county supervisor for the county's units,
the city supervisor for the city's). Rows come through ``visible_to``; a unit the user
may see but not keep is refused (403) on its form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import CITY_SUPERVISORS, COUNTY_KEEPERS, READERS, role_required
from cadres.filters import SponsoringUnitFilter
from cadres.forms import SponsoringUnitForm
from cadres.models import SponsoringUnit
from stations import selectors
from villages import registers
from visits.supervision.forms import PeriodForm
from visits.units.figures import unit_page

ORDERING = ("name", "pk")
FORM_METHODS = ["GET", "HEAD", "POST"]
KEEPERS = COUNTY_KEEPERS + CITY_SUPERVISORS


def _filter(request):
    return SponsoringUnitFilter(
        request.GET, queryset=selectors.unit_register(request.user), request=request
    )


def _may_keep(user):
    return user.is_superuser or (user.role in KEEPERS and (user.county_id or user.prefecture_id))


@require_safe
@role_required(*READERS)
def unit_list(request):
    return registers.render_list(
        request,
        "stations/units/unit_list.html",
        filterset=_filter(request),
        ordering=ORDERING,
        can_keep=_may_keep(request.user),
    )


def unit_export_spec(request):
    return registers.Export(
        filterset=_filter(request),
        ordering=ORDERING,
        name=gettext_lazy("sponsoring units"),
        columns=selectors.unit_columns(request.user),
    )


@require_safe
@role_required(*READERS)
def unit_export(request, fmt):
    return registers.export(request, fmt, unit_export_spec)


@require_safe
@role_required(*READERS)
def unit_detail(request, pk):
    units = SponsoringUnit.objects.visible_to(request.user).select_related("county", "prefecture")
    unit = get_object_or_404(units, pk=pk)
    form = PeriodForm(request.GET)
    context = {
        "unit": unit,
        "phone": unit.phone_for(request.user),
        "can_keep": unit.is_kept_by(request.user),
        "period_form": form,
    }
    if not form.is_valid():
        context["bad_period"] = True
        return render(request, "stations/units/unit_detail.html", context, status=400)
    period = form.period()
    context.update(period=period, period_query=form.query())
    context.update(unit_page(unit, period=period, user=request.user))
    return render(request, "stations/units/unit_detail.html", context)


def _unit_form(request, unit):
    form = SponsoringUnitForm(registers.post_data(request), instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Unit %(name)s saved.") % {"name": saved.name})
            return redirect(saved)
    return render(request, "stations/units/unit_form.html", {"form": form, "unit": unit})


@require_http_methods(FORM_METHODS)
@role_required(*KEEPERS)
def unit_create(request):
    if not _may_keep(request.user) or request.user.is_superuser:
        # A superuser belongs to no county or city: the admin is theirs.
        raise PermissionDenied
    return _unit_form(request, None)


@require_http_methods(FORM_METHODS)
@role_required(*KEEPERS)
def unit_edit(request, pk):
    unit = get_object_or_404(SponsoringUnit.objects.visible_to(request.user), pk=pk)
    if not unit.is_kept_by(request.user):
        # Seen but another's to keep: the city's unit for a county, a county's for the city.
        raise PermissionDenied
    return _unit_form(request, unit)
