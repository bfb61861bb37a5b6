"""Possible duplicates: before enrolling, on the supervisors' list, and into the merge."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db

ENROLL = "/participants/new/"


@pytest.fixture
def maria(org):
    return testing.make_participant(
        org,
        first_name="Maria",
        last_name="Garcia-Lopez",
        date_of_birth=date(1984, 3, 9),
        phone="",
    )


def enroll(client, **fields):
    data = {"first_name": "", "last_name": "", "date_of_birth": "", "phone": "", "language": "es"}
    return client.post(ENROLL, {**data, **fields})


@pytest.mark.parametrize(
    "first, last, born",
    [
        ("Maria", "Garcia-Lopez", "1984-03-09"),  # the same
        ("Lopez", "Maria", "1984-03-09"),  # first and last name swapped
        ("Marai", "Garcia-Lopez", "1984-03-09"),  # a typo
        ("Maria", "Lopez", "1984-03-09"),  # one part of the hyphenated surname
        ("Maria", "Garcia", "1984-09-03"),  # the other part; day and month swapped
        ("Maria", "Garcia Lopez", "1984-03-08"),  # one digit off
        ("maria", "GARCIA-LOPEZ", "1994-03-09"),  # one digit of the year off
    ],
)
def test_a_similar_person_is_suggested_before_enrolling(as_user, peer, maria, first, last, born):
    client = as_user(peer)
    response = enroll(client, first_name=first, last_name=last, date_of_birth=born)
    body = response.content.decode()
    assert response.status_code == 200
    assert "This person may already be enrolled" in body
    assert f'href="/participants/{maria.pk}/"' in body
    # Nothing is created until the peer says it is someone else.
    assert Participant.objects.count() == 1
    anyway = enroll(
        client, first_name=first, last_name=last, date_of_birth=born, not_a_duplicate="1"
    )
    assert anyway.status_code == 302
    assert Participant.objects.count() == 2


@pytest.mark.parametrize(
    "first, last, born",
    [
        ("Maria", "Garcia-Lopez", "1986-05-21"),  # another date of birth
        ("James", "Okafor", "1984-03-09"),  # another name, the same date of birth
    ],
)
def test_someone_else_is_enrolled_at_once(as_user, peer, maria, first, last, born):
    response = enroll(as_user(peer), first_name=first, last_name=last, date_of_birth=born)
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_another_organizations_record_is_never_suggested(as_user, peer, other_org):
    testing.make_participant(
        other_org,
        first_name="Maria",
        last_name="Garcia-Lopez",
        date_of_birth=date(1984, 3, 9),
        phone="+12155550142",
    )
    response = enroll(
        as_user(peer),
        first_name="Maria",
        last_name="Garcia-Lopez",
        date_of_birth="1984-03-09",
        phone="215-555-0142",
    )
    assert response.status_code == 302
    assert Participant.objects.filter(organization=peer.organization).count() == 1


@pytest.fixture
def pair(org, peer):
    older = testing.make_participant(
        org, first_name="Keisha", last_name="Brown", date_of_birth=date(1990, 7, 4), phone=""
    )
    newer = testing.make_participant(
        org,
        first_name="Brown",
        last_name="Keisha",
        date_of_birth=date(1990, 4, 7),
        phone="",
        assigned_peer=peer,
    )
    # Made directly, not enrolled: the list is filled as on an existing install.
    call_command("find_duplicates", stdout=StringIO())
    return older, newer


def test_supervisors_see_pairs_that_lead_to_the_merge(as_user, supervisor, org, pair, other_org):
    older, newer = pair
    testing.make_participant(org, first_name="James", last_name="Okafor", phone="")
    theirs = testing.make_participant(
        other_org, first_name="Keisha", last_name="Brown", date_of_birth=date(1990, 7, 4)
    )
    testing.make_participant(
        other_org, first_name="Brown", last_name="Keisha", date_of_birth=date(1990, 7, 4)
    )
    call_command("find_duplicates", stdout=StringIO())
    client = as_user(supervisor)
    page = client.get(reverse("possible_duplicates"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "1 pair" in body and "Okafor" not in body
    assert f"/participants/{theirs.pk}/" not in body
    compare = f"/participants/{older.pk}/merge/?number={newer.pk}"
    assert compare in body
    # Both records chosen: the comparison shows at once, nothing typed.
    comparison = client.get(compare)
    assert comparison.status_code == 200
    assert comparison.context["duplicate"] == newer
    assert "Merge the records" in comparison.content.decode()
    assert not Participant.objects.filter(merged_into__isnull=False).exists()
    merged = client.post(
        reverse("participant_merge", args=[older.pk]), {"number": newer.pk, "confirm": "1"}
    )
    assert merged.status_code == 302
    assert Participant.objects.get(pk=newer.pk).merged_into_id == older.pk
    assert "No possible duplicates" in client.get(reverse("possible_duplicates")).content.decode()


def test_the_duplicates_list_is_for_supervisors_and_admins(as_user, peer, pair):
    assert as_user(peer).get(reverse("possible_duplicates")).status_code == 403


def test_the_merge_page_suggests_this_records_duplicates(as_user, supervisor, pair):
    older, newer = pair
    body = as_user(supervisor).get(reverse("participant_merge", args=[older.pk])).content.decode()
    assert f"/participants/{older.pk}/merge/?number={newer.pk}" in body


def test_every_address_of_a_merged_record_leads_to_the_kept_one(as_user, supervisor, peer, pair):
    older, newer = pair
    client = as_user(supervisor)
    client.post(reverse("participant_merge", args=[older.pk]), {"number": newer.pk, "confirm": "1"})
    for name in ("participant_detail", "participant_edit", "participant_history", "log_contact"):
        response = client.get(reverse(name, args=[newer.pk]) + "?x=1")
        assert response.status_code == 302, name
        assert response["Location"] == reverse(name, args=[older.pk]) + "?x=1"
        assert client.get(response["Location"]).status_code == 200
    # Through the record-opening path: the peer had only the duplicate on their caseload,
    # so the kept record sends them on to emergency access, and the opening is audited.
    opened = AuditEntry.objects.filter(action="view", participant=older).count()
    response = as_user(peer).get(reverse("participant_detail", args=[newer.pk]), follow=True)
    assert [url for url, _status in response.redirect_chain] == [
        reverse("participant_detail", args=[older.pk]),
        reverse("participant_emergency", args=[older.pk]),
    ]
    assert AuditEntry.objects.filter(action="view", participant=older).count() == opened + 1


def test_a_merged_record_of_another_organization_is_a_404(as_user, supervisor, other_org):
    keep = testing.make_participant(other_org)
    gone = testing.make_participant(other_org, merged_into=keep)
    response = as_user(supervisor).get(reverse("participant_detail", args=[gone.pk]))
    assert response.status_code == 404
