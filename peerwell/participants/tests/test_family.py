import pytest
from django.db import connection
from django.urls import reverse

from peerwell import testing
from peerwell.participants.models import FamilyLink, FamilyMember

pytestmark = pytest.mark.django_db


def test_peer_adds_a_family_member_linked_to_the_participant(as_user, peer, participant):
    client = as_user(peer)
    response = client.post(
        reverse("family_member_add", args=[participant.pk]),
        {
            "first_name": "Rosa",
            "last_name": "Diaz",
            "relationship": "mother",
            "phone": "215-555-0111",
            "notes": "Worried; wants a family support group.",
        },
    )
    assert response.status_code == 302
    member = FamilyMember.objects.get()
    assert FamilyLink.objects.get().relationship == "mother"
    page = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "Rosa Diaz" in page and "mother" in page
    member_page = client.get(reverse("family_member", args=[member.pk])).content.decode()
    assert participant.display_name in member_page and "family support group" in member_page
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM participants_familymember")
        assert "Worried" not in cursor.fetchone()[0]


def test_family_member_shows_only_through_linked_participants(as_user, org, peer, participant):
    other = testing.make_participant(org, assigned_peer=peer)
    testing.make_family_member(other, first_name="Unrelated")
    page = as_user(peer).get(reverse("participant_detail", args=[participant.pk]))
    assert "Unrelated" not in page.content.decode()


def test_family_member_needs_a_relationship(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("family_member_add", args=[participant.pk]),
        {"first_name": "Rosa", "last_name": "Diaz", "relationship": ""},
    )
    assert response.status_code == 200 and 'value="Rosa"' in response.content.decode()
    assert not FamilyMember.objects.exists()
