"""The business office moves here from visits; spot checks and ratings move to visits.

Both keep their tables (``db_table``): only Django's idea of which app owns them changes,
so existing rows stay where they are and nothing is copied.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cadres', '0005_spot_checks_and_ratings'),
        ('villages', '0006_access_log'),
    ]

    operations = [
        # State only: the tables stay where they are, under their old names.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Office',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('kind', models.CharField(choices=[('civil_affairs', 'civil affairs'), ('land', 'land and resources'), ('forestry', 'forestry'), ('health', 'health'), ('medical_insurance', 'medical insurance'), ('police', 'police station'), ('justice', 'judicial office'), ('other', 'other')], default='other', max_length=30, verbose_name='kind')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'business office',
                        'verbose_name_plural': 'business offices',
                        'db_table': 'visits_office',
                        'ordering': ['township_id', 'name', 'pk'],
                    },
                ),
                migrations.RemoveIndex(
                    model_name='rating',
                    name='rating_station_day_idx',
                ),
                migrations.RemoveIndex(
                    model_name='spotcheck',
                    name='spot_check_township_idx',
                ),
                migrations.RemoveIndex(
                    model_name='spotcheck',
                    name='spot_check_cadre_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='spotcheck',
                    name='spot_check_draws_someone',
                ),
                migrations.RemoveIndex(
                    model_name='spotcheckanswer',
                    name='spot_answer_recorded_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='spotcheckanswer',
                    name='one_answer_per_drawn_household',
                ),
                migrations.RemoveConstraint(
                    model_name='spotcheckanswer',
                    name='one_household_per_draw_position',
                ),
                migrations.RemoveField(
                    model_name='voteitem',
                    name='round',
                ),
                migrations.RemoveIndex(
                    model_name='voteround',
                    name='vote_round_township_idx',
                ),
                migrations.AddField(
                    model_name='office',
                    name='township',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offices', to='villages.township', verbose_name='township'),
                ),
                migrations.AlterField(
                    model_name='user',
                    name='office',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='cadres.office', verbose_name='business office'),
                ),
                migrations.RemoveField(
                    model_name='rating',
                    name='cadre',
                ),
                migrations.RemoveField(
                    model_name='rating',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='rating',
                    name='household',
                ),
                migrations.RemoveField(
                    model_name='rating',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='spotcheck',
                    name='cadre',
                ),
                migrations.RemoveField(
                    model_name='spotcheck',
                    name='drawn_by',
                ),
                migrations.RemoveField(
                    model_name='spotcheck',
                    name='township',
                ),
                migrations.RemoveField(
                    model_name='spotcheckanswer',
                    name='cadre_tags',
                ),
                migrations.RemoveField(
                    model_name='spotcheckanswer',
                    name='household',
                ),
                migrations.RemoveField(
                    model_name='spotcheckanswer',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='spotcheckanswer',
                    name='spot_check',
                ),
                migrations.DeleteModel(
                    name='VoteItem',
                ),
                migrations.RemoveField(
                    model_name='voteround',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='voteround',
                    name='township',
                ),
                migrations.AddConstraint(
                    model_name='office',
                    constraint=models.UniqueConstraint(fields=('township', 'name'), name='office_name_unique_in_township', violation_error_message='The township already has an office of this name.'),
                ),
                migrations.DeleteModel(
                    name='Rating',
                ),
                migrations.DeleteModel(
                    name='SpotCheck',
                ),
                migrations.DeleteModel(
                    name='SpotCheckAnswer',
                ),
                migrations.DeleteModel(
                    name='VoteRound',
                ),
            ],
        ),
    ]
