"""Reads of the village and household registers: one query per page, whatever its length."""

from operator import attrgetter

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from stations.models import Assignment, ContactCard, Pairing, WorkStation
from villages.exports import Column, field
from villages.models import Household, Village, VillageGroup
from villages.privacy import phone_for
from villages.wording import listing  # noqa: F401 (the exports' columns join names with it)
from visits.models import Visit

RECENT_VISITS = 20


def count_of(model, fk, *, outer="pk", **conditions):
    """How many ``model`` rows point through ``fk`` at the outer row's ``outer``:
    a subquery, so a register page costs one query whatever its length."""
    rows = (
        model.objects.filter(**{fk: OuterRef(outer)}, **conditions)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def village_register(user):
    return (
        Village.objects.visible_to(user)
        .select_related("township", "station")
        .prefetch_related("groups")
        .annotate(household_count=count_of(Household, "village"))
    )


def village_columns(user):
    return [
        field(Village, "township", lambda v: v.township.name),
        field(Village, "name"),
        Column(
            VillageGroup._meta.verbose_name_plural,
            lambda v: listing(g.name for g in v.groups.all()),
            30,
        ),
        Column(WorkStation._meta.verbose_name, lambda v: _station_of(v), 24),
        Column(Household._meta.verbose_name_plural, attrgetter("household_count")),
    ]


def _station_of(village):
    station = getattr(village, "station", None)
    return station.name if station else ""


def village_page(village: Village):
    groups = list(village.groups.annotate(household_count=Count("households")))
    households = village.households.count()
    station = getattr(village, "station", None)
    return {
        "village": village,
        "township": village.township,
        "groups": groups,
        "households": households,
        "without_group": households - sum(g.household_count for g in groups),
        "station": station,
        "members": Assignment.objects.current().in_place(station=station).count() if station else 0,
        "valid_cards": ContactCard.objects.valid()
        .in_place_of("household", village=village)
        .count(),
    }


def household_register(user):
    return (
        Household.objects.visible_to(user)
        .select_related("village", "group")
        .prefetch_related("tags")
    )


def household_export(user):
    """The register with each household's current paired cadres, for the export."""
    current = Pairing.objects.current().select_related("cadre")
    return household_register(user).prefetch_related(
        Prefetch("pairings", queryset=current, to_attr="current_pairings")
    )


def household_columns(user):
    return [
        field(Household, "village", lambda h: h.village.name),
        field(Household, "group", lambda h: h.group.name if h.group_id else ""),
        field(Household, "head_name", width=12),
        field(Household, "phone", lambda h: phone_for(user, h.phone)),
        field(Household, "members", width=10),
        field(Household, "address", width=30),
        field(Household, "tags", lambda h: listing(h.tags.all()), width=24),
        Column(_("paired cadres"), lambda h: listing(p.cadre.name for p in h.current_pairings), 18),
    ]


def household_page(household: Household, *, user):
    """A household's card(s), paired cadres and recent visits, in a fixed number of queries."""
    valid_first = F("voided_on").desc(nulls_first=True)
    cards = list(household.cards.select_related("station").order_by(valid_first, "-issued_on"))
    pairings = household.pairings.select_related("cadre").order_by(
        F("end_date").desc(nulls_first=True), "-start_date"
    )
    visits = (
        Visit.objects.visible_to(user)
        .filter(household=household)
        .select_related("author", "station")[:RECENT_VISITS]
    )
    return {
        "household": household,
        "township": household.village.township,
        "tags": list(household.tags.all()),
        "valid_card": next((c for c in cards if c.voided_on is None), None),
        "old_cards": [c for c in cards if c.voided_on is not None],
        "pairings": list(pairings),
        "visits": list(visits),
    }
