"""Activity figures for a place and period, computed in the database.

These are the selectors the supervision pages and the monthly report share,
so a figure is the same wherever it appears. Every function takes the period
(``visits.supervision.period.Period``: local Asia/Shanghai days, both ends
included) and a place as keyword arguments — ``county``, ``township``,
``station``, ``cadre`` (any combination narrows further) and ``user`` (what
the user may see) — and costs a fixed number of queries, whatever the size
of the place. ``by`` ("township", "station", "village" or "cadre") groups the
figures in the same query and returns ``{key id: figures}``.

Where each thing counts
-----------------------
- A visit counts at the station it was logged at (``Visit.station``), so a
  cadre who rotated mid-month has the first half of the month at the old
  station and the second half at the new one. For a cadre, "visits" are the
  ones they wrote (``author``).
- Receptions are the visits of kind "reception"; "visits" are all the other
  kinds (a phone call included: it is a contact, though not a day in a village).
- Duty days count at their station, and for a cadre the days they were on duty.
- Households and card coverage belong to the households' villages (a station
  is its village's); a card counts when it was issued by the period's measured
  last day and not voided by then.
- A cadre's days in a village are the distinct local dates on which they
  wrote or accompanied a visit that was not a phone call.
- Paired contacts: see ``paired_contacts``.
"""

import datetime
import math

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from cadres.models import Cadre
from stations.models import ContactCard, DutyDay, Pairing
from villages.models import Household
from visits.concerns.figures import COUNTS, RATES, concern_figures, concern_figures_by
from visits.models import Visit
from visits.models.concerns import day_start, next_day_start
from visits.supervision.period import Period, due

GROUPS = ("township", "station", "village", "cadre")
VISIT_KINDS = tuple(k for k in Visit.Kind.values if k != Visit.Kind.RECEPTION)

# How each source reaches each place; the same paths group the figures.
PATHS = {
    Visit: {
        "county": "station__village__township__county",
        "township": "station__village__township",
        "station": "station",
        "village": "village",
        "cadre": "author",
    },
    DutyDay: {
        "county": "station__village__township__county",
        "township": "station__village__township",
        "station": "station",
        "village": "station__village",
        "cadre": "cadre",
    },
    Household: {
        "county": "village__township__county",
        "township": "village__township",
        "station": "village__station",
        "village": "village",
        "cadre": None,
    },
    Pairing: {
        "county": "household__village__township__county",
        "township": "household__village__township",
        "station": "household__village__station",
        "village": "household__village",
        "cadre": "cadre",
    },
}
CONCERN_GROUPS = {"township": "township", "station": "station", "cadre": "raised_by"}


def _rows(model, *, user=None, **place):
    """``model``'s rows within the place (None when the place does not apply to it).

    A place may be one row (or id) or several (a list or queryset of them).
    """
    rows = model.objects.all() if user is None else model.objects.visible_to(user)
    for level, value in place.items():
        if value is None:
            continue
        path = PATHS[model][level]
        if path is None:
            return None
        many = isinstance(value, (list, tuple, set, frozenset, QuerySet))
        rows = rows.filter(**{f"{path}__in" if many else path: value})
    return rows


def _grouped(rows, by, **aggregates):
    """``{key: {name: value}}`` (key None without ``by``), in one query."""
    if rows is None:
        return {}
    if by is None:
        return {None: rows.aggregate(**aggregates)}
    key = PATHS[rows.model][by]
    if key is None:
        return {}
    values = rows.order_by().values(key).annotate(**aggregates)
    return {row.pop(key): row for row in values}


def visit_counts(*, period, by=None, **place):
    """Visits by kind, receptions and households reached.

    Returns ``{key: {"by_kind": {kind: n}, "visits": n, "receptions": n,
    "logged": n, "households_reached": n}}``; two queries.
    """
    rows = _rows(Visit, **place)
    in_period = rows.filter(occurred_at__gte=period.since, occurred_at__lt=period.until)
    key = PATHS[Visit][by] if by else None
    fields = [key, "kind"] if key else ["kind"]
    result = {}
    for row in in_period.order_by().values(*fields).annotate(n=Count("pk")):
        figures = result.setdefault(row[key] if key else None, _empty_visits())
        if row["kind"] == Visit.Kind.RECEPTION:
            figures["receptions"] += row["n"]
        else:
            figures["by_kind"][row["kind"]] = figures["by_kind"].get(row["kind"], 0) + row["n"]
            figures["visits"] += row["n"]
        figures["logged"] += row["n"]
    reached = _grouped(
        in_period.filter(household__isnull=False), by, n=Count("household", distinct=True)
    )
    for k, row in reached.items():
        result.setdefault(k, _empty_visits())["households_reached"] = row["n"] or 0
    return result


def _empty_visits():
    return {
        "by_kind": dict.fromkeys(VISIT_KINDS, 0),
        "visits": 0,
        "receptions": 0,
        "logged": 0,
        "households_reached": 0,
    }


def duty_days(*, period, by=None, today=None, **place):
    """Duty days scheduled in the period, due by its measured last day, held, missed.

    "Scheduled" is every duty day on the roster in the period; "due" those
    dated up to the period's end or today, whichever is first; "missed" the
    due ones not marked held. One query.
    """
    as_of = period.as_of(today)
    rows = _rows(DutyDay, **place)
    rows = rows.filter(date__range=(period.start, period.end)) if rows is not None else None
    return _grouped(
        rows,
        by,
        duty_scheduled=Count("pk"),
        duty_due=Count("pk", filter=Q(date__lte=as_of)),
        duty_held=Count("pk", filter=Q(held=True)),
        duty_missed=Count("pk", filter=Q(date__lte=as_of, held=False)),
    )


def card_coverage(*, period, by=None, today=None, **place):
    """Households, those holding a valid card on the measured last day, and the share.

    One query; a cadre has no households of their own, so ``cadre`` gives ``{}``.
    """
    valid = holds_valid_card(period.as_of(today))
    rows = _rows(Household, **place)
    # Expressions inside the aggregates, not annotations: an aggregate over an
    # annotation is wrapped in a subquery that may leave the annotation out.
    result = _grouped(rows, by, households=Count("pk"), carded=Count("pk", filter=valid))
    for figures in result.values():
        figures["households"] = figures["households"] or 0
        figures["carded"] = figures["carded"] or 0
        figures["card_coverage"] = _share(figures["carded"], figures["households"])
    return result


def holds_valid_card(as_of):
    """Whether the outer household holds a card issued by ``as_of`` and not voided by then."""
    valid = ContactCard.objects.filter(household=OuterRef("pk"), issued_on__lte=as_of).filter(
        Q(voided_on__isnull=True) | Q(voided_on__gt=as_of)
    )
    return Exists(valid)


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
    fraction = period.year_fraction(today)
    cap = max(1, math.ceil(quota * fraction - 1e-9)) if fraction else 0
    rows = _rows(Pairing, **place)
    if rows is None or as_of < period.start:
        return {}
    rows = rows.filter(start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    first = Greatest(F("start_date"), Value(period.start), output_field=DateField())
    last = Least(Coalesce(F("end_date"), Value(as_of)), Value(as_of), output_field=DateField())
    contacts = contacts_of_pairing(since=period.since, until=next_day_start(as_of))
    span = ExpressionWrapper(last - first, output_field=DurationField())
    result = _grouped(
        rows,
        by,
        paired=Count("pk"),
        paired_contacted=Count("pk", filter=GreaterThan(contacts, 0)),
        paired_contacts=Coalesce(Sum(Least(contacts, Value(cap))), 0),
        span=Sum(span),
    )
    for figures in result.values():
        span = figures.pop("span") or datetime.timedelta()
        # Each pairing's last day counts too: its span is (last - first) + 1 day.
        days = span.days + (figures["paired"] or 0)
        figures["paired"] = figures["paired"] or 0
        figures["paired_contacted"] = figures["paired_contacted"] or 0
        figures["paired_contacts_expected"] = quota * days / period.year_days
        figures["paired_contacts_due"] = due(figures["paired_contacts_expected"])
    return result


def farmer_friends(*, period, by="cadre", today=None, **place):
    """Current pairings on the measured last day (农民朋友), per cadre by default; one query."""
    as_of = period.as_of(today)
    rows = _rows(Pairing, **place)
    rows = rows.filter(start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of)
    )
    return {k: row["n"] for k, row in _grouped(rows, by, n=Count("pk")).items()}


def village_days(*, period, cadres, station=None):
    """Days in a village per cadre: ``{cadre id: n}`` for the cadres given, one query.

    Distinct local dates in the period on which the cadre wrote or accompanied
    a visit that was not a phone call; with ``station``, only visits logged there.
    """
    companion_of = Visit.companions.through.objects.filter(cadre=OuterRef(OuterRef("pk"))).values(
        "visit_id"
    )
    visits = Visit.objects.filter(
        occurred_at__gte=period.since, occurred_at__lt=period.until
    ).exclude(kind=Visit.Kind.PHONE)
    if station is not None:
        visits = visits.filter(station=station)
    days = (
        visits.filter(Q(author=OuterRef("pk")) | Q(pk__in=companion_of))
        .annotate(day=TruncDate("occurred_at"))
        .order_by()
        .annotate(all=Value(1))
        .values("all")
        .annotate(n=Count("day", distinct=True))
        .values("n")
    )
    rows = cadres.order_by().annotate(
        village_days=Coalesce(Subquery(days, output_field=IntegerField()), 0)
    )
    return dict(rows.values_list("pk", "village_days"))


def concerns(
    *, period, by=None, today=None, county=None, township=None, station=None, cadre=None, user=None
):
    """The concerns issue's figures (``visits.concerns.figures``), for the same place."""
    place = {"county": county, "township": township, "station": station, "cadre": cadre}
    if by is None:
        return {
            None: concern_figures(
                user=user, start=period.start, end=period.end, today=today, **place
            )
        }
    if by not in CONCERN_GROUPS:
        return {}
    return concern_figures_by(
        CONCERN_GROUPS[by], user=user, start=period.start, end=period.end, today=today, **place
    )


def _share(part, whole):
    return part / whole if whole else None


def _merge(keys, *parts):
    """One figures dict per key, from the per-source dicts (missing ones zero-filled)."""
    empty = {
        **_empty_visits(),
        "duty_scheduled": 0,
        "duty_due": 0,
        "duty_held": 0,
        "duty_missed": 0,
        "paired": 0,
        "paired_contacted": 0,
        "paired_contacts": 0,
        "paired_contacts_expected": 0.0,
        "paired_contacts_due": 0,
    }
    merged = {}
    for key in keys:
        figures = {**empty, "by_kind": dict(empty["by_kind"])}
        for part in parts:
            figures.update(part.get(key, {}))
        merged[key] = figures
    return merged


def _figures(keys, *, period, by, standard, today, user, place):
    args = {"period": period, "by": by, "user": user, **place}
    dated = {**args, "today": today}
    visits = visit_counts(**args)
    duties = duty_days(**dated)
    cards = card_coverage(**dated)
    pairs = paired_contacts(quota=standard.contacts_per_paired_household, **dated)
    merged = _merge(keys, visits, duties, cards, pairs)
    if by != "village":
        figures_of_concerns = concerns(**dated)
        for key, figures in merged.items():
            figures["concerns"] = figures_of_concerns.get(key) or concern_figures_none()
    if by is None or by == "cadre":
        friends = farmer_friends(**{**dated, "by": "cadre"})
        for key, figures in merged.items():
            figures["farmer_friends"] = (
                sum(friends.values()) if key is None else friends.get(key, 0)
            )
    for figures in merged.values():
        figures.setdefault("households", None)
        figures.setdefault("carded", None)
        figures.setdefault("card_coverage", None)
    return merged


def concern_figures_none():
    """Concern figures of a place with no concerns at all (every count 0, rates None)."""
    return {**dict.fromkeys(COUNTS, 0), **dict.fromkeys(RATES)}


def activity(
    *,
    period: Period,
    standard,
    county=None,
    township=None,
    station=None,
    cadre=None,
    user=None,
    today=None,
):
    """Every activity figure for one place and period (about eight queries).

    Keys: ``by_kind`` ({kind: n}), ``visits``, ``receptions``, ``logged``,
    ``households_reached``, ``duty_scheduled``, ``duty_due``, ``duty_held``,
    ``duty_missed``, ``paired``, ``paired_contacted``, ``paired_contacts``,
    ``paired_contacts_expected``, ``paired_contacts_due``, ``households``,
    ``carded``, ``card_coverage`` (0–1 or None), ``concerns`` (the concern
    figures); for a cadre also ``village_days`` and ``farmer_friends``.
    ``standard`` is the county's ``Standard`` (``standards.standard_for``).
    """
    place = {"county": county, "township": township, "station": station, "cadre": cadre}
    figures = _figures(
        [None], period=period, by=None, standard=standard, today=today, user=user, place=place
    )[None]
    if cadre is not None:
        cadres = Cadre.objects.filter(pk=cadre.pk)
        figures["village_days"] = village_days(period=period, cadres=cadres, station=station).get(
            cadre.pk, 0
        )
    return figures


def activity_by(
    by,
    *,
    period: Period,
    standard,
    keys,
    county=None,
    township=None,
    station=None,
    cadre=None,
    user=None,
    today=None,
):
    """The same figures per township, station, village or cadre: ``{key id: figures}``.

    ``keys`` are the ids to report (every one gets a row, zero-filled), e.g.
    the stations of a township. Five or six queries whatever their number.
    With ``by="cadre"`` each row also has ``village_days`` (restricted to
    ``station`` when given) and ``farmer_friends``.
    """
    if by not in GROUPS:
        raise ValueError(by)
    keys = list(keys)
    place = {"county": county, "township": township, "station": station, "cadre": cadre}
    merged = _figures(
        keys, period=period, by=by, standard=standard, today=today, user=user, place=place
    )
    if by == "cadre":
        cadres = Cadre.objects.filter(pk__in=keys)
        days = village_days(period=period, cadres=cadres, station=station)
        for key, figures in merged.items():
            figures["village_days"] = days.get(key, 0)
    return merged


def visits_per_month(*, end, months=12, user=None, **place):
    """Visits (receptions apart) per local month, the ``months`` months up to ``end``'s.

    Returns ``[(first day of the month, n)]`` oldest first, zero-filled; one query.
    """
    firsts = [end.replace(day=1)]
    for _ in range(months - 1):
        previous = firsts[0] - datetime.timedelta(days=1)
        firsts.insert(0, previous.replace(day=1))
    rows = (
        _rows(Visit, user=user, **place)
        .filter(occurred_at__gte=day_start(firsts[0]), occurred_at__lt=next_day_start(end))
        .exclude(kind=Visit.Kind.RECEPTION)
        .annotate(month=TruncMonth("occurred_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        counts[month.replace(day=1)] = row["n"]
    return [(first, counts.get(first, 0)) for first in firsts]
