from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from peerwell import testing
from peerwell.contacts.models import Contact
from peerwell.participants.models import StatusChange

pytestmark = pytest.mark.django_db


def log(participant, peer, days_ago):
    Contact.objects.create(
        organization=participant.organization,
        participant=participant,
        staff=peer,
        kind="check_in",
        emotional=True,
        duration_minutes=10,
        mode="phone",
        contact_date=date.today() - timedelta(days=days_ago),
    )


def test_quiet_participants_become_inactive_once(org, peer, capsys):
    org.inactive_after_days = 30
    org.save()
    long_ago = timezone.now() - timedelta(days=100)
    quiet = testing.make_participant(org, assigned_peer=peer, created_at=long_ago)
    recent = testing.make_participant(org, assigned_peer=peer, created_at=long_ago)
    new = testing.make_participant(org, assigned_peer=peer)
    log(quiet, peer, days_ago=45)
    log(recent, peer, days_ago=3)
    call_command("mark_inactive")
    assert "1 participants marked inactive." in capsys.readouterr().out
    for p in (quiet, recent, new):
        p.refresh_from_db()
    assert (quiet.status, recent.status, new.status) == ("inactive", "active", "active")
    change = StatusChange.objects.get(participant=quiet)
    assert change.changed_by is None and change.to_status == "inactive"
    call_command("mark_inactive")
    assert StatusChange.objects.count() == 1


def test_never_contacted_and_enrolled_long_ago_becomes_inactive(org, peer):
    old = testing.make_participant(
        org, assigned_peer=peer, created_at=timezone.now() - timedelta(days=200)
    )
    call_command("mark_inactive", stdout=open("/dev/null", "w"))
    old.refresh_from_db()
    assert old.status == "inactive"
