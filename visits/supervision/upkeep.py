"""What the stations keep up in a place and period: duty days held, and
households holding a valid contact card.

The place and period arguments are ``visits.supervision.activity``'s (see
there for where each thing counts); one query each, whatever the size of the
place.
"""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from stations.models import ContactCard, DutyDay
from villages.models import Household
from visits.models import CardMonth
from visits.supervision.sources import grouped, rows_of, share


def duty_days(*, period, by=None, today=None, **place):
    """Duty days scheduled in the period, due by its measured last day, held, missed.

    "Scheduled" is every duty day on the roster in the period; "due" those
    dated up to the period's end or today, whichever is first; "held" the due
    ones marked held and "missed" the due ones not: days still to come count
    in neither, so held / due is what was done of what was owed so far.
    Today's duty day is due once it is held, and missed only from tomorrow
    (``Period.settled``). One query.
    """
    as_of = period.as_of(today)
    settled = period.settled(today)
    due = Q(date__lte=settled) | Q(date__lte=as_of, held=True)
    rows = rows_of(DutyDay, **place)
    rows = rows.filter(date__range=(period.start, period.end)) if rows is not None else None
    return grouped(
        rows,
        by,
        duty_scheduled=Count("pk"),
        duty_due=Count("pk", filter=due),
        duty_held=Count("pk", filter=Q(date__lte=as_of, held=True)),
        duty_missed=Count("pk", filter=Q(date__lte=settled, held=False)),
    )


def card_coverage(*, period, by=None, today=None, raw=False, **place):
    """Households, those holding a valid card on the measured last day, and the share.

    One query when the place's rollup rows of that month were all counted on that
    day (a finished month's last day; today, for the month under way once the
    night's recount or a card written today has counted it), two otherwise: the
    households themselves (``raw``: always). A cadre has no households of their
    own, so ``cadre`` gives ``{}``.
    """
    as_of = period.as_of(today)
    if not raw and (found := card_rows(as_of, by, **place)):
        return found
    valid = holds_valid_card(as_of)
    rows = rows_of(Household, **place)
    # Expressions inside the aggregates, not annotations: an aggregate over an
    # annotation is wrapped in a subquery that may leave the annotation out.
    # Count gives 0, never None, over no rows (even a place narrowed to nothing).
    result = grouped(rows, by, households=Count("pk"), carded=Count("pk", filter=valid))
    for figures in result.values():
        figures["card_coverage"] = share(figures["carded"], figures["households"])
    return result


def card_rows(as_of, by=None, **place):
    """``card_coverage``'s figures from the rollup rows of the month of ``as_of``, when
    every one of them in the place was counted on ``as_of``; empty otherwise (or when
    there are none). One query."""
    rows = rows_of(CardMonth, **place)
    if rows is None:
        return {}
    rows = rows.filter(month=as_of.replace(day=1))
    result = grouped(
        rows,
        by,
        households=Sum("households"),
        carded=Sum("carded"),
        # A row counted on another day (yesterday's, of the month under way) does not
        # answer for this one.
        other_day=Count("pk", filter=~Q(counted_on=as_of)),
    )
    if by is None and result[None]["households"] is None:
        return {}  # no row: the month was not written (or the place has no households)
    if any(figures.pop("other_day") for figures in result.values()):
        return {}
    for figures in result.values():
        figures["card_coverage"] = share(figures["carded"], figures["households"])
    return result


def holds_valid_card(as_of):
    """Whether the outer household holds a card issued by ``as_of`` and not voided by then."""
    valid = ContactCard.objects.filter(household=OuterRef("pk"), issued_on__lte=as_of).filter(
        Q(voided_on__isnull=True) | Q(voided_on__gt=as_of)
    )
    return Exists(valid)
