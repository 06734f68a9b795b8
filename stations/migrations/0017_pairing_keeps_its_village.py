"""Each pairing keeps its household's village (``Pairing.village``): added empty,
filled from the households in one statement, then required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Pairing = apps.get_model("stations", "Pairing")
    Household = apps.get_model("villages", "Household")
    village = Household.objects.filter(pk=OuterRef("household_id")).values("village_id")[:1]
    Pairing.objects.update(village_id=Subquery(village))


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0016_assessment_round_of_a_city"),
        ("villages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pairing",
            name="village",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="villages.village",
                verbose_name="village",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pairing",
            name="village",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="villages.village",
                verbose_name="village",
            ),
        ),
    ]
