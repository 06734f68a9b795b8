"""The stations' annual work plans: a station's plans, one plan with its progress, its
targets form, its moves and exports, and the township's list of its stations' plans.

Stations, townships and plans come through ``visible_to(user)`` (another place's is a
404); ``role_required`` keeps out the office staff (403); the writes check the chief or
the township again in ``visits.plans.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import READERS, STATION_READERS, SUPERVISORS, role_required
from stations.models import WorkStation
from stations.models.plans import FIRST_YEAR
from villages.jobs.services import request_job
from villages.models import County, Township
from visits.plans import exports, jobs, selectors, services
from visits.plans.forms import MoveForm, StartForm, TargetsForm
from visits.plans.progress import progress_of


def _station(request, pk):
    stations = WorkStation.objects.visible_to(request.user).select_related("village__township")
    return get_object_or_404(stations, pk=pk)


def _plan(request, pk):
    return get_object_or_404(selectors.plans_of(request.user), pk=pk)


def _refused(refused):
    """A refusal of the place or the role as the HTTP answer it is (404, 403)."""
    if isinstance(refused, services.OutOfPlace):
        raise Http404 from refused
    if isinstance(refused, services.NotYours):
        raise PermissionDenied(refused.message) from refused


@require_safe
@role_required(*STATION_READERS)
def station_plans(request, pk):
    station = _station(request, pk)
    context = selectors.station_plans(station, user=request.user)
    context["form"] = StartForm(initial={"year": timezone.localdate().year})
    return render(request, "visits/plans/station_plans.html", context)


@require_POST
@role_required(*STATION_READERS)
def plan_new(request, pk):
    station = _station(request, pk)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            plan = services.start_plan(user=request.user, station=station, **form.cleaned_data)
        except services.PlanRefused as refused:
            _refused(refused)
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("The plan for %(year)s is started.") % {"year": plan.year})
            return redirect("plans:plan_edit", plan.pk)
    elif not services.may_write(request.user, station):
        raise PermissionDenied
    context = selectors.station_plans(station, user=request.user)
    context["form"] = form
    return render(request, "visits/plans/station_plans.html", context, status=400)


@require_safe
@role_required(*STATION_READERS)
def plan_detail(request, pk):
    plan = _plan(request, pk)
    context = selectors.plan_page(plan, user=request.user)
    context["form"] = MoveForm()
    return render(request, "visits/plans/plan_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*STATION_READERS)
def plan_edit(request, pk):
    plan = _plan(request, pk)
    if not services.may_write(request.user, plan.station):
        raise PermissionDenied
    if not plan.is_draft:
        messages.warning(
            request,
            _("The plan is %(state)s: ask the township to send it back to change it.")
            % {"state": plan.get_state_display()},
        )
        return redirect(plan)
    items = plan.items.all()
    data = request.POST if request.method == "POST" else None
    form = TargetsForm(data, items=items, initial={"notes": plan.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_targets(
                user=request.user,
                plan=plan,
                targets=form.targets(),
                notes=form.cleaned_data["notes"],
            )
        except services.PlanRefused as refused:
            _refused(refused)
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("The plan's targets are saved."))
            return redirect(plan)
    status = 400 if form.errors else 200
    return render(
        request, "visits/plans/plan_form.html", {"plan": plan, "form": form}, status=status
    )


@require_POST
@role_required(*STATION_READERS)
def plan_move(request, pk, move):
    plan = _plan(request, pk)
    if move not in services.MOVES:
        raise Http404
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            plan = services.move_plan(
                user=request.user, plan=plan, name=move, note=form.cleaned_data["note"]
            )
        except services.PlanRefused as refused:
            _refused(refused)
            form.add_error(refused.field, refused.message)
        else:
            messages.success(
                request,
                _("The plan for %(year)s is %(state)s.")
                % {"year": plan.year, "state": plan.get_state_display()},
            )
            return redirect(plan)
    context = selectors.plan_page(plan, user=request.user)
    context["form"] = form
    return render(request, "visits/plans/plan_detail.html", context, status=400)


@require_safe
@role_required(*STATION_READERS)
def plan_export(request, pk, fmt):
    plan = _plan(request, pk)
    progress = progress_of([plan])[0]
    if fmt == "xlsx":
        return exports.xlsx_response(progress, request=request)
    if fmt == "pdf":
        return exports.pdf_response(progress, request=request)
    raise Http404


def _township_year(request, pk, year):
    """The township (404 outside the user's place) and the year (404 out of range)."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    this_year = timezone.localdate().year
    year = year or this_year
    if not FIRST_YEAR <= year <= this_year + 1:
        raise Http404
    return township, year, this_year


@require_safe
@role_required(*READERS)
def township_export(request, pk, year):
    """The township's plans of the year as a workbook, built by the worker."""
    township, year, _this_year = _township_year(request, pk, year)
    what = {"user": request.user, "township": township, "year": year}
    asked = request_job(
        user=request.user,
        key=jobs.key(**what),
        title=jobs.title(township=township, year=year),
        builder=jobs.BUILDER,
        params=jobs.params(**what),
        back_url=reverse("plans:township_plans_of", args=[pk, year]),
        again_url=f"{request.path}?again=1",
        again=request.GET.get("again") == "1",
    )
    return redirect("villages:job_status", asked.pk)


@require_safe
@role_required(*READERS)
def township_plans(request, pk, year=None):
    township, year, this_year = _township_year(request, pk, year)
    context = selectors.township_plans(township, year=year, user=request.user)
    context["previous"] = year - 1 if year > FIRST_YEAR else None
    context["next"] = year + 1 if year <= this_year else None
    return render(request, "visits/plans/township_plans.html", context)


@require_safe
@role_required(*SUPERVISORS)
def county_plans(request, pk, year=None):
    """Every township's stations' plans of the year, counted; the county's and the city's."""
    county = get_object_or_404(County.objects.visible_to(request.user), pk=pk)
    this_year = timezone.localdate().year
    year = year or this_year
    if not FIRST_YEAR <= year <= this_year + 1:
        raise Http404
    context = selectors.county_plans(county, year=year, user=request.user)
    context["previous"] = year - 1 if year > FIRST_YEAR else None
    context["next"] = year + 1 if year <= this_year else None
    return render(request, "visits/plans/county_plans.html", context)
