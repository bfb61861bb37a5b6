"""The accounting of disclosures is append-only in the database too (core.appendonly)."""

from django.db import migrations

from peerwell.core.appendonly import GuardAppendOnly


class Migration(migrations.Migration):
    dependencies = [("consents", "0002_drawn_signature")]
    operations = [GuardAppendOnly("Disclosure")]
