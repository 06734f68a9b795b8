"""Reads of a cadre's page (the register's list and export, which show the stations a
cadre serves at, are in ``stations.selectors``)."""

from django.db.models import F

from cadres.models import Cadre


def cadre_page(cadre: Cadre):
    """Every station the cadre served at (current first) and their pairings (the view adds
    their recent visits from the visits app)."""
    current_first = F("end_date").desc(nulls_first=True)
    assignments = cadre.assignments.select_related("station__village").order_by(
        current_first, "-start_date", "pk"
    )
    pairings = cadre.pairings.select_related("household__village").order_by(
        current_first, "household__head_name", "pk"
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
    }
