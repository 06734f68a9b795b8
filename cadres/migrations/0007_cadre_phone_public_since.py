from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0006_office_in_spot_checks_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="cadre",
            name="phone_public_since",
            field=models.DateField(
                blank=True, null=True, verbose_name="phone published with consent since"
            ),
        ),
        migrations.AddField(
            model_name="historicalcadre",
            name="phone_public_since",
            field=models.DateField(
                blank=True, null=True, verbose_name="phone published with consent since"
            ),
        ),
    ]
