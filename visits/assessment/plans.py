"""The annual plan kept, as one more standard of a station's recorded work in an
assessment (and of its first secretary's): of the items of the station's approved plan
for the year the round ends in, how many are met or on track (``visits.plans.progress``:
done ≥ what is due by then, the target × the days gone ÷ the days of the year, rounded
down), counted as of the round's last day (or today, if sooner). A station with no
approved plan that year, or a plan with no item, owes nothing here.

Six queries whatever the number of stations: the plans, their items and the four
groups of figures of ``progress_of``."""

from django.db.models import Prefetch

from stations.models import AnnualPlan, PlanItem, PlanState
from visits.plans.progress import progress_of
from visits.supervision.measures import Measure

KIND = "plan_items_on_track"


def plan_measures(*, period, stations, today):
    """A ``Measure`` of plan items met or on track / items per station of ``stations``."""
    as_of = period.as_of(today)
    by_pk = {s.pk: s for s in stations}
    plans = (
        AnnualPlan.objects.in_place(station=list(by_pk))
        .filter(year=period.end.year, state=PlanState.APPROVED)
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("pk")))
    )
    found = []
    for progress in progress_of(plans, today=as_of):
        if progress.items:
            station = by_pk[progress.plan.station_id]
            found.append(
                Measure(
                    kind=KIND,
                    township=station.village.township,
                    station=station,
                    actual=progress.good,
                    expected=len(progress.items),
                    as_of=as_of,
                )
            )
    return found


def for_first_secretaries(plan_measured, secretaries):
    """Each first secretary answers for the plan of the station they serve (``assessed_at``)."""
    of_station = {m.station.pk: m for m in plan_measured}
    found = []
    for cadre in secretaries:
        measure = of_station.get(cadre.assessed_at.pk)
        if measure is not None:
            found.append(
                Measure(
                    kind=KIND,
                    township=measure.township,
                    station=measure.station,
                    cadre=cadre,
                    actual=measure.actual,
                    expected=measure.expected,
                    as_of=measure.as_of,
                )
            )
    return found
