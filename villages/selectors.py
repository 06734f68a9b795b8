"""Reads that feed the county and township overviews.

Counts are grouped in the database, one query per figure, so the pages cost
the same number of queries whatever the size of the county.
"""

from operator import attrgetter

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Assignment, ContactCard, Pairing, WorkStation
from villages.exports import Column, field
from villages.models import Household, Township, Village, VillageGroup
from villages.privacy import phone_for
from villages.wording import listing  # noqa: F401 (the exports' columns join names with it)
from visits.models import Visit


def _counts(queryset, key):
    return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def township_overview(township: Township):
    today = timezone.localdate()
    stations = list(
        WorkStation.objects.filter(village__township=township).select_related("village")
    )
    visits = Visit.objects.filter(station__in=stations).in_month(today.year, today.month)
    chiefs = {
        a.station_id: a.cadre
        for a in Assignment.objects.current()
        .filter(station__in=stations, role=Assignment.Role.CHIEF)
        .select_related("cadre")
    }
    members = _counts(Assignment.objects.current().filter(station__in=stations), "station")
    households = _counts(Household.objects.filter(village__township=township), "village")
    cards = _counts(ContactCard.objects.valid().filter(station__in=stations), "station")
    visit_counts = _counts(visits, "station")
    rows = [
        {
            "station": s,
            "chief": chiefs.get(s.pk),
            "members": members.get(s.pk, 0),
            "households": households.get(s.village_id, 0),
            "cards": cards.get(s.pk, 0),
            "visits": visit_counts.get(s.pk, 0),
        }
        for s in stations
    ]
    return {"township": township, "today": today, "rows": rows, "totals": _totals(rows)}


def county_overview(county):
    today = timezone.localdate()
    townships = list(
        Township.objects.filter(county=county).annotate(
            village_count=Count("villages", distinct=True),
            station_count=Count("villages__station", distinct=True),
        )
    )
    households = _counts(
        Household.objects.filter(village__township__county=county), "village__township"
    )
    cards = _counts(ContactCard.objects.valid().filter(county=county), "station__village__township")
    visits = _counts(
        Visit.objects.filter(station__village__township__county=county).in_month(
            today.year, today.month
        ),
        "station__village__township",
    )
    rows = [
        {
            "township": t,
            "villages": t.village_count,
            "stations": t.station_count,
            "households": households.get(t.pk, 0),
            "cards": cards.get(t.pk, 0),
            "visits": visits.get(t.pk, 0),
        }
        for t in townships
    ]
    return {"county": county, "today": today, "rows": rows, "totals": _totals(rows)}


def _totals(rows):
    numeric = [k for k, v in (rows[0].items() if rows else []) if isinstance(v, int)]
    return {k: sum(r[k] for r in rows) for k in numeric}


# The village and household registers ------------------------------------------

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
        "members": Assignment.objects.current().filter(station=station).count() if station else 0,
        "valid_cards": ContactCard.objects.valid().filter(household__village=village).count(),
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
