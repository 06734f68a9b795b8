"""Visits and contacts of a place and period: visits by kind, receptions,
households reached, days in a village, paired households contacted, farmer
friends (from their own register), visits per month.

The place and period arguments are ``visits.supervision.activity``'s (see
there for where each thing counts); every function costs one or two queries
whatever the size of the place.
"""

import datetime
import math

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate, TruncMonth
from django.utils import timezone

from cadres.models import Cadre
from stations.models import FarmerFriend, Pairing
from visits.models import ReachMonth, VillageDay, Visit, VisitMonth
from visits.models.concerns import day_start, next_day_start
from visits.models.rollups import sees_whole_counties
from visits.supervision.period import due
from visits.supervision.read_once import asked, each_pairing, no_pairings, read_so_far, summed
from visits.supervision.sources import group_key, grouped, rows_of

VISIT_KINDS = tuple(k for k in Visit.Kind.values if k != Visit.Kind.RECEPTION)


def visit_counts(*, period, by=None, raw=False, reached=True, **place):
    """Visits by kind, receptions and households reached.

    Over whole months the counts by kind are read from the rollups; the
    households reached (distinct, so no sum of months or members) from their
    rollups where they answer (``_reach_rows``), else from the visits; without
    ``reached`` they are not counted (left at 0). ``raw`` reads every count from
    the visits (what the rollups are compared with).

    Returns ``{key: {"by_kind": {kind: n}, "visits": n, "receptions": n,
    "logged": n, "households_reached": n}}``; two queries (one without ``reached``).
    """
    rows = rows_of(Visit, **place)
    in_period = rows.filter(occurred_at__gte=period.since, occurred_at__lt=period.until)
    key = group_key(rows, by) if by else None
    fields = [key, "kind"] if key else ["kind"]
    if period.whole_months and not raw:
        # Whole months: the sums of the monthly rollups (``visits.models.rollups``), the
        # same counts from a few rows per member instead of every visit.
        counted = (
            rows_of(VisitMonth, **place)
            .months(period.start, period.end)
            .exclude(n=0)
            .order_by()
            .values(*fields)
            .annotate(n=Sum("n"))
        )
    else:
        counted = in_period.order_by().values(*fields).annotate(n=Count("pk"))
    result = {}
    for row in counted:
        k = row[key] if key else None
        if k not in result:
            result[k] = empty_visits()
        figures = result[k]
        if row["kind"] == Visit.Kind.RECEPTION:
            figures["receptions"] += row["n"]
        else:
            figures["by_kind"][row["kind"]] += row["n"]  # every kind but reception is there
            figures["visits"] += row["n"]
        figures["logged"] += row["n"]
    if not reached:
        return result
    # COUNT of a column skips the visits without a household.
    rolled_up = _reach_rows(period, by, raw, place)
    if rolled_up is None:
        reached = grouped(in_period, by, n=Count("household", distinct=True))
    elif by == "county" and period.start.replace(day=1) == period.end.replace(day=1):
        # One month: a county's rows are its households reached, each once (counted
        # by a column of the index, which then answers alone).
        reached = grouped(rolled_up, by, n=Count("household"))
    else:
        reached = grouped(rolled_up, by, n=Count("household", distinct=True))
    for k, row in reached.items():
        result.setdefault(k, empty_visits())["households_reached"] = row["n"]
    return result


def households_reached(*, period, raw=False, **place):
    """Households reached by a visit in the period, in the place: one query."""
    rows = _reach_rows(period, None, raw, place)
    if rows is None:
        rows = rows_of(Visit, **place)
        rows = rows.filter(occurred_at__gte=period.since, occurred_at__lt=period.until)
    return rows.aggregate(n=Count("household", distinct=True))["n"]


def _reach_rows(period, by, raw, place):
    """The households reached rows (``ReachMonth``) that answer for the period and place,
    or None when they cannot: a period cut inside a month, ``raw``, a place or grouping
    below a county (the rows know their county only), or a login that sees less than
    whole counties (a township's staff)."""
    user = place.get("user")
    narrowed = {key: value for key, value in place.items() if value is not None}
    if (
        raw
        or not period.whole_months
        or by not in (None, "county")
        or set(narrowed) - {"prefecture", "county", "user"}
        or (user is not None and not sees_whole_counties(user))
    ):
        return None
    return rows_of(ReachMonth, **narrowed).months(period.start, period.end)


def empty_visits():
    return {
        "by_kind": dict.fromkeys(VISIT_KINDS, 0),
        "visits": 0,
        "receptions": 0,
        "logged": 0,
        "households_reached": 0,
    }


def contacts_of_pairing(*, since, until):
    """Visits in ``[since, until)`` by the outer pairing's cadre (author or companion)
    to its household, counted: a subquery."""
    companion_of = Visit.companions.through.objects.filter(
        cadre=OuterRef(OuterRef("cadre"))
    ).values("visit_id")
    rows = (
        Visit.objects.filter(
            household=OuterRef("household"), occurred_at__gte=since, occurred_at__lt=until
        )
        .filter(Q(author=OuterRef("cadre")) | Q(pk__in=companion_of))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def paired_contacts(*, period, quota, by=None, today=None, **place):
    """Paired households (结对联系户) contacted, against the quota pro-rated to the period.

    ``quota`` is the county's contacts per paired household a year
    (``Standard.contacts_per_paired_household``). The period is measured up
    to its end or today, whichever is first, and pro-rated by days:

    - each pairing that lasted into the measured period owes
      ``quota × (days of the measured period it lasted) / days in the year``,
      so a pairing handed over at a rotation owes its share before the move
      and the successor's pairing the share after; ``expected`` is the sum;
    - a pairing's contacts are the visits (of any kind, phone calls included)
      its cadre wrote or accompanied to its household in the period;
    - ``counted`` takes at most ``ceil(quota × measured days / days in the
      year)`` contacts from each pairing (one a month for a quota of 3), so
      ten visits to one household do not make up for never seeing the others;
    - ``due`` is ``expected`` rounded down: behind is ``counted < due``.

    Returns ``{key: {"paired", "paired_contacted", "paired_contacts",
    "paired_contacts_expected", "paired_contacts_due"}}``; one query.
    """
    as_of = period.as_of(today)
    rows = rows_of(Pairing, **place)
    if rows is None or as_of < period.start:
        return {}
    # At least one day is measured from here on, so the fraction is above 0.
    cap = max(1, math.ceil(quota * period.year_fraction(today) - 1e-9))
    rows = rows.filter(start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    first = Greatest(F("start_date"), Value(period.start), output_field=DateField())
    last = Least(Coalesce(F("end_date"), Value(as_of)), Value(as_of), output_field=DateField())
    contacts = contacts_of_pairing(since=period.since, until=next_day_start(as_of))
    span = ExpressionWrapper(last - first, output_field=DurationField())
    read = read_so_far()
    key = asked(period, quota, today, place) if read is not None else None
    if key is None:
        result = _per_pairing(rows, by, contacts=contacts, span=span, cap=cap)
    else:
        if key not in read:
            read[key] = each_pairing(rows, contacts=contacts, span=span)
        result = summed(read[key], by, cap=cap)
    for figures in result.values():
        span = figures.pop("span") or datetime.timedelta()
        if not isinstance(span, datetime.timedelta):  # SQLite sums durations in microseconds
            span = datetime.timedelta(microseconds=span)
        # Each pairing's last day counts too: its span is (last - first) + 1 day. (The
        # counts are 0, never None, over no pairings; the sum of spans is None then.)
        days = span.days + figures["paired"]
        figures["paired_contacts_expected"] = quota * days / period.year_days
        figures["paired_contacts_due"] = due(figures["paired_contacts_expected"])
    return result


def _per_pairing(rows, by, *, contacts, span, cap):
    """The pairings' counts, grouped: each pairing's contacts are counted once, in a
    common table expression, and the groups summed from it. As aggregates over the pairings
    (``Count(filter=contacts > 0)``, ``Sum(Least(contacts, cap))``) the database
    looked every pairing's visits up twice (a county's month at city size: 86–91 ms,
    75 ms counted once)."""
    none = no_pairings()
    group = Value(None, output_field=IntegerField()) if by is None else F(group_key(rows, by))
    inner = rows.order_by().annotate(n=contacts, span=span, grp=group)
    try:
        sql, params = inner.values("grp", "n", "span").query.sql_with_params()
    except EmptyResultSet:  # no cadres given (``cadre__in=[]``): no pairings
        return {None: none} if by is None else {}
    with connection.cursor() as cursor:
        # A materialised CTE: a plain derived table is folded into the outer query,
        # which then counts every pairing's visits once for each mention of ``n``.
        cursor.execute(
            f"WITH pairings AS MATERIALIZED ({sql})"
            " SELECT grp, COUNT(*), SUM(CASE WHEN n > 0 THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN n > %s THEN %s ELSE n END), SUM(span)"
            " FROM pairings GROUP BY grp",
            (*params, cap, cap),
        )
        # PostgreSQL sums bigints as numeric: the counts are read back as ints.
        found = {
            grp: {
                "paired": paired,
                "paired_contacted": int(contacted),
                "paired_contacts": int(counted),
                "span": days,
            }
            for grp, paired, contacted, counted, days in cursor.fetchall()
        }
    return {None: found.get(None, none)} if by is None else found


def farmer_friends(*, period, by="cadre", today=None, **place):
    """Farmer friends (农民朋友) in the members' registers on the measured last day, per
    cadre by default; one query.

    The friends' own register (``FarmerFriend``), never the pairings: a paired
    household is the township's assignment, a friend the member's own.
    """
    rows = rows_of(FarmerFriend, **place).on(period.as_of(today))
    return {k: row["n"] for k, row in grouped(rows, by, n=Count("pk")).items()}


def village_days(*, period, cadres, station=None, raw=False):
    """Days in a village per cadre: ``{cadre id: n}`` for the cadres given (a cadre
    without a day is left out: read it with ``.get(pk, 0)``), one query.

    Distinct local dates in the period on which the cadre wrote or accompanied
    a visit that was not a phone call; with ``station``, only visits logged there.
    Read from the days in a village rows (``VillageDay``: one per member, day and
    station); ``raw`` counts them from the visits (what the rows are compared with).
    """
    read = read_so_far()
    if read is None or raw or not isinstance(station, int | Model | None):
        return _village_days(period=period, cadres=cadres, station=station, raw=raw)
    station_id = getattr(station, "pk", station)
    counted = read.setdefault(("village_days", period.since, period.until, station_id), {})
    wanted = set(cadres.values_list("pk", flat=True))
    missing = wanted - counted.keys()
    if missing:
        # The cadres asked as they were given when none was counted yet (a subquery
        # reads faster than thousands of ids); those not counted yet, after.
        rest = cadres if len(missing) == len(wanted) else Cadre.objects.filter(pk__in=missing)
        found = _village_days(period=period, cadres=rest, station=station)
        counted.update({pk: found.get(pk, 0) for pk in missing})
    return {pk: counted[pk] for pk in wanted if counted[pk]}


def _village_days(*, period, cadres, station, raw=False):
    if not raw:
        rows = VillageDay.objects.filter(
            cadre__in=cadres, day__gte=period.start, day__lte=period.end
        )
        if station is not None:
            rows = rows.in_place(station=station)
        # A day at two stations (a rotation's day) is one day.
        counted = rows.order_by().values("cadre").annotate(n=Count("day", distinct=True))
        return {row["cadre"]: row["n"] for row in counted}
    # From the visits: the (cadre, day) pairs of the visits they wrote and of those they
    # accompanied put together (UNION drops a day counted twice) and counted per cadre in
    # one pass over the period's visits.
    visits = Visit.objects.filter(
        occurred_at__gte=period.since, occurred_at__lt=period.until
    ).exclude(kind=Visit.Kind.PHONE)
    if station is not None:
        visits = visits.in_place(station=station)
    wrote = (
        visits.filter(author__in=cadres)
        .annotate(who=F("author_id"), day=TruncDate("occurred_at"))
        .order_by()
        .values("who", "day")
    )
    # From the visits to their companions (one join), not from the companions to a
    # subquery of the period's visits, which looked every visit up twice.
    accompanied = (
        visits.filter(companions__in=cadres)
        .annotate(who=F("companions"), day=TruncDate("occurred_at"))
        .order_by()
        .values("who", "day")
    )
    try:
        both, params = wrote.union(accompanied).order_by().query.sql_with_params()
    except EmptyResultSet:  # no cadres given (``pk__in=[]``): nobody has a day
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT who, COUNT(*) FROM ({both}) AS days GROUP BY who", params)
        return dict(cursor.fetchall())


def visits_per_month(*, end, months=12, user=None, raw=False, **place):
    """Visits (receptions apart) per local month, the ``months`` months up to ``end``'s
    (from the rollups when ``end`` is a month's last day; ``raw``: from the visits).

    Returns ``[(first day of the month, n)]`` oldest first, zero-filled; one query.
    """
    firsts = [end.replace(day=1)]
    for _ in range(months - 1):
        previous = firsts[0] - datetime.timedelta(days=1)
        firsts.insert(0, previous.replace(day=1))
    if not raw and (end + datetime.timedelta(days=1)).day == 1:
        # Whole months: the sums of the monthly rollups.
        rows = (
            rows_of(VisitMonth, user=user, **place)
            .months(firsts[0], end)
            .exclude(kind=Visit.Kind.RECEPTION)
            .order_by()
            .values("month")
            .annotate(n=Sum("n"))
        )
        counts = {row["month"]: row["n"] for row in rows}
        return [(first, counts.get(first, 0)) for first in firsts]
    rows = (
        rows_of(Visit, user=user, **place)
        .filter(occurred_at__gte=day_start(firsts[0]), occurred_at__lt=next_day_start(end))
        .exclude(kind=Visit.Kind.RECEPTION)
        .annotate(month=TruncMonth("occurred_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    # TruncMonth of a timestamp is an aware datetime: its local date is the month's first.
    counts = {timezone.localdate(row["month"]): row["n"] for row in rows}
    return [(first, counts.get(first, 0)) for first in firsts]
