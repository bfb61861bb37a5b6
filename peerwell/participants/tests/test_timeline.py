"""The participant's timeline: contacts and the record's events, newest first."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.participants.models import Assignment, StageChange, StatusChange

pytestmark = pytest.mark.django_db


def at(days_ago: int) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def test_every_kind_of_event_shows_newest_first(as_user, org, peer, participant):
    supervisor = testing.make_user(org, "supervisor", full_name="Morgan Lee")
    rows = dict(organization=org, participant=participant)
    StatusChange.objects.create(
        **rows, from_status="active", to_status="inactive", changed_by=None, changed_at=at(40)
    )
    StatusChange.objects.create(
        **rows,
        from_status="inactive",
        to_status="discharged",
        reason="moved",
        changed_by=supervisor,
        changed_at=at(30),
    )
    StageChange.objects.create(**rows, stage="after", changed_by=supervisor, changed_at=at(20))
    Assignment.objects.create(**rows, peer=peer, assigned_by=supervisor, assigned_at=at(10))
    testing.make_contact(participant, peer, contact_date=timezone.localdate() - timedelta(days=5))
    Assignment.objects.create(**rows, peer=None, assigned_by=supervisor, assigned_at=at(1))

    page = as_user(supervisor).get(reverse("participant_detail", args=[participant.pk]))
    body = page.content.decode()
    expected = [
        "Unassigned",
        "Check-in call",
        f"Assigned to {peer.full_name}",
        "Stage: After treatment",
        "Status: Discharged",
        "Moved away",
        "by Morgan Lee",
        "Status: Inactive",
        "automatically, after a period without contact",
    ]
    # Each text after the one before it: body.index raises when one is missing or early.
    position = body.index('id="timeline-heading"')
    for text in expected:
        position = body.index(text, position)


def test_the_timeline_shows_the_latest_twenty_and_earlier_ones_a_page_at_a_time(
    as_user, org, peer, participant
):
    StatusChange.objects.bulk_create(
        StatusChange(
            organization=org,
            participant=participant,
            from_status="active",
            to_status="inactive",
            changed_by=peer,
            changed_at=at(100 + n),
        )
        for n in range(45)
    )
    testing.make_contact(participant, peer, contact_date=timezone.localdate() - timedelta(days=1))
    participant.assigned_peer = peer
    participant.save()
    client = as_user(peer)
    url = reverse("participant_detail", args=[participant.pk])
    body = client.get(url).content.decode()
    assert body.count("Status: Inactive") == 19 and "<strong>Check-in call</strong>" in body
    assert "Back to the latest entries" not in body
    # "Show earlier entries" leads on, page by page, to the oldest.
    shown = 19
    for expected in (20, 6):
        assert 'href="?timeline=' in body
        page = body.split('href="?timeline=')[1].split("#")[0]
        body = client.get(f"{url}?timeline={page}").content.decode()
        assert body.count("Status: Inactive") == expected
        assert "Back to the latest entries" in body and "<strong>Check-in call</strong>" not in body
        shown += expected
    assert shown == 45 and "Show earlier entries" not in body
    # A page number made up by hand still answers with a page.
    assert client.get(f"{url}?timeline=nonsense").status_code == 200
    assert "Back to the latest entries" in client.get(f"{url}?timeline=99").content.decode()
