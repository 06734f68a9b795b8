"""The visit rollups of the visits already there: pages read whole months' visit counts
from them only, so a deployment that migrates has them before its first page.

(The card rollups need no such step: a finished month without rows is counted from
the households until ``manage.py rollups --rebuild`` or the nightly timer writes it.)
"""

from django.db import migrations
from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth


def count(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    VisitMonth = apps.get_model("visits", "VisitMonth")
    connection = schema_editor.connection
    counted = (
        # The historical model's manager has every row: the hidden ones count nowhere.
        Visit.objects.filter(hidden_at__isnull=True)
        .annotate(m=TruncMonth("occurred_at", output_field=DateField()))
        .order_by()
        .values("m", "station_id", "village_id", "author_id", "kind")
        .annotate(c=Count("pk"))
    )
    sql, params = counted.query.sql_with_params()
    table = connection.ops.quote_name(VisitMonth._meta.db_table)
    VisitMonth.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (month, station_id, village_id, author_id, kind, n) "
            f"SELECT m, station_id, village_id, author_id, kind, c FROM ({sql}) AS counted",
            params,
        )


def forget(apps, schema_editor):
    apps.get_model("visits", "VisitMonth").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("visits", "0013_visit_time_index")]

    operations = [migrations.RunPython(count, forget)]
