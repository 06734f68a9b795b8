"""Who and which station is behind on what (差距清单): ranked, not just listed.

The rows are the ``measures`` below what is due: one row per station or member
per standard, so a missed duty day is one row (``duty_days``), never two. Each
row says how far below (done, due, the share done, the gap) and for how long
(the last day it was done, and the days since).

Levels, the three colours of a DHIS2 scorecard, each with its word so that
colour is never the only sign (``LEVELS``): **red** when less than the county's
``Standard.red_below_percent`` of what is due was done, **amber** from there up
to what is due, **green** when met (green rows are not shortfalls; the
scorecard shows them).

Severity, the default order: red before amber, then the smaller share done,
then the longer since it was last done (never done first). The list may also
be sorted by place, by standard, by the gap or by the days since (``SORTS``)
and grouped by place or by standard (``GROUPS``).

``shortfalls_of`` gives one station's, township's or county's rows, as a
worklist needs them.
"""

import math

from django.utils.translation import gettext_lazy as _

from visits.supervision.definitions import SHORTFALLS
from visits.supervision.measures import KINDS as MEASURED
from visits.supervision.measures import measures

KINDS = {kind: SHORTFALLS[kind].label for kind in MEASURED}
ORDER = {kind: i for i, kind in enumerate(KINDS)}
# Kinds whose rows know when the thing was last done: never done counts as the longest.
DATED = {"village_days", "paired_contacts", "duty_days", "analysis_meetings", "logs_missing"}

LEVELS = {"red": _("far behind"), "amber": _("behind"), "green": _("met")}
LEVEL_ORDER = {"red": 0, "amber": 1, "green": 2}

SORTS = {
    "severity": _("most severe first"),
    "place": _("by place"),
    "kind": _("by standard"),
    "gap": _("largest gap first"),
    "since": _("longest since last done first"),
}
GROUPS = {"place": _("by place"), "kind": _("by standard"), "none": _("no groups")}


def level_of(share, standard):
    """ "red", "amber" or "green" for a share done of what is due (None: nothing due)."""
    if share is None or share >= 1:
        return "green"
    return "red" if share * 100 < standard.red_below_percent else "amber"


def _since(row):
    """Days since last done, for sorting: never done is the longest, no date the shortest."""
    if row.days_since is not None:
        return row.days_since
    return math.inf if row.kind in DATED else -1


def _name(row):
    return (
        row.township.name,
        row.township.pk,
        row.station.name,
        row.station.pk,
        row.cadre.name if row.cadre else "",
        row.cadre.pk if row.cadre else 0,
    )


def severity(row):
    return (LEVEL_ORDER[row.level], row.share, -_since(row), ORDER[row.kind], _name(row))


SORT_KEYS = {
    "severity": severity,
    "place": lambda row: (_name(row), ORDER[row.kind]),
    "kind": lambda row: (ORDER[row.kind], severity(row)),
    "gap": lambda row: (-row.gap, severity(row)),
    "since": lambda row: (-_since(row), severity(row)),
}


def select(measured, *, standard, kinds=None, levels=None):
    """The measures below what is due, each with its ``level``; ``kinds`` and ``levels``
    keep only those."""
    found = []
    for row in measured:
        if not row.behind or (kinds and row.kind not in kinds):
            continue
        row.level = level_of(row.share, standard)
        row.never = row.kind in DATED and row.last is None
        if not levels or row.level in levels:
            found.append(row)
    return found


def arrange(found, *, sort="severity", group="place", by="station", places=None):
    """``found`` in the order asked for, each row with its ``group`` (None without groups).

    ``by`` is the place a group is ("township" on a county's list, "station" on a
    township's); ``places`` orders the groups (the scorecard's ranking, furthest
    behind first), otherwise they come by name.
    """
    key = SORT_KEYS.get(sort, severity)
    for row in found:
        if group == "kind":
            row.group = KINDS[row.kind]
        elif group == "place":
            row.group = getattr(row, by)
        else:
            row.group = None
    if group == "kind":
        return sorted(found, key=lambda row: (ORDER[row.kind], key(row)))
    if group == "place":
        rank = {place.pk: i for i, place in enumerate(places or ())}

        def place_key(row):
            place = row.group
            return (rank.get(place.pk, len(rank)), place.name, place.pk)

        return sorted(found, key=lambda row: (place_key(row), key(row)))
    return sorted(found, key=key)


def shortfalls(*, period, standard, stations, today=None, kinds=None, levels=None):
    """The shortfalls of ``stations`` (a scoped WorkStation queryset) and their members,
    grouped by station, the most severe first in each; a fixed number of queries."""
    found = select(
        measures(period=period, standard=standard, stations=stations, today=today),
        standard=standard,
        kinds=kinds,
        levels=levels,
    )
    return arrange(found, sort="severity", group="place", by="station")


def shortfalls_of(*, stations, period, standard, today=None, kinds=None):
    """One place's shortfalls, most severe first (for a worklist): pass the station, township
    or county's ``WorkStation.objects.visible_to(user).in_place(…)``."""
    found = select(
        measures(period=period, standard=standard, stations=stations, today=today),
        standard=standard,
        kinds=kinds,
    )
    return arrange(found, sort="severity", group="none")
