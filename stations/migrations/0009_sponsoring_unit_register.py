"""The station's sponsoring unit becomes a row of the unit register (派驻单位): the
free text is kept aside as ``sponsoring_unit_text`` until the next migration has
turned it into units, then dropped."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0011_sponsoring_units"),
        ("stations", "0008_station_months"),
    ]

    operations = [
        migrations.RenameField(
            model_name="workstation", old_name="sponsoring_unit", new_name="sponsoring_unit_text"
        ),
        migrations.AddField(
            model_name="workstation",
            name="sponsoring_unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stations",
                to="cadres.sponsoringunit",
                verbose_name="sponsoring unit",
            ),
        ),
    ]
