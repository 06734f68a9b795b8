"""Each distinct sponsoring-unit text of a county's stations becomes one county unit,
and the stations point at it. The first secretaries and resident team members serving
at such a station now were sent by its sponsor: their cadre row says so (unless it
names a unit already).

A migration of its own, so that PostgreSQL sees the rows written before the next
migration drops the text column (a table with pending trigger events cannot be
altered in the same transaction).
"""

from django.db import migrations

SENT_ROLES = ("first_secretary", "resident")


def units_from_text(apps, schema_editor):
    WorkStation = apps.get_model("stations", "WorkStation")
    SponsoringUnit = apps.get_model("cadres", "SponsoringUnit")
    Assignment = apps.get_model("stations", "Assignment")
    Cadre = apps.get_model("cadres", "Cadre")
    units = {}
    stations = (
        WorkStation.objects.exclude(sponsoring_unit_text="")
        .select_related("village__township")
        .order_by("pk")
    )
    for station in stations:
        name = " ".join(station.sponsoring_unit_text.split())[:100]
        if not name:
            continue
        county_id = station.village.township.county_id
        key = (county_id, name)
        if key not in units:
            units[key], _ = SponsoringUnit.objects.get_or_create(
                county_id=county_id, name=name, defaults={"level": "county"}
            )
        station.sponsoring_unit = units[key]
        station.save(update_fields=["sponsoring_unit"])
    sent = Assignment.objects.filter(
        end_date__isnull=True,
        role__in=SENT_ROLES,
        station__sponsoring_unit__isnull=False,
        cadre__sponsoring_unit__isnull=True,
    ).values_list("cadre_id", "station__sponsoring_unit_id")
    for cadre_id, unit_id in sent.order_by("cadre_id", "-start_date", "-pk"):
        # A cadre sent to two sponsored stations keeps the unit of the latest posting.
        Cadre.objects.filter(pk=cadre_id, sponsoring_unit__isnull=True).update(
            sponsoring_unit_id=unit_id
        )


def text_from_units(apps, schema_editor):
    WorkStation = apps.get_model("stations", "WorkStation")
    for station in WorkStation.objects.filter(sponsoring_unit__isnull=False).select_related(
        "sponsoring_unit"
    ):
        station.sponsoring_unit_text = station.sponsoring_unit.name
        station.save(update_fields=["sponsoring_unit_text"])


class Migration(migrations.Migration):
    dependencies = [("stations", "0009_sponsoring_unit_register")]

    operations = [migrations.RunPython(units_from_text, text_from_units)]
