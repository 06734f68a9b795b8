"""The households reached rollups (``ReachMonth``), counted from the visits already
there: the county and city pages read a whole month's households reached from them
only, so a deployment that migrates has them before its first page."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, DateField, F
from django.db.models.functions import TruncMonth


def count(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    ReachMonth = apps.get_model("visits", "ReachMonth")
    connection = schema_editor.connection
    reached = (
        # The historical model's manager has every row: the hidden ones count nowhere.
        Visit.objects.filter(hidden_at__isnull=True, household__isnull=False)
        .annotate(
            m=TruncMonth("occurred_at", output_field=DateField()),
            in_county=F("station__village__township__county_id"),
        )
        .order_by()
        .values("m", "in_county", "household_id")
        .annotate(c=Count("pk"))
    )
    sql, params = reached.query.sql_with_params()
    table = connection.ops.quote_name(ReachMonth._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (month, county_id, household_id, n) "
            f"SELECT m, in_county, household_id, c FROM ({sql}) AS reached",
            params,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("villages", "0013_prefecture"),
        ("visits", "0016_card_month_counted_on"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReachMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="month")),
                ("n", models.IntegerField(default=0, verbose_name="visits")),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="villages.county",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="villages.household",
                    ),
                ),
            ],
            options={
                "verbose_name": "households reached in a month",
                "verbose_name_plural": "households reached in a month",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "county", "household"), name="reach_month_key"
                    )
                ],
            },
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
