"""The free text of the sponsoring unit is gone: the register holds it (going back, the
column returns empty and the previous migration fills it from the units)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stations", "0010_sponsoring_units_from_text")]

    operations = [
        migrations.RemoveField(model_name="workstation", name="sponsoring_unit_text"),
    ]

