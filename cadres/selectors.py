"""Reads that feed the cadre register: the list, a cadre's page and the export."""

from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from stations.models import Assignment
from villages.exports import Column, field
from villages.privacy import phone_for
from villages.selectors import RECENT_VISITS, listing
from villages.wording import bracketed
from visits.models import Visit


def cadre_register(user):
    current = Assignment.objects.current().select_related("station").order_by("station__name")
    return (
        Cadre.objects.visible_to(user)
        .select_related("township")
        .prefetch_related(Prefetch("assignments", queryset=current, to_attr="current_assignments"))
    )


def _serving(cadre):
    return listing(
        bracketed(a.station.name, a.get_role_display()) for a in cadre.current_assignments
    )


def cadre_columns(user):
    return [
        field(Cadre, "township", lambda c: c.township.name),
        field(Cadre, "name", width=12),
        field(Cadre, "phone", lambda c: phone_for(user, c.phone)),
        field(Cadre, "work_unit", width=20),
        field(Cadre, "position", width=16),
        field(Cadre, "rank_class", lambda c: c.get_rank_class_display()),
        Column(_("serves at"), _serving, 30),
    ]


def cadre_page(cadre: Cadre, *, user):
    """Every station the cadre served at (current first), their pairings and recent visits."""
    current_first = F("end_date").desc(nulls_first=True)
    assignments = cadre.assignments.select_related("station__village").order_by(
        current_first, "-start_date", "pk"
    )
    pairings = cadre.pairings.select_related("household__village").order_by(
        current_first, "household__head_name", "pk"
    )
    visits = (
        Visit.objects.visible_to(user)
        .filter(Q(author=cadre) | Q(companions=cadre))
        .distinct()
        .select_related("household", "village", "author")[:RECENT_VISITS]
    )
    assignments = list(assignments)
    pairings = list(pairings)
    return {
        "cadre": cadre,
        "township": cadre.township,
        "assignments": assignments,
        "current_assignments": [a for a in assignments if a.is_current],
        "pairings": pairings,
        "current_pairings": sum(p.end_date is None for p in pairings),
        "visits": list(visits),
    }
