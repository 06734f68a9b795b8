"""The city's figures (市级督导): each county of a prefecture in a row, and the city's total.

Two pages read them: the city supervisor's start page (``city_overview``: what
the counties hold and this month's exceptions) and the city's supervision page
and month report (``city_period``: what each county did in a period). Every
figure is one grouped query by county, so a page costs the same number of
queries whatever the number of counties, townships or visits; the words of
each figure are in ``visits.supervision.definitions`` (``CITY``, and the
activity, worklist and concern families the county pages use).

The rows are the counties of the prefecture the user may see (``visible_to``);
a county with no prefecture belongs to no city and is in none of these rows.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from stations.models import ContactCard, DutyDay, WorkStation
from villages.models import County, Household, Township, Village
from visits.concerns.figures import concern_figures, concern_figures_by
from visits.models import Concern, Visit
from visits.supervision.activity import concern_figures_none
from visits.supervision.contacts import households_reached, visit_counts
from visits.supervision.period import Period
from visits.supervision.sources import share
from visits.supervision.upkeep import card_coverage, card_rows, duty_days
from visits.supervision.worklist import missed_duty_days

# The start page's columns, in order: (key, glossary key).
OVERVIEW_COLUMNS = (
    ("townships", "city.townships"),
    ("villages", "city.villages"),
    ("stations", "city.stations"),
    ("households", "activity.households"),
    ("cards", "city.valid_cards"),
    ("visits", "city.visits_month"),
    ("receptions", "city.receptions_month"),
    ("overdue", "worklist.overdue"),
    ("to_assign", "worklist.to_assign"),
    ("missed_duty", "worklist.missed_duty"),
)

# The supervision page's and the month report's columns: (key, glossary key).
PERIOD_COLUMNS = (
    ("visits", "activity.visits"),
    ("receptions", "activity.receptions"),
    ("households_reached", "activity.households_reached"),
    ("duty_due", "activity.duty_due"),
    ("duty_held", "activity.duty_held"),
    ("duty_missed", "city.duty_missed"),
    ("households", "activity.households"),
    ("carded", "activity.carded"),
    ("card_coverage", "activity.card_coverage"),
    ("raised", "concerns.raised"),
    ("done", "concerns.done"),
    ("overdue", "concerns.overdue"),
)


def counties_of(prefecture, *, user):
    """The prefecture's counties the user may see, by name."""
    return County.objects.visible_to(user).in_place(prefecture=prefecture).order_by("name", "pk")


def _by_county(rows, path=None):
    """``{county id: n}`` of ``rows`` (a place-owned queryset), one query."""
    key = path or rows.path_to("county")
    return dict(rows.order_by().values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def _households_and_cards(user, place, today):
    """``{"households": {county id: n}, "cards": {county id: n}}``: the card rollups'
    rows of this month when counted today (one query: 6,000 rows instead of 834,000
    households), or else the households and the valid cards themselves (two).

    A household holds one valid card at most (a database constraint), so the
    households holding a valid card and the valid cards are the same number.
    """
    rows = card_rows(today, "county", user=user, **place)
    if rows:
        return {
            "households": {pk: found["households"] for pk, found in rows.items()},
            "cards": {pk: found["carded"] for pk, found in rows.items()},
        }
    return {
        "households": _by_county(Household.objects.visible_to(user).in_place(**place)),
        "cards": _by_county(ContactCard.objects.visible_to(user).valid().in_place(**place)),
    }


def city_overview(prefecture, *, user, today: datetime.date | None = None):
    """The start page: per county what it holds and this month's figures and exceptions.

    Returns ``{"rows": [{"county": County, <OVERVIEW_COLUMNS keys>: n}], "totals": {…},
    "today": date}``. Nine grouped queries (ten when this month's card rows are not
    counted today) and one for the counties.
    """
    today = today or timezone.localdate()
    counties = list(counties_of(prefecture, user=user))
    place = {"prefecture": prefecture}
    month = Period(today.replace(day=1), today)  # this month so far
    visits = (
        Visit.objects.visible_to(user)
        .in_place(**place)
        .filter(occurred_at__gte=month.since, occurred_at__lt=month.until)
    )
    county = visits.path_to("county")
    visit_rows = (
        visits.order_by()
        .values(county)
        .annotate(
            visits=Count("pk", filter=~Q(kind=Visit.Kind.RECEPTION)),
            receptions=Count("pk", filter=Q(kind=Visit.Kind.RECEPTION)),
        )
    )
    visit_figures = {row[county]: row for row in visit_rows}
    concerns = Concern.objects.visible_to(user).in_place(**place)
    concern_path = concerns.path_to("county")
    concern_rows = (
        concerns.order_by()
        .values(concern_path)
        .annotate(
            overdue=Count("pk", filter=Concern.overdue_q(today)),
            to_assign=Count("pk", filter=Q(state=Concern.State.ESCALATED)),
        )
    )
    exceptions = {row[concern_path]: row for row in concern_rows}
    counts = {
        "townships": _by_county(Township.objects.visible_to(user).in_place(**place)),
        "villages": _by_county(Village.objects.visible_to(user).in_place(**place)),
        "stations": _by_county(WorkStation.objects.visible_to(user).in_place(**place)),
        **_households_and_cards(user, place, today),
        "missed_duty": _by_county(
            missed_duty_days(DutyDay.objects.visible_to(user).in_place(**place), today)
        ),
    }
    rows = []
    for c in counties:
        row = {"county": c, **{key: found.get(c.pk, 0) for key, found in counts.items()}}
        seen = visit_figures.get(c.pk, {})
        row["visits"] = seen.get("visits", 0)
        row["receptions"] = seen.get("receptions", 0)
        worries = exceptions.get(c.pk, {})
        row["overdue"] = worries.get("overdue", 0)
        row["to_assign"] = worries.get("to_assign", 0)
        rows.append(row)
    totals = {key: sum(row[key] for row in rows) for key, _label in OVERVIEW_COLUMNS}
    return {"rows": rows, "totals": totals, "today": today}


# What a county shows of a kind it has nothing of: each column at nought, no share.
NOTHING = {
    **dict.fromkeys(
        ("visits", "receptions", "households_reached", "duty_due", "duty_held", "duty_missed"),
        0,
    ),
    "households": 0,
    "carded": 0,
    "card_coverage": None,
}


def _period_figures(found_visits, duties, cards, worries):
    figures = {**NOTHING, **(found_visits or {}), **(duties or {}), **(cards or {})}
    figures["concerns"] = worries or concern_figures_none()
    for name in ("raised", "done", "overdue"):
        figures[name] = figures["concerns"][name]
    return figures


def city_period(prefecture, *, period: Period, user, counties):
    """The supervision page's and the month report's figures: per county and in all.

    ``counties``: the rows to list (the prefecture's counties the user may see,
    perhaps narrowed by a filter). Returns ``{"rows": [{"county": County,
    <PERIOD_COLUMNS keys>…}], "totals": {…}}``; nine grouped queries and one for
    the counties, whatever their number.
    """
    counties = list(counties)
    place = {"prefecture": prefecture, "user": user}
    dated = {"period": period, **place}  # measured up to today, the clock's
    parts = {
        "visits": visit_counts(period=period, **place, by="county"),
        "duties": duty_days(**dated, by="county"),
        "cards": card_coverage(**dated, by="county"),
        "concerns": concern_figures_by(
            "county",
            user=user,
            prefecture=prefecture,
            start=period.start,
            end=period.end,
        ),
    }
    rows = [
        {"county": c, **_period_figures(*(part.get(c.pk) for part in parts.values()))}
        for c in counties
    ]
    # The city's visits, duty days and cards are the sums of every county's (each row
    # counts in one county), not counted again; households reached are distinct, and a
    # household may be reached from stations of two counties: counted once, by itself.
    visits = _summed(parts["visits"].values(), ("visits", "receptions"))
    visits["households_reached"] = households_reached(period=period, **place)
    cards = _summed(parts["cards"].values(), ("households", "carded"))
    cards["card_coverage"] = share(cards["carded"], cards["households"])
    total = _period_figures(
        visits,
        _summed(parts["duties"].values(), ("duty_due", "duty_held", "duty_missed")),
        cards,
        concern_figures(user=user, prefecture=prefecture, start=period.start, end=period.end),
    )
    return {"rows": rows, "totals": total}


def _summed(groups, keys):
    """``{key: n}``: each of ``keys`` added up over ``groups``."""
    groups = list(groups)
    return {key: sum(figures[key] for figures in groups) for key in keys}
