"""An annual plan's items checked against the recorded work, as the year goes.

For each item (the words are ``visits.plans.definitions``):

=========  ===================================================================
target     the plan's figure for the calendar year.
done       counted from the station's records from 1 January up to ``as_of``
           (today, or 31 December once the year is over): see ``MEASURES``
           in the definitions for which rows each measure counts.
share      done / target (None when the target is 0).
expected   target × elapsed / days in the year, where elapsed counts the days
           from 1 January to ``as_of``, both included (0 before the year).
due        expected rounded down to a whole unit (a visit, a yuan): the
           least that is on track. A station is not behind for 0.95 of a visit.
verdict    done (done ≥ target), on track (done ≥ due), behind (done < due);
           once the year is over: met (done ≥ target) or not met.
=========  ===================================================================

Worked example (the test's fixture): 12 visits targeted in 2026, 30 June:
elapsed = 31+28+31+30+31+30 = 181 days of 365; expected = 12 × 181 / 365 = 5.95;
due = 5; with 5 visits done the item is on track, with 4 it is behind.

A deed item whose target is in a unit (``PlanItem.unit``: 1,500 米 of road) counts
the quantities of the category's deeds in that unit, summed, instead of the deeds:
deeds of 400 米 and 350 米 by 30 June are 750 done; expected = 1500 × 181 / 365 =
743.8, due 743: on track. A deed with no quantity, or in another unit, adds nothing.

The counts come from the same selectors as the supervision pages and the monthly
report (``visit`` kinds, ``concern_figures_by``, ``meeting_figures_by``), grouped by
station: four queries for any number of plans of one year, five when an item is in a unit.
"""

import calendar
import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from stations.models import AnnualPlan, Measure, PlanItem
from visits.concerns.figures import concern_figures_by
from visits.meetings.figures import meeting_figures_by
from visits.models import Deed, Visit
from visits.models.concerns import day_start, next_day_start
from visits.plans.definitions import IN_UNIT, MEASURES, VERDICTS

DONE, ON_TRACK, BEHIND, MET, NOT_MET = "done", "on_track", "behind", "met", "not_met"
GOOD = frozenset({DONE, ON_TRACK, MET})


def year_span(year, today):
    """(as_of, elapsed days, days in the year): the last day counted and how far the year is."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    days = 366 if calendar.isleap(year) else 365
    as_of = min(last, today)
    elapsed = max(0, (as_of - first).days + 1)
    return as_of, elapsed, days


@dataclass
class ItemProgress:
    item: PlanItem
    target: Decimal | int
    done: Decimal | int
    share: float | None
    expected: Decimal
    due: Decimal | int
    verdict: str

    @property
    def measure(self):
        return self.item.measure

    @property
    def label(self):
        if self.item.in_unit:
            return _("%(measure)s, in %(unit)s") % {
                "measure": self.item.get_measure_display(),
                "unit": self.item.get_unit_display(),
            }
        return self.item.get_measure_display()

    @property
    def counts(self):
        if self.item.in_unit:
            return f"{MEASURES[self.item.measure]} {IN_UNIT}"
        return MEASURES[self.item.measure]

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict]

    @property
    def is_good(self):
        return self.verdict in GOOD


@dataclass
class PlanProgress:
    plan: AnnualPlan
    as_of: datetime.date
    elapsed: int
    days: int
    year_over: bool
    items: list[ItemProgress] = field(default_factory=list)

    @property
    def good(self):
        return sum(1 for i in self.items if i.is_good)

    @property
    def behind(self):
        return [i for i in self.items if not i.is_good]


def _whole(value, money):
    return Decimal(value).quantize(Decimal("0.01")) if money else int(value)


def item_progress(item, done, *, elapsed, days, year_over):
    """One item's figures (see the module's table) from its target and what was done."""
    # Yuan and quantities in a unit (350.5 米) keep their cents; counts are whole.
    money = item.is_money or item.in_unit
    target = _whole(item.target, money)
    done = _whole(done, money)
    exact = Decimal(target) * elapsed / days
    due = exact.to_integral_value(rounding=ROUND_FLOOR)
    if year_over:
        verdict = MET if done >= target else NOT_MET
    elif done >= target:
        verdict = DONE
    else:
        verdict = ON_TRACK if done >= due else BEHIND
    return ItemProgress(
        item=item,
        target=target,
        done=done,
        share=float(done) / float(target) if target else None,
        expected=exact.quantize(Decimal("0.1")),
        due=due if money else int(due),
        verdict=verdict,
    )


def visit_counts(stations, start, end):
    """{station id: {kind: n}} of the visits logged in the days, receptions left out."""
    rows = (
        Visit.objects.in_place(station=stations)
        .filter(occurred_at__gte=day_start(start), occurred_at__lt=next_day_start(end))
        .exclude(kind=Visit.Kind.RECEPTION)
        .order_by()
        .values("station", "kind")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for row in rows:
        counts.setdefault(row["station"], {})[row["kind"]] = row["n"]
    return counts


def deed_quantities(stations, start, end):
    """{station id: {(category, unit): summed quantity}} of the deeds done in the days."""
    rows = (
        Deed.objects.in_place(station=stations)
        .filter(done_on__gte=start, done_on__lte=end, quantity__isnull=False)
        .exclude(unit="")
        .order_by()
        .values("station", "category", "unit")
        .annotate(total=Sum("quantity"))
    )
    found = {}
    for row in rows:
        found.setdefault(row["station"], {})[(row["category"], row["unit"])] = row["total"]
    return found


def quantity_done(item, quantities):
    """The summed quantity, in the item's unit, of the deeds its measure counts."""
    category = item.measure.removeprefix("deeds").removeprefix("_")  # "" for every category
    return sum(
        (
            total
            for (cat, unit), total in quantities.items()
            if unit == item.unit and (not category or cat == category)
        ),
        Decimal(0),
    )


def done_of(measure, visits, concerns, work):
    """What the station did of ``measure`` from its three groups of figures."""
    M = Measure
    if measure == M.VISITS:
        return sum(visits.values())
    if measure == M.NIGHT_VISITS:
        return visits.get(Visit.Kind.NIGHT, 0)
    if measure == M.CONCERNS_RESOLVED:
        return concerns.get("solved_on_spot", 0) + concerns.get("done", 0)
    if measure.startswith("deeds_"):
        return work.get("by_category", {}).get(measure.removeprefix("deeds_"), 0)
    if measure == M.ANALYSIS_MEETINGS:
        return work.get("by_kind", {}).get("concern_analysis", 0)
    # deeds, money_raised, people_helped, four_meetings, night_activities: same names.
    return work.get(measure, 0)


def progress_of(plans, *, today=None) -> list[PlanProgress]:
    """Each plan's progress (items prefetched), in four queries per year the plans are of."""
    plans = list(plans)
    if not plans:
        return []
    today = today or timezone.localdate()
    years = {p.year for p in plans}
    if len(years) != 1:
        return [
            p
            for year in sorted(years)
            for p in progress_of([q for q in plans if q.year == year], today=today)
        ]
    year = years.pop()
    as_of, elapsed, days = year_span(year, today)
    start = datetime.date(year, 1, 1)
    stations = [p.station_id for p in plans]
    if elapsed:
        visits = visit_counts(stations, start, as_of)
        concerns = concern_figures_by(
            "station", station=stations, start=start, end=as_of, today=today
        )
        work = meeting_figures_by("station", station=stations, start=start, end=as_of)
        in_units = any(i.in_unit for p in plans for i in p.items.all())
        quantities = deed_quantities(stations, start, as_of) if in_units else {}
    else:  # the year has not begun: nothing is counted and nothing is due
        visits = concerns = work = quantities = {}
    year_over = today > datetime.date(year, 12, 31)
    found = []
    for plan in plans:
        sid = plan.station_id
        figures = (visits.get(sid, {}), concerns.get(sid, {}), work.get(sid, {}))
        found.append(
            PlanProgress(
                plan=plan,
                as_of=as_of,
                elapsed=elapsed,
                days=days,
                year_over=year_over,
                items=[
                    item_progress(
                        item,
                        quantity_done(item, quantities.get(sid, {}))
                        if item.in_unit
                        else done_of(item.measure, *figures),
                        elapsed=elapsed,
                        days=days,
                        year_over=year_over,
                    )
                    for item in _in_order(plan.items.all())
                ],
            )
        )
    return found


ORDER = {m: i for i, m in enumerate(Measure.values)}


def _in_order(items):
    """The items in the order of ``Measure`` (visits first), whatever order they were saved."""
    return sorted(items, key=lambda item: ORDER.get(item.measure, math.inf))
