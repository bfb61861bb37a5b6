import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

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


# --- family members served in their own right -------------------------------------------


def family_support(**overrides):
    from peerwell.contacts.tests.test_log_contact import contact_data

    return contact_data(
        kind="family", notes="Talked with her about setting boundaries.", **overrides
    )


def test_family_support_is_logged_for_the_family_member(as_user, peer, participant):
    from peerwell.contacts.models import Contact

    member = testing.make_family_member(participant, "mother", first_name="Rosa")
    client = as_user(peer)
    url = reverse("log_contact", args=[participant.pk])
    # "Log family support" from the family member's page chooses them already.
    form = client.get(url, {"family_member": member.pk}).content.decode()
    assert f'<option value="{member.pk}" selected>Rosa {member.last_name} (mother)</option>' in form
    assert f"{participant.display_name} (the participant)" in form
    response = client.post(url, family_support(family_member=member.pk))
    assert response.status_code == 302
    assert Contact.objects.get().family_member == member
    record = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert f"Served: Rosa {member.last_name}, family member" in record
    page = client.get(reverse("family_member", args=[member.pk])).content.decode()
    assert "Services received" in page and "setting boundaries" in page


def test_only_the_participants_own_family_can_be_chosen(as_user, peer, org, participant):
    from peerwell.contacts.models import Contact

    stranger = testing.make_family_member(testing.make_participant(org), "brother")
    client = as_user(peer)
    url = reverse("log_contact", args=[participant.pk])
    # Without family of their own, the choice is not offered and nothing links a stranger.
    client.post(url, family_support(family_member=stranger.pk))
    assert Contact.objects.get().family_member is None
    testing.make_family_member(participant, "mother")
    response = client.post(url, family_support(family_member=stranger.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose the participant or one of the family members linked" in body
    assert "setting boundaries" in body
    assert Contact.objects.count() == 1


def test_family_member_page_queries_do_not_grow(as_user, peer, participant):
    member = testing.make_family_member(participant)
    client = as_user(peer)
    url = reverse("family_member", args=[member.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    testing.make_contact(participant, peer, family_member=member)
    few = count()
    for _ in range(5):
        testing.make_contact(participant, peer, family_member=member)
    assert count() == few


def test_family_member_details_are_edited_and_audited(as_user, peer, participant):
    from peerwell.audit.models import AuditEntry

    member = testing.make_family_member(participant)
    client = as_user(peer)
    url = reverse("family_member_edit", args=[member.pk])
    before = member.first_name
    data = {"first_name": "Rosa", "last_name": "Diaz", "phone": "not a phone", "version": 1}
    refused = client.post(url, data).content.decode()
    assert "Enter a phone number we can call" in refused and 'value="Rosa"' in refused
    response = client.post(url, {**data, "phone": "215-555-0111"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Rosa" and str(member.phone) == "+12155550111"
    assert member.version == 2
    entry = AuditEntry.objects.filter(action="update", model="participants.familymember").get()
    assert set(entry.fields) >= {"first_name", "last_name", "phone"}
    # The earlier details are kept, encrypted, and listed under the form.
    with connection.cursor() as cursor:
        cursor.execute("SELECT previous_values FROM participants_familymemberversion")
        assert before not in cursor.fetchone()[0]
    page = client.get(url).content.decode()
    assert "Version 1, changed by" in page and f"<dt>First name</dt><dd>{before}</dd>" in page


def test_second_of_two_family_member_edits_is_refused(as_user, peer, participant):
    from peerwell.participants.forms import FAMILY_EDIT_CONFLICT

    member = testing.make_family_member(participant)
    url = reverse("family_member_edit", args=[member.pk])
    first, second = as_user(peer), as_user(peer)
    data = {"first_name": "Rosa", "last_name": "Diaz", "version": 1}
    assert first.post(url, data).status_code == 302
    response = second.post(url, {**data, "first_name": "Rosalind"})
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(str(FAMILY_EDIT_CONFLICT)) in body and 'value="Rosalind"' in body
    member.refresh_from_db()
    assert member.first_name == "Rosa"


def test_a_family_member_of_two_participants_keeps_one_record(as_user, peer, org, participant):
    from peerwell.audit.models import AuditEntry

    brother = testing.make_participant(org, assigned_peer=peer)
    mother = testing.make_family_member(brother, "mother", first_name="Rosa", last_name="Diaz")
    testing.make_family_member(brother, "sister", first_name="Ana", last_name="Diaz")
    client = as_user(peer)
    add = reverse("family_member_add", args=[participant.pk])
    # Found by part of the name, typed in the form's body, never in the URL.
    found = client.post(add, {"find": "ros dia"}).content.decode()
    link = reverse("family_member_link", args=[participant.pk, mother.pk])
    assert "Rosa Diaz" in found and f'action="{link}"' in found and "Ana Diaz" not in found
    seen = AuditEntry.objects.filter(action="list", participant=participant).latest("id")
    assert seen.detail == {"family_search": [mother.pk]} and "ros" not in str(seen.detail)
    refused = client.post(link, {"relationship": ""}, follow=True).content.decode()
    assert "Say how they are related to the participant." in refused
    assert client.post(link, {"relationship": "mother"}).status_code == 302
    assert FamilyLink.objects.filter(family_member=mother).count() == 2
    assert FamilyMember.objects.filter(first_name="Rosa").count() == 1
    assert AuditEntry.objects.filter(model="participants.familylink", action="create").exists()
    # Linked now, so no longer offered; linking twice changes nothing.
    assert f'action="{link}"' not in client.post(add, {"find": "Rosa"}).content.decode()
    again = client.post(link, {"relationship": "mother"}, follow=True).content.decode()
    assert "was already linked" in again
    page = client.get(reverse("family_member", args=[mother.pk])).content.decode()
    assert participant.display_name in page and brother.display_name in page


def test_family_of_another_organization_is_neither_found_nor_linked(
    as_user, peer, other_org, participant
):
    stranger = testing.make_family_member(
        testing.make_participant(other_org), first_name="Rosa", last_name="Diaz"
    )
    client = as_user(peer)
    found = client.post(reverse("family_member_add", args=[participant.pk]), {"find": "Rosa"})
    assert "Rosa Diaz" not in found.content.decode()
    link = reverse("family_member_link", args=[participant.pk, stranger.pk])
    assert client.post(link, {"relationship": "aunt"}).status_code == 404
    assert not FamilyLink.objects.filter(participant=participant).exists()


def test_removing_a_family_link_keeps_the_family_member_and_their_services(
    as_user, peer, participant
):
    from peerwell.audit.models import AuditEntry
    from peerwell.contacts.models import Contact

    member = testing.make_family_member(participant, "partner")
    testing.make_contact(participant, peer, family_member=member)
    client = as_user(peer)
    page = client.get(reverse("family_member", args=[member.pk])).content.decode()
    unlink = reverse("family_member_unlink", args=[participant.pk, member.pk])
    assert f'action="{unlink}"' in page
    assert client.get(unlink).status_code == 405
    assert client.post(unlink).status_code == 302
    assert not FamilyLink.objects.exists()
    assert FamilyMember.objects.filter(pk=member.pk).exists()
    assert Contact.objects.filter(family_member=member).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.model == "participants.familylink" and entry.participant_id == participant.pk
    record = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "No family members linked." in record
    # Pressed twice: nothing more happens, and the page says so.
    again = client.post(unlink, follow=True).content.decode()
    assert "already removed" in again and AuditEntry.objects.filter(action="delete").count() == 1


def test_a_refused_link_keeps_the_search_and_marks_the_field(as_user, peer, org, participant):
    brother = testing.make_participant(org, assigned_peer=peer)
    mother = testing.make_family_member(brother, "mother", first_name="Rosa", last_name="Diaz")
    link = reverse("family_member_link", args=[participant.pk, mother.pk])
    response = as_user(peer).post(link, {"relationship": " ", "find": "ros dia"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="find" value="ros dia"' in body
    assert f'aria-describedby="relationship-{mother.pk}-error"' in body
    assert "Say how they are related to the participant." in body
    assert not FamilyLink.objects.filter(participant=participant).exists()


def test_a_very_long_family_search_is_cut_to_the_length_of_a_name(as_user, peer, participant):
    testing.make_family_member(participant, first_name="Rosa")
    other = testing.make_participant(participant.organization, assigned_peer=peer)
    response = as_user(peer).post(
        reverse("family_member_add", args=[other.pk]), {"find": "Rosa" + " " * 100 + "x" * 100_000}
    )
    assert response.status_code == 200 and "Link Rosa" in response.content.decode()


@pytest.mark.parametrize("find", ["Rosa Dais", "Diaz Rosa", "Rossa", "(215) 555-0177", "5550177"])
def test_family_search_tolerates_typos_and_finds_phones(as_user, peer, org, participant, find):
    brother = testing.make_participant(org, assigned_peer=peer)
    mother = testing.make_family_member(
        brother, "mother", first_name="Rosa", last_name="Diaz", phone="+12155550177"
    )
    testing.make_family_member(
        brother, "uncle", first_name="Tomas", last_name="Okafor", phone="+12155550999"
    )
    add = reverse("family_member_add", args=[participant.pk])
    found = as_user(peer).post(add, {"find": find}).content.decode()
    link = reverse("family_member_link", args=[participant.pk, mother.pk])
    assert f'action="{link}"' in found
    assert "Okafor" not in found
