"""Participants per organization and language for the network report, kept by triggers
on the participant table (see peerwell/reports/counts.py, whose post-migrate check
restores the SQLite triggers if a later table rebuild drops them), and counted once
here from the participants already enrolled."""

import django.db.models.deletion
from django.db import migrations, models

from peerwell.reports.counts import RECOUNT, create_statements, drop_statements


def _install(apps, schema_editor):
    for sql in [*create_statements(schema_editor.connection.vendor), RECOUNT]:
        schema_editor.execute(sql, params=None)  # no client-side %-formatting


def _remove(apps, schema_editor):
    for sql in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orgs', '0005_funder_network_wide'),
        ('participants', '0008_family_member_versions'),
    ]

    operations = [
        migrations.CreateModel(
            name='ParticipantCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish'), ('other', 'Another language')], max_length=10)),
                ('participants', models.PositiveIntegerField(default=0)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organization')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organization', 'language'), name='participant_count_key')],
            },
        ),
        migrations.RunPython(_install, _remove),
    ]
