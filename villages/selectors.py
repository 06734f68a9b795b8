"""Reads of the village and household registers: one query per page, whatever its length."""

from operator import attrgetter

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from villages.exports import Column, field
from villages.models import Household, Village, VillageGroup
from villages.privacy import phone_for
from villages.wording import listing


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
        field(Village, "code"),
        field(Village, "urban_rural_code", width=10),
        Column(
            VillageGroup._meta.verbose_name_plural,
            lambda v: listing(g.name for g in v.groups.all()),
            30,
        ),
        # The station is the stations app's model, named through the village's relation.
        Column(Village.station.related.related_model._meta.verbose_name, _station_of, 24),
        Column(Household._meta.verbose_name_plural, attrgetter("household_count")),
    ]


def village_code_column(village_of):
    """The village's statistical division code, beside the village's name in an export."""
    return Column(_("village code"), lambda row: village_of(row).code)


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
    }


def household_register(user):
    return (
        Household.objects.visible_to(user)
        .select_related("village", "group")
        .prefetch_related("tags")
    )


def household_columns(user):
    return [
        field(Household, "village", lambda h: h.village.name),
        village_code_column(lambda h: h.village),
        field(Household, "group", lambda h: h.group.name if h.group_id else ""),
        field(Household, "head_name", width=12),
        field(Household, "phone", lambda h: phone_for(user, h.phone)),
        field(Household, "members", width=10),
        field(Household, "address", width=30),
        field(Household, "tags", lambda h: listing(h.tags.all()), width=24),
    ]


def household_page(household: Household):
    """A household's card(s) and paired cadres, in a fixed number of queries (the view adds
    its recent visits from the visits app)."""
    valid_first = F("voided_on").desc(nulls_first=True)
    cards = list(household.cards.select_related("station").order_by(valid_first, "-issued_on"))
    pairings = household.pairings.select_related("cadre").order_by(
        F("end_date").desc(nulls_first=True), "-start_date"
    )
    return {
        "household": household,
        "township": household.village.township,
        "tags": list(household.tags.all()),
        "valid_card": next((c for c in cards if c.voided_on is None), None),
        "old_cards": [c for c in cards if c.voided_on is not None],
        "pairings": list(pairings),
    }
