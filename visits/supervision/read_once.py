"""What several tables of one page or report ask again, read once (``read_once``).

The paired contacts of one place and period are read per pairing, with every group
each pairing belongs to, and each grouping is summed here (``summed``: the sums
``contacts._per_pairing`` makes in SQL); the members' days in a village are kept per
cadre (``contacts.village_days``). Nothing is kept after the block.
"""

import contextlib
import datetime
from contextvars import ContextVar

from django.db.models import F, Model

from visits.supervision.sources import group_key

# What the current ``read_once`` block has read: {what was asked: what was found}.
_READ = ContextVar("read_once", default=None)
PAIRING_GROUPS = ("township", "station", "village", "cadre")


def read_so_far():
    """The current block's reads (a dict to add to), or None outside a block."""
    return _READ.get()


@contextlib.contextmanager
def read_once():
    """Within the block, what several tables of one page or report ask again is read
    once:

    - ``contacts.paired_contacts`` of one place, period and quota reads the place's
      pairings once, whatever it is grouped by: each grouping (townships, stations,
      members, the total) is summed in Python from the same per-pairing counts
      (``summed``). Only a place (and the user) is read once: a list of cadres is
      asked as given;
    - ``contacts.village_days`` of a period counts each cadre's days once: a cadre
      already counted is not counted again (the members table and the shortfalls of
      a report ask for nearly the same members).

    A county's month report at city size asked for the pairings five times (75–135 ms
    each) and for the members' days twice (130 ms each); its supervision page for
    the pairings twice.
    """
    if _READ.get() is not None:  # inside another block: its reads are this one's
        yield
        return
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def asked(period, quota, today, place):
    """What a ``paired_contacts`` call asked, as a key of the pairings read once; None
    when it names cadres (lists and querysets are asked as given, never kept)."""
    if place.get("cadre") is not None:
        return None
    where = []
    for name, value in sorted(place.items()):
        if isinstance(value, Model):
            value = (type(value).__name__, value.pk)
        elif value is not None and not isinstance(value, int):
            return None
        where.append((name, value))
    return (period.start, period.end, quota, today, tuple(where))


def each_pairing(rows, *, contacts, span):
    """Each pairing's contacts and span, with every group it belongs to: one query."""
    groups = {by: F(group_key(rows, by)) for by in PAIRING_GROUPS}
    return list(
        rows.order_by()
        .annotate(n=contacts, span=span, **{f"in_{by}": key for by, key in groups.items()})
        .values("n", "span", *(f"in_{by}" for by in PAIRING_GROUPS))
    )


def summed(pairings, by, *, cap):
    """``contacts._per_pairing``'s sums, from the pairings ``each_pairing`` read."""
    found = {}
    for pairing in pairings:
        key = None if by is None else pairing[f"in_{by}"]
        figures = found.setdefault(key, no_pairings())
        figures["paired"] += 1
        figures["paired_contacted"] += pairing["n"] > 0
        figures["paired_contacts"] += min(pairing["n"], cap)
        figures["span"] = (figures["span"] or datetime.timedelta()) + pairing["span"]
    return {None: found.get(None, no_pairings())} if by is None else found


def no_pairings():
    return {"paired": 0, "paired_contacted": 0, "paired_contacts": 0, "span": None}
