"""Keeping the card-coverage rollups (``visits.models.CardMonth``) equal to the
households and their cards.

A month's row holds a village's households and those holding a valid card on
the day it was counted (``counted_on``, ``upkeep.holds_valid_card``): a finished
month's on its last day, the month under way's on the day it was written. Card
coverage reads the sum of a place's rows when all of them were counted on the
day it measures, without asking each household's cards again (4.7 s for the
city's 834,000 households; a few thousand rows instead).

What changes them, in the same transaction as the change (signals):

- a card issued, voided or corrected: the months written whose last day is on
  or after the earliest date it had or has, the month under way included,
  recounted on their last day or today. The card services write in bulk and
  say so with ``stations.signals.cards_written``;
- a household created (``households`` + 1 in its village's months: it holds no
  card yet) or moved to another village (both villages' months afresh); the
  household import, which writes in bulk, calls ``households_added``.

A month's rows are written on the night after it begins and again after it is
over, and the month under way's every night (``manage.py rollups --rebuild
--last-month``, the nightly timer, or the worker's ``rebuild_months_task``);
until its rows are counted on the day asked, a month is read from the
households, correct but slower. Deletes (the admin only: no page deletes a
household or a card) and bulk writes other than the card services' are
repaired the same way.
"""

import calendar
import datetime

from django.db import connection
from django.db.models import Count, Min
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from stations.models import ContactCard
from stations.signals import cards_written
from villages.models import Household
from villages.signals import households_written
from visits.models import CardMonth, Visit
from visits.supervision.upkeep import holds_valid_card


def month_end(first):
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def stored_months(since=None):
    """The months that have rows (first days), from ``since``'s on."""
    rows = CardMonth.objects.all()
    if since is not None:
        rows = rows.filter(month__gte=since.replace(day=1))
    return sorted(set(rows.order_by().values_list("month", flat=True).distinct()))


def kept_months(today=None):
    """Every month from the first card's or visit's to today's, first days: those over
    and the month under way."""
    today = today or timezone.localdate()
    firsts = [
        ContactCard.objects.aggregate(first=Min("issued_on"))["first"],
        Visit.all_objects.aggregate(first=Min("occurred_at"))["first"],
    ]
    firsts = [timezone.localdate(d) if isinstance(d, datetime.datetime) else d for d in firsts if d]
    if not firsts:
        return []
    month, months = min(firsts).replace(day=1), []
    while month <= today:
        months.append(month)
        month = month_end(month) + datetime.timedelta(days=1)
    return months


def _kept(months, today=None):
    """``months`` without those still to come."""
    today = today or timezone.localdate()
    return [m for m in months if m <= today]


def counted_on(month, today=None):
    """The day a month's rows count: its last, or today while it is under way."""
    return min(month_end(month), today or timezone.localdate())


def refresh(villages, months, today=None):
    """Write the rows of ``villages`` (ids, or None: every village) for ``months``
    afresh from the households, each counted on ``counted_on``; two queries a month."""
    for month in _kept(months, today):
        day = counted_on(month, today)
        rows = CardMonth.objects.filter(month=month)
        households = Household.objects.all()
        if villages is not None:
            rows = rows.in_place(village=villages)
            households = households.in_place(village=villages)
        rows.delete()
        counted = (
            households.order_by()
            .values("village")
            .annotate(h=Count("pk"), c=Count("pk", filter=holds_valid_card(day)))
        )
        # Written over, not inserted: a write in the same village at the same moment
        # (another station's card, the nightly rebuild) may have committed its row
        # since our delete waited on it, and counted after it, so did we.
        CardMonth.objects.bulk_create(
            [
                CardMonth(
                    month=month,
                    village_id=r["village"],
                    households=r["h"],
                    carded=r["c"],
                    counted_on=day,
                )
                for r in counted
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["month", "village"],
            update_fields=["households", "carded", "counted_on"],
        )


def rebuild(months=None, today=None):
    """Every month over and the month under way (or those of ``months``, first days)
    afresh; returns the rows written."""
    if months is None:
        CardMonth.objects.all().delete()
        months = kept_months(today)
    months = _kept(months, today)
    refresh(None, months, today)
    return CardMonth.objects.filter(month__in=months).count()


def differences(months=None, today=None):
    """``[(month, village, kept (households, carded), counted)]`` where they differ, in
    every month kept (or those of ``months``), counted on ``counted_on``: a month not
    written differs too, and so does a row counted on another day."""
    months = kept_months(today) if months is None else _kept(months, today)
    kept = {
        (m, v): (h, c)
        for m, v, h, c, day in CardMonth.objects.filter(month__in=months).values_list(
            "month", "village_id", "households", "carded", "counted_on"
        )
        if day == counted_on(m, today)
    }
    counted = {}
    for month in months:
        rows = (
            Household.objects.order_by()
            .values("village")
            .annotate(
                h=Count("pk"), c=Count("pk", filter=holds_valid_card(counted_on(month, today)))
            )
        )
        counted |= {(month, r["village"]): (r["h"], r["c"]) for r in rows}
    return sorted(
        (*key, kept.get(key, (0, 0)), counted.get(key, (0, 0)))
        for key in kept.keys() | counted.keys()
        if kept.get(key, (0, 0)) != counted.get(key, (0, 0))
    )


def households_added(households):
    """After households were written in bulk (an import: no ``save``, no signal): their
    villages' months afresh, two queries a month written."""
    villages = {h.village_id for h in households}
    if villages:
        refresh(villages, stored_months())


@receiver(households_written, dispatch_uid="card_rollups_households_written")
def _households_written(sender, households, **kwargs):
    households_added(households)


@receiver(cards_written, dispatch_uid="card_rollups_cards_written")
def _cards_written(sender, cards, **kwargs):
    """Cards issued or voided in bulk (the card services): their villages' months from
    the earliest date written, the month under way among them; two queries a month."""
    dates = [d for card in cards for d in (card.issued_on, card.voided_on) if d]
    months = stored_months(since=min(dates)) if dates else []
    if months:
        villages = Household.objects.filter(pk__in={c.household_id for c in cards})
        refresh(set(villages.values_list("village_id", flat=True)), months)


@receiver(pre_save, sender=ContactCard, dispatch_uid="card_rollups_before")
def _card_before(sender, instance, raw=False, **kwargs):
    instance._rollup_was = None
    if not raw and not instance._state.adding:
        instance._rollup_was = (
            ContactCard.objects.filter(pk=instance.pk)
            .values_list("household__village_id", "issued_on", "voided_on")
            .first()
        )


@receiver(post_save, sender=ContactCard, dispatch_uid="card_rollups_after")
def _card_after(sender, instance, raw=False, **kwargs):
    if raw:
        return
    was = getattr(instance, "_rollup_was", None) or (None, None, None)
    dates = [d for d in (*was[1:], instance.issued_on, instance.voided_on) if d]
    months = stored_months(since=min(dates)) if dates else []
    if not months:
        return  # no month written holds it (none yet, or the month under way not yet)
    village = Household.objects.filter(pk=instance.household_id).values_list(
        "village_id", flat=True
    )
    refresh({was[0], *village} - {None}, months)


@receiver(pre_save, sender=Household, dispatch_uid="card_rollups_household_before")
def _household_before(sender, instance, raw=False, **kwargs):
    instance._rollup_village = None
    if not raw and not instance._state.adding:
        instance._rollup_village = (
            Household.objects.filter(pk=instance.pk).values_list("village_id", flat=True).first()
        )


@receiver(post_save, sender=Household, dispatch_uid="card_rollups_household_after")
def _household_after(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    was = getattr(instance, "_rollup_village", None)
    if created:
        # No card yet: one more household in each month written, its village's first
        # included (a row of 1 household, 0 carded, true on any day: counted on the
        # month's latest day counted). One query.
        table = connection.ops.quote_name(CardMonth._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (month, village_id, households, carded, counted_on) "
                # WHERE true: SQLite reads ON CONFLICT after a bare FROM as a join. In
                # month order: two households of one village lock its rows the same way.
                f"SELECT month, %s, 1, 0, MAX(counted_on) FROM {table} WHERE true "
                "GROUP BY month ORDER BY month "
                "ON CONFLICT (month, village_id) "
                f"DO UPDATE SET households = {table}.households + 1",
                [instance.village_id],
            )
    elif was is not None and was != instance.village_id:
        refresh({was, instance.village_id}, stored_months())
