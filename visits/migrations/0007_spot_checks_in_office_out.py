"""Spot checks and ratings move here from cadres; the business office moves to cadres.

State only, as in ``cadres.0006``: the tables keep their names and their rows.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = {
    # (old app, model): new app
    ("visits", "office"): "cadres",
    ("cadres", "spotcheck"): "visits",
    ("cadres", "spotcheckanswer"): "visits",
    ("cadres", "rating"): "visits",
    ("cadres", "voteround"): "visits",
    ("cadres", "voteitem"): "visits",
}


def _move_labels(apps, moves):
    """Point content types (and so permissions, admin history) and access-log rows
    at the moved models' new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AccessLog = apps.get_model("villages", "AccessLog")
    for (old_app, model), new_app in moves.items():
        if not ContentType.objects.filter(app_label=new_app, model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)
        AccessLog.objects.filter(model=f"{old_app}.{model}").update(model=f"{new_app}.{model}")


def forwards(apps, schema_editor):
    _move_labels(apps, MOVED)


def backwards(apps, schema_editor):
    _move_labels(apps, {(new, model): old for (old, model), new in MOVED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('cadres', '0006_office_in_spot_checks_out'),
        ('stations', '0003_card_serial_counter'),
        ('villages', '0006_access_log'),
        ('visits', '0006_soft_delete'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables stay where they are, under their old names.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Rating',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.CharField(choices=[('satisfied', 'satisfied'), ('basically', 'basically satisfied'), ('not_satisfied', 'not satisfied')], max_length=20, verbose_name='rating')),
                        ('rated_on', models.DateField(verbose_name='rated on')),
                        ('entered_at', models.DateTimeField(auto_now_add=True, verbose_name='entered at')),
                    ],
                    options={
                        'verbose_name': 'rating',
                        'verbose_name_plural': 'ratings',
                        'db_table': 'cadres_rating',
                        'ordering': ['-rated_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SpotCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('drawn_at', models.DateTimeField(auto_now_add=True, verbose_name='drawn at')),
                        ('sample_size', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(50)], verbose_name='sample size')),
                        ('seed', models.BigIntegerField(verbose_name='seed')),
                        ('pairings_count', models.PositiveIntegerField(verbose_name='paired households at the draw')),
                    ],
                    options={
                        'verbose_name': 'spot check',
                        'verbose_name_plural': 'spot checks',
                        'db_table': 'cadres_spotcheck',
                        'ordering': ['-drawn_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SpotCheckAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='drawn as number')),
                        ('contact', models.CharField(blank=True, choices=[('phone', 'by phone'), ('visit', 'in person'), ('unreached', 'could not be reached')], max_length=20, verbose_name='contact')),
                        ('knows_name', models.BooleanField(default=False, verbose_name="knows the cadre's name")),
                        ('knows_phone', models.BooleanField(default=False, verbose_name="knows the cadre's phone")),
                        ('was_visited', models.BooleanField(default=False, verbose_name='has been visited by the cadre')),
                        ('cadre_asked', models.BooleanField(default=False, verbose_name='cadre asked')),
                        ('cadre_members', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='members, as the cadre said')),
                        ('cadre_head_name', models.CharField(blank=True, max_length=30, verbose_name="head's name, as the cadre said")),
                        ('members_right', models.BooleanField(null=True, verbose_name='members right')),
                        ('head_name_right', models.BooleanField(null=True, verbose_name="head's name right")),
                        ('tags_right', models.BooleanField(null=True, verbose_name='circumstances right')),
                        ('recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='recorded at')),
                    ],
                    options={
                        'verbose_name': 'spot-check answer',
                        'verbose_name_plural': 'spot-check answers',
                        'db_table': 'cadres_spotcheckanswer',
                        'ordering': ['spot_check_id', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='VoteItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('most', 'most satisfied with'), ('least', 'least satisfied with')], max_length=10, verbose_name='kind')),
                        ('text', models.CharField(max_length=200, verbose_name='what')),
                        ('votes', models.PositiveIntegerField(verbose_name='votes')),
                    ],
                    options={
                        'verbose_name': 'vote item',
                        'verbose_name_plural': 'vote items',
                        'db_table': 'cadres_voteitem',
                        'ordering': ['round_id', 'kind', '-votes', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='VoteRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=100, verbose_name='title')),
                        ('held_on', models.DateField(verbose_name='held on')),
                        ('voters', models.PositiveIntegerField(blank=True, null=True, verbose_name='people who voted')),
                    ],
                    options={
                        'verbose_name': 'vote round',
                        'verbose_name_plural': 'vote rounds',
                        'db_table': 'cadres_voteround',
                        'ordering': ['-held_on', '-pk'],
                    },
                ),
                migrations.RemoveConstraint(
                    model_name='office',
                    name='office_name_unique_in_township',
                ),
                migrations.AlterField(
                    model_name='concern',
                    name='office',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='concerns', to='cadres.office', verbose_name='business office'),
                ),
                migrations.AlterField(
                    model_name='concernevent',
                    name='office',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cadres.office', verbose_name='business office'),
                ),
                migrations.AlterField(
                    model_name='historicalconcern',
                    name='office',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cadres.office', verbose_name='business office'),
                ),
                migrations.AddField(
                    model_name='rating',
                    name='cadre',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='cadres.cadre', verbose_name='cadre'),
                ),
                migrations.AddField(
                    model_name='rating',
                    name='entered_by',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by'),
                ),
                migrations.AddField(
                    model_name='rating',
                    name='household',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ratings', to='villages.household', verbose_name='household'),
                ),
                migrations.AddField(
                    model_name='rating',
                    name='station',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='stations.workstation', verbose_name='station'),
                ),
                migrations.AddField(
                    model_name='spotcheck',
                    name='cadre',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='spot_checks', to='cadres.cadre', verbose_name='cadre'),
                ),
                migrations.AddField(
                    model_name='spotcheck',
                    name='drawn_by',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='drawn by'),
                ),
                migrations.AddField(
                    model_name='spotcheck',
                    name='township',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='spot_checks', to='villages.township', verbose_name='township'),
                ),
                migrations.AddField(
                    model_name='spotcheckanswer',
                    name='cadre_tags',
                    field=models.ManyToManyField(blank=True, db_table='cadres_spotcheckanswer_cadre_tags', related_name='+', to='villages.householdtag', verbose_name='circumstances, as the cadre said'),
                ),
                migrations.AddField(
                    model_name='spotcheckanswer',
                    name='household',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spot_check_answers', to='villages.household', verbose_name='household'),
                ),
                migrations.AddField(
                    model_name='spotcheckanswer',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
                ),
                migrations.AddField(
                    model_name='spotcheckanswer',
                    name='spot_check',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='visits.spotcheck', verbose_name='spot check'),
                ),
                migrations.AddField(
                    model_name='voteround',
                    name='entered_by',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by'),
                ),
                migrations.AddField(
                    model_name='voteround',
                    name='township',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vote_rounds', to='villages.township', verbose_name='township'),
                ),
                migrations.AddField(
                    model_name='voteitem',
                    name='round',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='visits.voteround', verbose_name='vote round'),
                ),
                migrations.RemoveField(
                    model_name='office',
                    name='township',
                ),
                migrations.AddIndex(
                    model_name='rating',
                    index=models.Index(fields=['station', 'rated_on'], name='rating_station_day_idx'),
                ),
                migrations.AddIndex(
                    model_name='spotcheck',
                    index=models.Index(fields=['township', '-drawn_at'], name='spot_check_township_idx'),
                ),
                migrations.AddIndex(
                    model_name='spotcheck',
                    index=models.Index(fields=['cadre', '-drawn_at'], name='spot_check_cadre_idx'),
                ),
                migrations.AddConstraint(
                    model_name='spotcheck',
                    constraint=models.CheckConstraint(condition=models.Q(('sample_size__gte', 1)), name='spot_check_draws_someone'),
                ),
                migrations.AddIndex(
                    model_name='spotcheckanswer',
                    index=models.Index(fields=['recorded_at'], name='spot_answer_recorded_idx'),
                ),
                migrations.AddConstraint(
                    model_name='spotcheckanswer',
                    constraint=models.UniqueConstraint(fields=('spot_check', 'household'), name='one_answer_per_drawn_household'),
                ),
                migrations.AddConstraint(
                    model_name='spotcheckanswer',
                    constraint=models.UniqueConstraint(fields=('spot_check', 'position'), name='one_household_per_draw_position'),
                ),
                migrations.AddIndex(
                    model_name='voteround',
                    index=models.Index(fields=['township', '-held_on'], name='vote_round_township_idx'),
                ),
                migrations.DeleteModel(
                    name='Office',
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
