"""Keeping the days in a village (``visits.models.VillageDay``) equal to the visits and
their companions.

A member's row of a day at a station counts the shown visits that were not phone
calls which they wrote or accompanied that local day there. Two kinds of write
move it, both in the transaction of the write:

- a visit saved through the ORM (``Visit.save``: logging, correcting, hiding,
  restoring): when its day, station, author or counting changes, its author's and
  its companions' days move from what it was (``visits.rollups`` reads the row as it
  was, once for both) to what it is now;
- its companions changed (``visit.companions.add/remove/set/clear``, either side):
  each companion added or taken away is one day's ``+1`` or ``-1``.

Writes that go around them (``QuerySet.update``, ``bulk_create``, the companions'
through rows written in bulk, deletes) leave the rows behind until the rollups are
rebuilt: ``visits.rollups.rebuild`` writes these afresh too, and ``differences``
here proves them equal to the visits.
"""

import collections
import datetime

from django.db import connection
from django.db.models import F
from django.db.models.functions import TruncDate
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone

from visits.models import VillageDay, Visit
from visits.models.concerns import day_start, next_day_start

Companion = Visit.companions.through


def place_of(occurred_at, station_id, kind, hidden_at):
    """``(day, station)`` a visit's people count a day at, or None: a hidden visit and a
    phone call make no day in a village."""
    if hidden_at is not None or kind == Visit.Kind.PHONE:
        return None
    return (timezone.localdate(occurred_at), station_id)


def _place(visit):
    return place_of(visit.occurred_at, visit.station_id, visit.kind, visit.hidden_at)


@receiver(post_save, sender=Visit, dispatch_uid="village_days_after")
def _moved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    stored = getattr(instance, "_stored", None)  # ``rollups._remember``'s read, by name
    was = None
    if stored is not None:
        where = place_of(
            stored["occurred_at"], stored["station_id"], stored["kind"], stored["hidden_at"]
        )
        was = where and (*where, stored["author_id"])
    where = _place(instance)
    now = where and (*where, instance.author_id)
    instance._stored = None  # a second save without a fresh read moves nothing twice
    if was == now:
        return
    # A new visit has no companions yet: they are added after it is saved.
    companions = [] if created else list(instance.companions.values_list("pk", flat=True))
    if was is not None:
        day, station, author = was
        _take([(cadre, day, station) for cadre in (author, *companions)])
    if now is not None:
        day, station, author = now
        _add([(cadre, day, station) for cadre in (author, *companions)])


@receiver(m2m_changed, sender=Companion, dispatch_uid="village_days_companions")
def _companions(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_remove":
        # Only the companions there are taken away (``remove`` accepts any).
        instance._days_leaving = _pairs(instance, reverse, pk_set)
    elif action == "pre_clear":
        instance._days_leaving = _pairs(instance, reverse, None)
    elif action == "post_add":
        _add(_rows(instance, reverse, _given(instance, reverse, pk_set)))
    elif action in ("post_remove", "post_clear"):
        _take(_rows(instance, reverse, instance._days_leaving))  # set by the pre_ action


def _given(instance, reverse, pk_set):
    """``[(visit id, cadre id)]`` of a change's ids: a visit's cadres, or a cadre's visits."""
    if reverse:
        return [(visit, instance.pk) for visit in pk_set]
    return [(instance.pk, cadre) for cadre in pk_set]


def _pairs(instance, reverse, pk_set):
    """``[(visit id, cadre id)]`` of the companion rows there of ``instance`` (among
    ``pk_set``'s, when given)."""
    rows = Companion.objects.filter(**{"cadre" if reverse else "visit": instance})
    if pk_set is not None:
        rows = rows.filter(**{"visit__in" if reverse else "cadre__in": pk_set})
    return list(rows.values_list("visit_id", "cadre_id"))


def _rows(instance, reverse, pairs):
    """The ``(cadre, day, station)`` rows of companion pairs whose visits count."""
    if reverse:
        visits = Visit.all_objects.filter(pk__in={visit for visit, _ in pairs})
        fields = visits.values_list("pk", "occurred_at", "station_id", "kind", "hidden_at")
        places = {pk: place_of(*rest) for pk, *rest in fields}
    else:
        places = {instance.pk: _place(instance)}
    return [(cadre, *places[visit]) for visit, cadre in pairs if places.get(visit)]


def _add(rows):
    """One more visit on each row (a row given twice, two), as one statement."""
    counted = sorted(collections.Counter(rows).items())  # in key order: no deadlock
    if not counted:
        return
    table = connection.ops.quote_name(VillageDay._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(counted))
    params = [value for (cadre, day, station), n in counted for value in (cadre, day, station, n)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cadre_id, day, station_id, n) VALUES {values} "
            f"ON CONFLICT (cadre_id, day, station_id) DO UPDATE SET n = {table}.n + excluded.n",
            params,
        )


def _take(rows):
    """One visit fewer on each row; a row that falls to 0 goes (the readers count rows)."""
    for (cadre, day, station), n in sorted(collections.Counter(rows).items()):
        # An update, never an insert: a row missing here is a difference ``--check`` names.
        row = VillageDay.objects.in_place(station=station).filter(cadre=cadre, day=day)
        row.update(n=F("n") - n)
        row.filter(n__lte=0).delete()


def _made(days=None):
    """``(cadre, day, station, n)`` of the rows the visits make, as SQL and parameters:
    the authors' and the companions' days of the shown visits that were not phone
    calls (``days``: the first and last day, both included)."""
    visits = Visit.objects.exclude(kind=Visit.Kind.PHONE)
    if days is not None:
        first, last = days
        visits = visits.filter(
            occurred_at__gte=day_start(first), occurred_at__lt=next_day_start(last)
        )
    wrote = visits.annotate(who=F("author_id"), d=TruncDate("occurred_at"))
    accompanied = visits.filter(companions__isnull=False).annotate(
        who=F("companions"), d=TruncDate("occurred_at")
    )
    both = (
        wrote.order_by()
        .values("who", "d", "station_id")
        .union(accompanied.order_by().values("who", "d", "station_id"), all=True)
        .order_by()
    )
    sql, params = both.query.sql_with_params()
    return (
        f"SELECT who, d, station_id, COUNT(*) FROM ({sql}) AS days GROUP BY who, d, station_id",
        params,
    )


def _kept(days):
    rows = VillageDay.objects.all()
    if days is not None:
        rows = rows.filter(day__gte=days[0], day__lte=days[1])
    return rows


def rebuild(days=None):
    """Write the rows afresh from the visits: all of them, or those of the days from
    ``days[0]`` to ``days[1]`` (in the caller's transaction: ``visits.rollups.rebuild``)."""
    _kept(days).delete()
    sql, params = _made(days)
    table = connection.ops.quote_name(VillageDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (cadre_id, day, station_id, n) {sql}", params)


def differences(days=None):
    """``[((cadre, day, station), kept, counted from the visits)]`` where they differ (a
    row of 0 is no row)."""
    sql, params = _made(days)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counted = {(cadre, _date(day), station): n for cadre, day, station, n in cursor}
    kept = {
        (cadre, day, station): n
        for cadre, day, station, n in _kept(days).values_list("cadre", "day", "station", "n")
    }
    return sorted(
        (key, kept.get(key, 0), counted.get(key, 0))
        for key in kept.keys() | counted.keys()
        if kept.get(key, 0) != counted.get(key, 0)
    )


def _date(value):
    # SQLite's date of a timestamp is text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
