"""Coverage of the households that matter (重点户): the 三老三户 of the seeds (old party
members, old cadres and old models; hardship, well-off and petitioner households) and
the hardship-tagged (minimum subsistence, five guarantees) — which of them nobody has
visited this year, by village, by township and by paired member; each household's
last visit; and each member's days of eating, living or working with the masses.

Visited means a home, field or night visit logged to the household (phone calls and
receptions at the station are not visits), by anyone, not hidden. "This year" runs
from 1 January (Beijing) to the year's last day or today. Every read is one query
whatever the number of households; the caller scopes the households.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from stations.models import Pairing
from villages.exports import Column
from villages.models import Household, HouseholdTag
from visits.models import Visit
from visits.models.concerns import day_start, next_day_start
from visits.supervision.definitions import COVERAGE

T = HouseholdTag.Code
MATTER = (
    T.VETERAN,
    T.HARDSHIP,
    T.WELL_OFF,
    T.PETITIONER,
    T.SUBSISTENCE,
    T.FIVE_GUARANTEES,
)
IN_PERSON = (Visit.Kind.HOME, Visit.Kind.FIELD, Visit.Kind.NIGHT)
NOT_VISITED_PER_PAGE = 50


def year_span(year, today=None):
    """1 January to the year's last day, or to today while the year runs."""
    today = today or timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def visits_in_person():
    return Visit.objects.filter(kind__in=IN_PERSON)


def with_last_visit(households):
    """Each household with ``last_visited_at``: its latest visit in person, by anyone
    (index visit_household_time_idx), or None."""
    latest = visits_in_person().filter(household=OuterRef("pk")).order_by("-occurred_at")
    return households.annotate(last_visited_at=Subquery(latest.values("occurred_at")[:1]))


def last_visited_column():
    """The export's "last visited" column: the Beijing day of ``last_visited_at``."""
    label = COVERAGE["last_visited"].label
    return Column(
        label, lambda h: timezone.localdate(h.last_visited_at) if h.last_visited_at else "", 12
    )


def that_matter(households):
    """The households holding at least one of the tags of ``MATTER`` (no duplicates)."""
    tagged = Household.tags.through.objects.filter(
        household=OuterRef("pk"), householdtag__code__in=MATTER
    )
    return households.filter(Exists(tagged))


def _visited(start, end, household="pk"):
    """Whether the household (the outer row's ``household`` field) had a visit in person."""
    return Exists(
        visits_in_person().filter(
            household=OuterRef(household),
            occurred_at__gte=day_start(start),
            occurred_at__lt=next_day_start(end),
        )
    )


def not_visited(households, *, start, end):
    """The households that matter with no visit in person from ``start`` to ``end``."""
    return that_matter(households).filter(~_visited(start, end))


def coverage_by(group, households, *, start, end):
    """{group key: {"total", "not_visited"}} for the households that matter, grouped by
    ``group`` ("village" or "village__township"), plus the whole under None."""
    rows = (
        that_matter(households)
        .annotate(visited=_visited(start, end))
        .order_by()
        .values(group)
        .annotate(total=Count("pk"), not_visited=Count("pk", filter=Q(visited=False)))
    )
    found = {row[group]: {"total": row["total"], "not_visited": row["not_visited"]} for row in rows}
    found[None] = {
        "total": sum(r["total"] for r in found.values()),
        "not_visited": sum(r["not_visited"] for r in found.values()),
    }
    return found


def coverage_by_member(households, *, start, end):
    """{cadre id: {"total", "not_visited"}}: the households that matter each cadre is
    paired with on ``end``, and how many of them nobody visited in the span."""
    on = end
    pairings = (
        Pairing.objects.filter(household__in=that_matter(households), start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .annotate(visited=_visited(start, end, household="household"))
        .order_by()
        .values("cadre")
        .annotate(
            total=Count("household", distinct=True),
            not_visited=Count("household", filter=Q(visited=False), distinct=True),
        )
    )
    return {
        row["cadre"]: {"total": row["total"], "not_visited": row["not_visited"]} for row in pairings
    }


def together_days(*, start, end, cadres=None, cadre=None):
    """{cadre id: days}: the Beijing days on which the cadre logged a visit where they ate,
    lived or worked with the household (同吃、同住、同劳动), each day once."""
    visits = Visit.objects.filter(
        Q(ate_together=True) | Q(lived_together=True) | Q(worked_together=True),
        occurred_at__gte=day_start(start),
        occurred_at__lt=next_day_start(end),
    )
    if cadre is not None:
        visits = visits.filter(author=cadre)
    if cadres is not None:
        visits = visits.filter(author__in=cadres)
    rows = (
        visits.annotate(day=TruncDate("occurred_at"))
        .order_by()
        .values("author")
        .annotate(days=Count("day", distinct=True))
    )
    return {row["author"]: row["days"] for row in rows}


PAIRED_SHOWN = 50  # a member has a handful (3 to 5 by the seeds)


def paired_households_of(cadre, *, user, on):
    """The households paired with ``cadre`` on ``on`` that ``user`` may see, each with its
    last visit (by anyone) and its tags, the longest unvisited first."""
    paired = Pairing.objects.filter(cadre=cadre, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    households = Household.objects.visible_to(user).filter(pk__in=paired.values("household"))
    return list(
        with_last_visit(households)
        .select_related("village")
        .prefetch_related("tags")
        .order_by(F("last_visited_at").asc(nulls_first=True), "head_name", "pk")[:PAIRED_SHOWN]
    )
