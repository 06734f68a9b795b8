"""The farmer friends counted from an index alone: (cadre, ended_on, since, id) takes the
place of (cadre, ended_on) and of the cadre's own index, which it begins with."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cadres', '0011_sponsoring_units'),
        ('stations', '0017_pairing_keeps_its_village'),
        ('villages', '0013_prefecture'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='farmerfriend',
            name='farmer_friend_cadre_idx',
        ),
        migrations.AlterField(
            model_name='farmerfriend',
            name='cadre',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='farmer_friends', to='cadres.cadre', verbose_name='cadre'),
        ),
        migrations.AddIndex(
            model_name='farmerfriend',
            index=models.Index(fields=['cadre', 'ended_on', 'since', 'id'], name='farmer_friend_cadre_day_idx'),
        ),
    ]
