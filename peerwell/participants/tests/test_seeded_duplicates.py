"""The seed fills the stored possible duplicates as `peerwell find_duplicates` does."""

from io import StringIO

import pytest
from django.core.management import call_command

from peerwell.core.seeding import seed
from peerwell.participants.models import PossibleDuplicate


@pytest.mark.django_db
def test_a_seeded_organization_comes_with_its_possible_duplicates_stored():
    # Enough people (without activity, which the pairs do not read) for a few to look
    # alike by chance.
    seed(orgs=1, participants=3000, seed=5, contacts_per_participant=0, progress=False)
    stored = PossibleDuplicate.objects.count()
    assert stored > 0
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert out.getvalue() == (
        f"{stored} possible duplicates in 1 organizations (0 new, 0 no longer matching).\n"
    )
