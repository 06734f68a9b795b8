"""Duty days (群众工作日): rules, monthly rosters, the township calendar, receptions.

Township staff set rules, generate rosters, swap duties and mark them held;
county supervisors read; cadres see their duties on their own pages and get
a 403 here. Every object comes through ``visible_to(user)``.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import READERS, WRITERS, role_required
from stations.duty import selectors as selectors
from stations.duty import services as services
from stations.duty.forms import DutyRuleForm, MarkForm, RosterForm, SwapForm
from stations.materials.locks import MonthLocked
from stations.models import DutyDay, WorkStation
from villages.models import Township
from villages.registers import can_write
from visits import selectors as visit_selectors


def _station(request, pk):
    stations = WorkStation.objects.visible_to(request.user).select_related("village__township")
    return get_object_or_404(stations, pk=pk)


def _duty(request, pk):
    duties = DutyDay.objects.visible_to(request.user).select_related(
        "cadre", "station__village__township"
    )
    return get_object_or_404(duties, pk=pk)


# A station's month -------------------------------------------------------------


@require_safe
@role_required(*READERS)
def station_duty(request, pk, year=None, month=None):
    station = _station(request, pk)
    year, month = selectors.month_or_404(year, month)
    context = selectors.station_month(station, year, month)
    context.update(can_write=can_write(request.user), roster_form=RosterForm())
    return render(request, "stations/duty/station_month.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*WRITERS)
def duty_rule_edit(request, pk):
    station = _station(request, pk)
    form = DutyRuleForm(request.POST if request.method == "POST" else None, instance=station)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _(
                "Duty rule saved. Days already rostered keep their dates: generate the roster "
                "with “re-deal the unheld days” to follow the new rule."
            ),
        )
        return redirect("stations:station_duty", station.pk)
    return render(
        request,
        "stations/duty/rule_form.html",
        {"form": form, "station": station, "township": station.village.township},
    )


@require_POST
@role_required(*WRITERS)
def station_generate(request, pk, year, month):
    station = _station(request, pk)
    year, month = selectors.month_or_404(year, month)
    _generate(request, [station], year, month)
    return redirect("stations:station_duty_month", station.pk, year, month)


def _generate(request, stations, year, month):
    form = RosterForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" is simply unticked
    try:
        result = services.generate_roster(
            stations=stations,
            year=year,
            month=month,
            regenerate_unheld=form.cleaned_data.get("regenerate_unheld", False),
        )
    except IntegrityError:
        messages.error(request, _("Someone else changed the roster at the same moment: try again."))
        return
    if result.changed:
        messages.success(
            request,
            _(
                "Roster generated: %(created)s new duty days, %(filled)s filled, "
                "%(reassigned)s re-dealt, %(removed)s removed."
            )
            % {
                "created": result.created,
                "filled": result.filled,
                "reassigned": result.reassigned,
                "removed": result.removed,
            },
        )
    else:
        messages.info(
            request,
            _("Nothing to change: every duty day from today on in this month is rostered."),
        )
    if result.unstaffed:
        names = pgettext("list separator", ", ").join(s.name for s in result.unstaffed)
        messages.warning(
            request,
            _(
                "Some duty days have nobody on duty at %(stations)s: every member is away, "
                "or none serves there yet."
            )
            % {"stations": names},
        )


# The township calendar ---------------------------------------------------------


@require_safe
@role_required(*READERS)
def township_calendar(request, pk, year=None, month=None):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    year, month = selectors.month_or_404(year, month)
    context = selectors.township_calendar(township, year, month, user=request.user)
    context.update(can_write=can_write(request.user), roster_form=RosterForm())
    return render(request, "stations/duty/township_calendar.html", context)


@require_POST
@role_required(*WRITERS)
def township_generate(request, pk, year, month):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    year, month = selectors.month_or_404(year, month)
    stations = WorkStation.objects.visible_to(request.user).in_place(township=township)
    _generate(request, list(stations), year, month)
    return redirect("stations:duty_calendar_month", township.pk, year, month)


# Receptions per duty day -------------------------------------------------------


@require_safe
@role_required(*READERS)
def station_receptions(request, pk, year=None, month=None):
    station = _station(request, pk)
    year, month = selectors.month_or_404(year, month)
    context = visit_selectors.station_receptions(station, year, month, user=request.user)
    return render(request, "stations/duty/receptions.html", context)


# One duty day ------------------------------------------------------------------


def _render_duty(request, duty, *, mark_form=None, swap_form=None):
    context = selectors.duty_page(duty)
    writer = can_write(request.user)
    context["can_write"] = writer
    if writer:
        context["mark_form"] = mark_form or MarkForm(
            initial={"held": "yes" if duty.held else "no", "note": duty.note}
        )
        context["swap_form"] = swap_form or SwapForm(duty=duty)
    return render(request, "stations/duty/duty_detail.html", context)


@require_safe
@role_required(*READERS)
def duty_detail(request, pk):
    return _render_duty(request, _duty(request, pk))


@require_POST
@role_required(*WRITERS)
def duty_mark(request, pk):
    duty = _duty(request, pk)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            services.mark_held(
                duty_day=duty, held=form.cleaned_data["held"], note=form.cleaned_data["note"]
            )
        except services.DutyError as error:
            form.add_error(None, error.message)
        except MonthLocked as locked:
            form.add_error(None, locked.message)
        else:
            messages.success(request, _("Duty day of %(date)s saved.") % {"date": duty.date})
            return redirect("stations:duty_detail", duty.pk)
    return _render_duty(request, duty, mark_form=form)


@require_POST
@role_required(*WRITERS)
def duty_swap(request, pk):
    duty = _duty(request, pk)
    form = SwapForm(request.POST, duty=duty)
    if form.is_valid():
        try:
            services.swap_duties(first=duty, second=form.cleaned_data["other"])
        except services.DutyError as error:
            form.add_error(None, error.message)
        except MonthLocked as locked:
            form.add_error(None, locked.message)
        else:
            other = form.cleaned_data["other"]
            messages.success(
                request,
                _("Duties of %(first)s and %(second)s swapped.")
                % {"first": duty.date, "second": other.date},
            )
            return redirect(
                "stations:station_duty_month", duty.station_id, duty.date.year, duty.date.month
            )
    return _render_duty(request, duty, swap_form=form)
