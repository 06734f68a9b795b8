"""Reads feeding the meeting and deed pages: a station's own page and the lists.

Each returns a queryset (with what its rows show) and the keyset ordering it
is paged in; a page costs the same number of queries however many rows.
"""

from django.db.models import Prefetch

from cadres.models import Cadre
from stations.models import Pairing
from villages.models import Household
from villages.validators import as_id
from visits.models import Deed, Meeting

HOUSEHOLD_RESULTS = 20
MEETING_ORDER = ("-held_at", "-pk")
DEED_ORDER = ("-done_on", "-pk")


def _names(field):
    return Prefetch(field, queryset=Cadre.objects.only("pk", "name").order_by("name", "pk"))


def meetings(rows):
    """Meeting rows with their station and attending cadres."""
    return rows.select_related("station").prefetch_related(_names("attendees"))


def deeds(rows):
    """Deed rows with their station, household and cadres involved."""
    return rows.select_related("station", "household").prefetch_related(_names("cadres"))


def station_tab(station, tab):
    """One tab of a station's meetings-and-deeds page: ``(rows, ordering)``."""
    if tab == "deeds":
        return deeds(Deed.objects.in_place(station=station)), DEED_ORDER
    return meetings(Meeting.objects.in_place(station=station)), MEETING_ORDER


def household_choices(*, user, cadre, station, query, chosen):
    """The households a deed form offers: the cadre's paired ones, then a search's results.

    All from the station's village, through the user's scope.
    """
    village = Household.objects.visible_to(user).in_place(village=station.village_id)
    paired = []
    if cadre is not None:
        paired = [
            p.household
            for p in Pairing.objects.current()
            .in_place(village=station.village_id)
            .filter(cadre=cadre)
            .select_related("household__village")
        ]
    found = (
        list(village.search(query).select_related("village")[:HOUSEHOLD_RESULTS]) if query else []
    )
    selected = None
    chosen_id = as_id(chosen)
    if chosen_id is not None:
        selected = next((h for h in paired + found if h.pk == chosen_id), None)
        if selected is None:
            selected = village.select_related("village").filter(pk=chosen_id).first()
    return {"paired": paired, "found": found, "query": query, "selected": selected}
