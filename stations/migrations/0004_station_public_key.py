"""Each station gets a random key for its public address (the card's QR code).

Added empty, filled row by row (a callable default is evaluated once for an
AddField), then made unique and required.
"""

import secrets

from django.db import migrations, models

import stations.models.stations


def fill_keys(apps, schema_editor):
    WorkStation = apps.get_model("stations", "WorkStation")
    for station in WorkStation.objects.filter(public_key=None).only("pk"):
        station.public_key = secrets.token_urlsafe(9)
        station.save(update_fields=["public_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0003_card_serial_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="workstation",
            name="public_key",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="public address key"
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="workstation",
            name="public_key",
            field=models.CharField(
                default=stations.models.stations.new_public_key,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="public address key",
            ),
        ),
    ]
