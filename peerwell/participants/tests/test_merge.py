"""Merging a duplicate record: every linked row moves, the duplicate leaves, all audited."""

from datetime import date

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.models import Consent, Disclosure
from peerwell.contacts.models import Contact, FollowUp
from peerwell.participants.merge import (
    CLOSES_CURRENT,
    COLLAPSES,
    NO_SUCH_PARTICIPANT,
    SAME_RECORD,
    STAYS,
    links_to_participant,
)
from peerwell.participants.models import (
    FamilyLink,
    Participant,
    ParticipantVersion,
    StageChange,
    StatusChange,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(org, peer, participant):
    return testing.make_participant(
        org,
        assigned_peer=peer,
        first_name=participant.first_name,
        last_name=participant.last_name,
        phone="+12155550199",
        email="alex@example.org",
        pronouns="they/them",
    )


def merge_url(keep):
    return reverse("participant_merge", args=[keep.pk])


def confirm(client, keep, duplicate):
    return client.post(merge_url(keep), {"number": duplicate.pk, "confirm": "1"})


def make_disclosure(participant, by, recipient):
    return Disclosure.objects.create(
        organization=participant.organization,
        participant=participant,
        disclosed_by=by,
        recipient=recipient,
        information="contact",
        purpose="Housing application support",
        disclosed_at=timezone.now(),
    )


def test_supervisor_compares_both_records_before_merging(
    as_user, supervisor, peer, participant, duplicate
):
    testing.make_contact(duplicate, peer)
    testing.make_contact(duplicate, peer)
    client = as_user(supervisor)
    assert client.get(merge_url(participant)).status_code == 200
    response = client.post(merge_url(participant), {"number": duplicate.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "(215) 555-0199" in body and "(215) 555-0123" in body
    assert 'name="confirm"' in body and "<td>2</td>" in body
    assert Participant.objects.get(pk=duplicate.pk).merged_into is None
    assert AuditEntry.objects.filter(action="view", participant=duplicate).exists()


def test_merge_moves_every_linked_row(as_user, supervisor, peer, participant, duplicate):
    contact = testing.make_contact(duplicate, peer)
    follow_up = testing.make_follow_up(peer, participant=duplicate)
    consent = testing.make_consent(duplicate, witnessed_by=peer)
    StatusChange.objects.create(
        organization=duplicate.organization,
        participant=duplicate,
        from_status="active",
        to_status="inactive",
        changed_by=peer,
    )
    StageChange.objects.create(
        organization=duplicate.organization, participant=duplicate, stage="after", changed_by=peer
    )
    response = confirm(as_user(supervisor), participant, duplicate)
    assert response.status_code == 302
    assert response.url == reverse("participant_detail", args=[participant.pk])
    assert Contact.objects.get(pk=contact.pk).participant == participant
    assert FollowUp.objects.get(pk=follow_up.pk).participant == participant
    assert Consent.objects.get(pk=consent.pk).participant == participant
    assert StatusChange.objects.get().participant == participant
    assert StageChange.objects.get().participant == participant
    duplicate.refresh_from_db()
    assert duplicate.merged_into == participant


def test_merge_shows_the_moved_rows_on_the_kept_record(
    as_user, supervisor, peer, participant, duplicate
):
    testing.make_contact(duplicate, peer, place="Corner of 5th and Main")
    client = as_user(supervisor)
    page = client.get(confirm(client, participant, duplicate).url).content.decode()
    assert "is merged into this one" in page and "Corner of 5th and Main" in page


def test_merge_moves_family_links_and_collapses_a_shared_one(
    as_user, supervisor, participant, duplicate
):
    shared = testing.make_family_member(participant, relationship="mother")
    FamilyLink.objects.create(
        organization=duplicate.organization,
        family_member=shared,
        participant=duplicate,
        relationship="mom",
    )
    own = testing.make_family_member(duplicate, relationship="brother")
    confirm(as_user(supervisor), participant, duplicate)
    links = FamilyLink.objects.filter(participant=participant)
    assert sorted(links.values_list("family_member_id", "relationship")) == sorted(
        [(shared.pk, "mother"), (own.pk, "brother")]
    )
    assert not FamilyLink.objects.filter(participant=duplicate).exists()
    audit = AuditEntry.objects.get(participant=participant, fields=["merged"])
    assert audit.detail["collapsed"] == {"participants.familylink": 1}
    assert audit.detail["moved"] == {"participants.familylink": 1}


def test_merge_ends_the_duplicate_s_check_in_calls_when_the_kept_record_has_its_own(
    as_user, supervisor, peer, participant, duplicate
):
    kept_calls = testing.make_enrolment(participant, by=peer)
    their_calls = testing.make_enrolment(duplicate, by=peer, tuesday=True)
    confirm(as_user(supervisor), participant, duplicate)
    kept_calls.refresh_from_db()
    their_calls.refresh_from_db()
    # One set of calls goes on; the other's history moves to the kept record, ended.
    assert (kept_calls.status, their_calls.status) == ("active", "ended")
    assert their_calls.participant_id == participant.pk
    audit = AuditEntry.objects.get(participant=participant, fields=["merged"])
    assert audit.detail["collapsed"] == {"checkins.enrolment": 1}


def test_merge_keeps_the_kept_record_s_wellness_plan_current(
    as_user, supervisor, peer, participant, duplicate
):
    from peerwell.plans.testing import make_plan

    kept_plan, their_plan = make_plan(participant, by=peer), make_plan(duplicate, by=peer)
    confirm(as_user(supervisor), participant, duplicate)
    kept_plan.refresh_from_db()
    their_plan.refresh_from_db()
    assert (kept_plan.is_current, their_plan.is_current) == (True, False)
    assert their_plan.participant_id == participant.pk


def test_merge_moves_the_duplicate_s_check_in_calls_when_the_kept_record_has_none(
    as_user, supervisor, peer, participant, duplicate
):
    their_calls = testing.make_enrolment(duplicate, by=peer)
    confirm(as_user(supervisor), participant, duplicate)
    their_calls.refresh_from_db()
    assert (their_calls.participant_id, their_calls.status) == (participant.pk, "active")


def test_disclosures_of_the_duplicate_appear_in_the_accounting_of_the_kept_record(
    as_user, supervisor, peer, participant, duplicate
):
    disclosure = make_disclosure(duplicate, peer, "Riverside Housing Authority")
    make_disclosure(participant, peer, "County Probation")
    client = as_user(supervisor)
    confirm(client, participant, duplicate)
    # Append-only: the disclosure itself still names the merged record.
    assert Disclosure.objects.get(pk=disclosure.pk).participant_id == duplicate.pk
    page = client.get(reverse("disclosure_accounting", args=[participant.pk])).content.decode()
    assert "Riverside Housing Authority" in page and "County Probation" in page


def test_an_earlier_merge_follows_along(as_user, supervisor, peer, org, participant, duplicate):
    # `merged_into` is a link to a participant not named "participant": it moves too.
    older = testing.make_participant(org)
    make_disclosure(older, peer, "Harbor Shelter")
    older.merged_into = duplicate
    older.save()
    client = as_user(supervisor)
    confirm(client, participant, duplicate)
    older.refresh_from_db()
    assert older.merged_into == participant
    page = client.get(reverse("disclosure_accounting", args=[participant.pk])).content.decode()
    assert "Harbor Shelter" in page


def test_merge_fills_only_the_blank_details_of_the_kept_record(
    as_user, supervisor, participant, duplicate
):
    participant.pronouns = "she/her"
    participant.save()
    confirm(as_user(supervisor), participant, duplicate)
    participant.refresh_from_db()
    assert participant.email == "alex@example.org"
    assert participant.pronouns == "she/her" and participant.phone == "+12155550123"
    assert participant.version == 2
    version = ParticipantVersion.objects.get(participant=participant)
    assert version.fields == ["email"] and version.previous == {"email": ""}


def test_merged_record_leaves_the_list_and_its_page_leads_to_the_kept_one(
    as_user, supervisor, participant, duplicate
):
    client = as_user(supervisor)
    confirm(client, participant, duplicate)
    listing = client.get(reverse("participant_list")).content.decode()
    assert f"/participants/{participant.pk}/" in listing
    assert f"/participants/{duplicate.pk}/" not in listing
    old_page = client.get(reverse("participant_detail", args=[duplicate.pk]))
    assert old_page["Location"] == reverse("participant_detail", args=[participant.pk])


def test_merge_is_audited_on_both_records(as_user, supervisor, peer, participant, duplicate):
    testing.make_contact(duplicate, peer)
    testing.make_contact(duplicate, peer)
    testing.make_follow_up(peer, participant=duplicate)
    confirm(as_user(supervisor), participant, duplicate)
    kept = AuditEntry.objects.get(action="update", participant=participant, fields=["merged"])
    assert kept.actor == supervisor
    assert kept.detail["merged"] == duplicate.pk
    assert kept.detail["moved"] == {"contacts.contact": 2, "contacts.followup": 1}
    merged = AuditEntry.objects.get(action="update", participant=duplicate)
    assert merged.fields == ["merged_into"] and merged.detail == {"merged_into": participant.pk}


def test_peer_cannot_merge(as_user, peer, participant, duplicate):
    client = as_user(peer)
    assert client.get(merge_url(participant)).status_code == 404
    assert confirm(client, participant, duplicate).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_another_organizations_number_is_no_such_participant(
    as_user, supervisor, other_org, participant
):
    stranger = testing.make_participant(other_org)
    testing.make_contact(stranger, testing.make_user(other_org, "peer"))
    response = confirm(as_user(supervisor), participant, stranger)
    assert response.status_code == 200
    assert str(NO_SUCH_PARTICIPANT) in response.content.decode()
    assert response.content.decode().count(str(NO_SUCH_PARTICIPANT)) == 1
    assert Contact.objects.get().participant == stranger
    stranger.refresh_from_db()
    assert stranger.merged_into is None
    missing = confirm(as_user(supervisor), participant, Participant(pk=stranger.pk + 1000))
    assert str(NO_SUCH_PARTICIPANT) in missing.content.decode()


def test_a_record_cannot_be_merged_into_itself(as_user, supervisor, participant):
    response = confirm(as_user(supervisor), participant, participant)
    assert response.status_code == 200
    assert str(SAME_RECORD) in response.content.decode()
    participant.refresh_from_db()
    assert participant.merged_into is None and participant.version == 1


def test_an_already_merged_record_is_no_longer_offered(as_user, supervisor, participant, duplicate):
    client = as_user(supervisor)
    confirm(client, participant, duplicate)
    third = testing.make_participant(participant.organization, date_of_birth=date(1991, 1, 1))
    response = confirm(client, third, duplicate)
    assert str(NO_SUCH_PARTICIPANT) in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == participant


def test_every_unique_link_to_a_participant_has_a_merge_rule():
    """A new model whose link to a participant is unique (one-to-one, or unique with
    another field) needs a rule in merge.py, or moving its rows could collide."""
    unruled = []
    for rel in links_to_participant():
        model, name = rel.related_model, rel.field.name
        label = model._meta.label_lower
        together = [set(fields) for fields in model._meta.unique_together] + [
            set(c.fields)
            for c in model._meta.constraints
            if isinstance(c, models.UniqueConstraint) and c.fields
        ]
        unique = rel.field.unique or any(name in fields for fields in together)
        if (
            unique
            and label not in STAYS | COLLAPSES.keys() | CLOSES_CURRENT.keys()
            and not rel.one_to_one
        ):
            unruled.append(label)
    assert not unruled
