"""Fill the working calendar with the State Council's holiday schedule, for each year the
``chinesecalendar`` package holds (see villages/holidays.py); years already there are kept."""

from django.db import migrations

from villages import holidays


def seed(apps, schema_editor):
    holidays.load(apps.get_model("villages", "CalendarDay"))


def unseed(apps, schema_editor):
    # Only the seeded years go; a year the county entered beyond them stays.
    CalendarDay = apps.get_model("villages", "CalendarDay")
    CalendarDay.objects.filter(date__year__in=holidays.available_years()).delete()


class Migration(migrations.Migration):
    dependencies = [("villages", "0010_working_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
