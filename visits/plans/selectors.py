"""Reads of the annual plans for their pages and exports, scoped by the caller."""

from django.db.models import Prefetch
from django.utils import timezone

from stations.models import AnnualPlan, PlanItem, PlanState, WorkStation
from villages.models import Township
from visits.plans import services
from visits.plans.progress import progress_of


def plans_of(user):
    """The plans ``user`` may read, with what their pages show beside each."""
    return (
        AnnualPlan.objects.visible_to(user)
        .select_related("station__village__township", "submitted_by", "approved_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("pk")))
    )


def plan_page(plan, *, user, today=None):
    """The plan with its progress and the moves the user may make (about ten queries)."""
    progress = progress_of([plan], today=today)[0]
    return {
        "plan": plan,
        "station": plan.station,
        "progress": progress,
        "moves": services.moves_for(user, plan),
        "may_write": plan.is_draft and services.may_write(user, plan.station),
    }


def station_plans(station, *, user, today=None):
    """The station's plans, newest first, with this year's progress."""
    today = today or timezone.localdate()
    plans = list(plans_of(user).in_place(station=station).order_by("-year"))
    current = next((p for p in plans if p.year == today.year), None)
    return {
        "station": station,
        "plans": plans,
        "current": progress_of([current], today=today)[0] if current else None,
        "this_year": today.year,
        "may_write": services.may_write(user, station),
    }


def station_card(station, *, user, today=None):
    """The station page's card: this year's plan and its items behind, if any."""
    today = today or timezone.localdate()
    plan = plans_of(user).in_place(station=station).of_year(today.year).first()
    return {
        "year": today.year,
        "progress": progress_of([plan], today=today)[0] if plan else None,
    }


def township_plans(township, *, year, user, today=None):
    """Every station of the township the user may see, with its plan of ``year`` and progress."""
    stations = list(
        WorkStation.objects.visible_to(user)
        .in_place(township=township)
        .select_related("village")
        .order_by("village__name", "pk")
    )
    plans = plans_of(user).in_place(township=township).of_year(year)
    by_station = {p.plan.station_id: p for p in progress_of(plans, today=today)}
    rows = [(s, by_station.get(s.pk)) for s in stations]
    return {
        "township": township,
        "year": year,
        "rows": rows,
        "with_plan": sum(1 for _s, p in rows if p is not None),
        "approved": sum(
            1 for _s, p in rows if p is not None and p.plan.state == PlanState.APPROVED
        ),
    }


def county_plans(county, *, year, user, today=None):
    """Each township of the county the user may see, with its stations' plans of ``year``
    counted (``plans.*`` definitions) and its stations without a plan named.

    A fixed number of queries whatever the county's size: the townships, the stations,
    the plans with their items, and the progress's four or five."""
    townships = list(
        Township.objects.visible_to(user).in_place(county=county).order_by("name", "pk")
    )
    stations = list(
        WorkStation.objects.visible_to(user)
        .in_place(county=county)
        .select_related("village")
        .order_by("village__name", "pk")
    )
    plans = plans_of(user).in_place(county=county).of_year(year)
    by_station = {p.plan.station_id: p for p in progress_of(plans, today=today)}
    rows = []
    for township in townships:
        mine = [s for s in stations if s.village.township_id == township.pk]
        progress = [by_station[s.pk] for s in mine if s.pk in by_station]
        targeted = [p for p in progress if p.items]
        rows.append(
            {
                "township": township,
                "stations": len(mine),
                "with_plan": len(progress),
                "approved": sum(1 for p in progress if p.plan.state == PlanState.APPROVED),
                "on_track": sum(1 for p in targeted if not p.behind),
                "behind": sum(1 for p in targeted if p.behind),
                "without_plan": [s for s in mine if s.pk not in by_station],
            }
        )
    return {"county": county, "year": year, "rows": rows}
