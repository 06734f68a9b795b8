"""The rows the activity figures count, and how they are grouped.

Five sources feed ``visits.supervision.contacts`` and
``visits.supervision.upkeep``: visits, duty days, households, pairings and
farmer friends.
Each is narrowed to a place by its own queryset (``in_place``, with the
paths the model declares) and to a cadre by the field that names the cadre's
own rows; the figures of several places come from one grouped query.
"""

from django.db.models import QuerySet

from stations.models import DutyDay, FarmerFriend, Pairing
from villages.models import Household
from visits.models import CardMonth, Visit, VisitMonth

# The rows that are a cadre's own in each source (None: a cadre has none).
CADRE_FIELDS = {
    Visit: "author",
    VisitMonth: "author",
    DutyDay: "cadre",
    Household: None,
    CardMonth: None,
    Pairing: "cadre",
    FarmerFriend: "cadre",
}


def rows_of(model, *, user=None, cadre=None, **place):
    """``model``'s rows the user may see (every row without a user) in the place
    (``county``, ``township``, ``station``: see ``PlaceQuerySet.in_place``);
    with ``cadre`` (a cadre, or several in a list or queryset), the cadre's own.

    None when the model has no rows of a cadre.
    """
    rows = model.objects.all() if user is None else model.objects.visible_to(user)
    rows = rows.in_place(**place)
    if cadre is None:
        return rows
    field = CADRE_FIELDS[model]
    if field is None:
        return None
    many = isinstance(cadre, list | tuple | set | frozenset | QuerySet)
    return rows.filter(**{f"{field}__in" if many else field: cadre})


def group_key(rows, by):
    """The column that groups ``rows`` by ``by`` ("township", "station", "village", "cadre").

    A place's column is the queryset's own path to it, except that visits go
    by the village they were about (a reception's visitor may come from
    another village than the station's); a cadre's is ``CADRE_FIELDS``.
    """
    if by == "cadre":
        return CADRE_FIELDS[rows.model]
    if by == "village" and rows.model in (Visit, VisitMonth):
        return "village"
    return rows.path_to(by)


def grouped(rows, by, **aggregates):
    """``{key: {name: value}}`` (key None without ``by``), in one query."""
    if rows is None:
        return {}
    if by is None:
        return {None: rows.aggregate(**aggregates)}
    key = group_key(rows, by)
    if key is None:
        return {}
    values = rows.order_by().values(key).annotate(**aggregates)
    return {row.pop(key): row for row in values}


def share(part, whole):
    return part / whole if whole else None
