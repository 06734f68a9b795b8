import calendar

from django.db import migrations, models


def count_finished_months_on_their_last_day(apps, schema_editor):
    # Every row written so far is of a finished month, counted on its last day.
    CardMonth = apps.get_model("visits", "CardMonth")
    for month in CardMonth.objects.order_by().values_list("month", flat=True).distinct():
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        CardMonth.objects.filter(month=month).update(counted_on=last)


class Migration(migrations.Migration):
    dependencies = [("visits", "0015_deed_quantity_unit")]

    operations = [
        migrations.AddField(
            model_name="cardmonth",
            name="counted_on",
            field=models.DateField(null=True, verbose_name="counted on"),
        ),
        migrations.RunPython(count_finished_months_on_their_last_day, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cardmonth",
            name="counted_on",
            field=models.DateField(verbose_name="counted on"),
        ),
    ]
