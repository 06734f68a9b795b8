"""Create the fixed household tags, one row per HouseholdTag.Code."""

from django.db import migrations

CODES = [
    "hardship",
    "subsistence",
    "five_guarantees",
    "petitioner",
    "well_off",
    "veteran",
    "left_behind",
    "disabled",
]


def create_tags(apps, schema_editor):
    HouseholdTag = apps.get_model("villages", "HouseholdTag")
    for code in CODES:
        HouseholdTag.objects.get_or_create(code=code)


def delete_tags(apps, schema_editor):
    apps.get_model("villages", "HouseholdTag").objects.filter(code__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]

    operations = [migrations.RunPython(create_tags, delete_tags)]
