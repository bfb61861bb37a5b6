"""The one record-opening path: the caseload rule and the audit row on every page that
shows or changes a part of a participant's record (family members and follow-ups
included). The permission matrix checks the same on every URL; these tests show what a
peer notices."""

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.contacts.models import FollowUp
from peerwell.participants.models import FamilyMember

pytestmark = pytest.mark.django_db

REASON = "Her sister called the warm line, worried about her"


@pytest.fixture
def outsider(org):
    """A peer of the same organization who does not have `participant` on their caseload."""
    return testing.make_user(org, "peer")


@pytest.fixture
def mother(participant, peer):
    member = testing.make_family_member(
        participant, relationship="mother", first_name="Rosa", notes="Lives with him."
    )
    testing.make_contact(
        participant, peer, family_member=member, kind="family", notes="Relapse fears at home"
    )
    return member


def emergency_url(participant, back=None):
    url = reverse("participant_emergency", args=[participant.pk])
    return f"{url}?next={back.replace('/', '%2F')}" if back else url


def test_peer_outside_the_caseload_is_sent_to_emergency_access_from_a_family_page(
    as_user, outsider, participant, mother
):
    url = reverse("family_member", args=[mother.pk])
    response = as_user(outsider).get(url)
    assert response.status_code == 302
    assert response["Location"] == emergency_url(participant, url)
    assert b"Relapse fears" not in response.content
    refusal = AuditEntry.objects.get(action="refused", actor=outsider)
    assert refusal.participant_id == participant.pk
    assert refusal.model == "participants.familymember"


def test_peer_outside_the_caseload_cannot_change_a_family_member(
    as_user, outsider, participant, mother
):
    url = reverse("family_member_edit", args=[mother.pk])
    response = as_user(outsider).post(url, {"first_name": "Changed", "last_name": "X"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("participant_emergency", args=[participant.pk]))
    assert FamilyMember.objects.get(pk=mother.pk).first_name == "Rosa"
    assert not AuditEntry.objects.filter(action="update", actor=outsider).exists()


def test_emergency_access_leads_back_to_the_family_page_and_is_audited(
    as_user, outsider, participant, mother
):
    client = as_user(outsider)
    url = reverse("family_member", args=[mother.pk])
    door = client.get(url)["Location"]
    assert client.get(door).status_code == 200
    granted = client.post(door, {"reason": REASON, "next": url})
    assert granted["Location"] == url
    page = client.get(url).content.decode()
    assert "Relapse fears at home" in page and participant.display_name in page
    emergency = AuditEntry.objects.get(action="emergency", actor=outsider)
    assert emergency.participant_id == participant.pk and emergency.reason == REASON
    view = AuditEntry.objects.filter(
        action="view", actor=outsider, model="participants.familymember"
    )
    assert view.get().participant_id == participant.pk


def test_emergency_access_never_sends_anyone_off_the_site(as_user, outsider, participant):
    door = reverse("participant_emergency", args=[participant.pk])
    for target in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        response = as_user(outsider).post(door, {"reason": REASON, "next": target})
        assert response["Location"] == reverse("participant_detail", args=[participant.pk])


def test_a_family_page_shows_only_what_goes_with_records_the_peer_may_open(
    as_user, org, peer, participant, mother
):
    brother = testing.make_participant(org, first_name="Teodoro")  # not on peer's caseload
    mother.links.create(organization=org, participant=brother, relationship="mother")
    testing.make_contact(
        brother, testing.make_user(org, "peer"), family_member=mother, notes="About Teodoro"
    )
    response = as_user(peer).get(reverse("family_member", args=[mother.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert participant.display_name in page and "Relapse fears at home" in page
    assert "Teodoro" not in page and "About Teodoro" not in page
    # The audit names the participant whose record was opened, not the other one.
    named = AuditEntry.objects.filter(action="view", actor=peer, model="participants.familymember")
    assert list(named.values_list("participant_id", flat=True)) == [participant.pk]


def test_a_family_page_read_by_a_supervisor_names_every_linked_participant(
    as_user, org, supervisor, participant, mother
):
    brother = testing.make_participant(org)
    mother.links.create(organization=org, participant=brother, relationship="mother")
    as_user(supervisor).get(reverse("family_member", args=[mother.pk]))
    named = AuditEntry.objects.filter(
        action="view", actor=supervisor, model="participants.familymember"
    )
    assert sorted(named.values_list("participant_id", flat=True)) == sorted(
        [participant.pk, brother.pk]
    )


def test_a_family_member_edit_is_audited_under_the_participant(as_user, peer, participant, mother):
    response = as_user(peer).post(
        reverse("family_member_edit", args=[mother.pk]),
        {"first_name": "Rosa", "last_name": "Diaz", "version": 1},
    )
    assert response.status_code == 302
    change = AuditEntry.objects.get(action="update", actor=peer)
    assert change.participant_id == participant.pk and "last_name" in change.fields


def test_only_the_assignee_or_who_may_open_the_record_marks_a_follow_up_done(
    as_user, org, peer, outsider, supervisor, participant
):
    task = testing.make_follow_up(peer, participant=participant)
    url = reverse("follow_up_done", args=[task.pk])
    refused = as_user(outsider).post(url)
    assert refused.status_code == 302
    assert refused["Location"] == emergency_url(participant)
    assert FollowUp.objects.get(pk=task.pk).done_at is None
    assert as_user(supervisor).post(url).status_code == 302
    assert FollowUp.objects.get(pk=task.pk).done_at is not None


def test_the_assignee_closes_a_follow_up_after_the_participant_moves_to_another_peer(
    as_user, org, peer, outsider, participant
):
    task = testing.make_follow_up(peer, participant=participant)
    participant.assigned_peer = outsider
    participant.save()
    response = as_user(peer).post(reverse("follow_up_done", args=[task.pk]))
    assert response["Location"] == reverse("follow_ups")
    assert FollowUp.objects.get(pk=task.pk).done_at is not None
    done = AuditEntry.objects.get(action="update", actor=peer)
    assert done.participant_id == participant.pk


@pytest.mark.parametrize(
    "page",
    [
        "log_contact",
        "participant_status",
        "participant_assign",
        "participant_emergency",
        "family_member_add",
    ],
)
def test_pages_that_show_a_participants_name_write_an_audit_row(
    as_user, supervisor, participant, page
):
    response = as_user(supervisor).get(reverse(page, args=[participant.pk]))
    assert response.status_code == 200
    assert participant.display_name in response.content.decode()
    entry = AuditEntry.objects.get(actor=supervisor, action="view")
    assert entry.participant_id == participant.pk
    assert entry.detail["page"] == page
