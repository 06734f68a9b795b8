"""The days in a village (``VillageDay``), counted from the visits and companions
already there: the members' figures read them only, so a deployment that migrates
has them before its first page. (City seed, 2 million visits: see README.)"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import TruncDate


def count(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    VillageDay = apps.get_model("visits", "VillageDay")
    connection = schema_editor.connection
    # The historical model's manager has every row: the hidden ones count nowhere, nor
    # do phone calls.
    visits = Visit.objects.filter(hidden_at__isnull=True).exclude(kind="phone")
    wrote = visits.annotate(who=F("author_id"), d=TruncDate("occurred_at"))
    accompanied = visits.filter(companions__isnull=False).annotate(
        who=F("companions"), d=TruncDate("occurred_at")
    )
    both = (
        wrote.order_by()
        .values("who", "d", "station_id")
        .union(accompanied.order_by().values("who", "d", "station_id"), all=True)
        .order_by()
    )
    sql, params = both.query.sql_with_params()
    table = connection.ops.quote_name(VillageDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cadre_id, day, station_id, n) "
            f"SELECT who, d, station_id, COUNT(*) FROM ({sql}) AS days "
            "GROUP BY who, d, station_id",
            params,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0011_sponsoring_units"),
        ("stations", "0017_pairing_keeps_its_village"),
        ("visits", "0017_households_reached_rollups"),
    ]

    operations = [
        migrations.CreateModel(
            name="VillageDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("n", models.IntegerField(default=0, verbose_name="visits")),
                (
                    "cadre",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cadres.cadre",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="stations.workstation",
                    ),
                ),
            ],
            options={
                "verbose_name": "day in a village",
                "verbose_name_plural": "days in a village",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cadre", "day", "station"), name="village_day_key"
                    )
                ],
            },
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
