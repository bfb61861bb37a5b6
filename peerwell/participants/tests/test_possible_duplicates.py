"""The stored possible duplicates: kept by enrolling, editing and merging, set aside by
"Not the same person", rebuilt by `peerwell find_duplicates`."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.participants.models import Participant, PossibleDuplicate

pytestmark = pytest.mark.django_db

LIST = "/participants/duplicates/"


@pytest.fixture
def maria(org):
    return testing.make_participant(
        org, first_name="Maria", last_name="Garcia-Lopez", date_of_birth=date(1984, 3, 9), phone=""
    )


def enroll(client, **fields) -> Participant:
    """Through the form, past the suggestion, as a peer who is sure it is someone else."""
    data = {"first_name": "", "last_name": "", "date_of_birth": "", "phone": "", "language": "es"}
    response = client.post("/participants/new/", {**data, **fields, "not_a_duplicate": "1"})
    assert response.status_code == 302
    return Participant.objects.order_by("-pk").first()


def edit(client, participant, **fields):
    participant.refresh_from_db()
    data = {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "date_of_birth": participant.date_of_birth.isoformat(),
        "phone": participant.phone.as_e164 if participant.phone else "",
        "language": participant.language,
        "assigned_peer": participant.assigned_peer_id or "",
        "version": participant.version,
    }
    response = client.post(reverse("participant_edit", args=[participant.pk]), {**data, **fields})
    assert response["Location"] == reverse("participant_detail", args=[participant.pk])


def listed(client) -> str:
    response = client.get(LIST)
    assert response.status_code == 200
    return response.content.decode()


def stored() -> set:
    return set(
        PossibleDuplicate.objects.values_list(
            "older_id", "newer_id", "reason", "judged_different_at"
        )
    )


def find_duplicates(*args) -> str:
    out = StringIO()
    call_command("find_duplicates", *args, stdout=out)
    return out.getvalue()


def test_enrolling_a_near_duplicate_puts_the_pair_on_the_list(as_user, peer, supervisor, maria):
    newer = enroll(
        as_user(peer), first_name="Marai", last_name="Garcia-Lopez", date_of_birth="1984-03-09"
    )
    body = listed(as_user(supervisor))
    assert "1 pair" in body
    assert "Marai Garcia-Lopez" in body and "Maria Garcia-Lopez" in body
    assert "A similar name and date of birth" in body
    assert f"/participants/{maria.pk}/merge/?number={newer.pk}" in body


def test_the_same_phone_is_a_pair_and_says_so(as_user, peer, supervisor, org):
    testing.make_participant(org, first_name="Dana", last_name="Whitfield", phone="+12155550142")
    enroll(
        as_user(peer),
        first_name="Jordan",
        last_name="Pike",
        date_of_birth="1971-01-20",
        phone="215-555-0142",
    )
    body = listed(as_user(supervisor))
    assert "1 pair" in body and "The same phone" in body and "(215) 555-0142" in body


def test_someone_else_makes_no_pair(as_user, peer, supervisor, maria):
    enroll(as_user(peer), first_name="James", last_name="Okafor", date_of_birth="1984-03-09")
    assert "No possible duplicates" in listed(as_user(supervisor))
    assert not PossibleDuplicate.objects.exists()


def test_an_edit_of_the_name_or_birth_date_updates_the_pair(as_user, peer, supervisor, maria):
    client = as_user(peer)
    newer = enroll(client, first_name="James", last_name="Okafor", date_of_birth="1984-03-09")
    assert "No possible duplicates" in listed(as_user(supervisor))
    # Corrected to the person it really is: now a possible duplicate of Maria.
    edit(as_user(supervisor), newer, first_name="Maria", last_name="Lopez")
    assert "1 pair" in listed(as_user(supervisor))
    # The birth date was typed wrong: somebody else after all.
    edit(as_user(supervisor), newer, date_of_birth="1991-11-23")
    assert "No possible duplicates" in listed(as_user(supervisor))
    # An edit of Maria's own record finds the pair from her side too.
    edit(as_user(supervisor), newer, date_of_birth="1984-03-09")
    PossibleDuplicate.objects.all().delete()
    edit(as_user(supervisor), maria, preferred_name="Mari")
    assert "1 pair" in listed(as_user(supervisor))


def test_merging_removes_the_merged_records_pairs(as_user, peer, supervisor, maria):
    newer = enroll(as_user(peer), first_name="Maria", last_name="Lopez", date_of_birth="1984-09-03")
    third = enroll(as_user(peer), first_name="Lopez", last_name="Maria", date_of_birth="1984-03-09")
    client = as_user(supervisor)
    assert "3 pairs" in listed(client)
    merged = client.post(
        reverse("participant_merge", args=[maria.pk]), {"number": newer.pk, "confirm": "1"}
    )
    assert merged.status_code == 302
    body = listed(client)
    assert "1 pair" in body
    assert f"/participants/{maria.pk}/merge/?number={third.pk}" in body
    assert not PossibleDuplicate.objects.filter(newer=newer).exists()


def test_not_the_same_person_takes_the_pair_off_the_list_for_good(as_user, peer, supervisor, maria):
    newer = enroll(
        as_user(peer), first_name="Maria", last_name="Garcia", date_of_birth="1984-03-19"
    )
    client = as_user(supervisor)
    pair = PossibleDuplicate.objects.get()
    url = reverse("not_duplicates", args=[pair.pk])
    assert url in listed(client)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    shown = client.get(LIST)
    assert "kept as two people" in shown.content.decode()
    assert "No possible duplicates" in shown.content.decode()
    pair.refresh_from_db()
    assert pair.judged_different_by == supervisor and pair.judged_different_at is not None
    # Found in both records' audit trails.
    audited = AuditEntry.objects.filter(actor=supervisor, fields=["judged_different"])
    assert {e.participant_id for e in audited} == {maria.pk, newer.pk}
    assert (
        "Kept two possible duplicates as two people"
        in client.get(reverse("audit_list")).content.decode()
    )
    # Neither an edit nor the rebuild suggests them again; a second POST changes nothing.
    edit(as_user(supervisor), newer, last_name="Garcia-Lopez")
    find_duplicates()
    client = as_user(supervisor)
    assert client.post(url).status_code == 302
    assert "No possible duplicates" in listed(client)
    assert audited.count() == 2


def test_the_command_rebuilds_what_enrolling_and_editing_keep(
    as_user, peer, supervisor, org, maria
):
    client = as_user(peer)
    enroll(client, first_name="Maria", last_name="Lopez", date_of_birth="1984-03-08")
    enroll(client, first_name="Lopez", last_name="Maria", date_of_birth="1994-03-09")
    other = enroll(
        client, first_name="Kim", last_name="Tran", date_of_birth="1962-06-30", phone="215-555-0199"
    )
    enroll(
        client, first_name="Lee", last_name="Tran", date_of_birth="1959-01-02", phone="215-555-0199"
    )
    edit(as_user(supervisor), other, first_name="Kimberly")
    kept = stored()
    assert len(kept) == 3
    PossibleDuplicate.objects.all().delete()
    assert (
        find_duplicates()
        == "3 possible duplicates in 1 organizations (3 new, 0 no longer matching).\n"
    )
    assert stored() == kept
    # Twice changes nothing; a pair that no longer matches is removed.
    assert "(0 new, 0 no longer matching)" in find_duplicates()
    Participant.objects.filter(pk=other.pk).update(phone="", date_of_birth=date(2001, 1, 1))
    assert "(0 new, 1 no longer matching)" in find_duplicates("--batch-size", "1")


def test_the_command_finds_pairs_of_records_made_before_the_list(org, maria, other_org):
    twin = testing.make_participant(
        org, first_name="Maria", last_name="Garcia Lopez", date_of_birth=date(1984, 3, 9), phone=""
    )
    testing.make_participant(other_org, first_name="Maria", last_name="Garcia-Lopez", phone="")
    assert "1 possible duplicates" in find_duplicates("--organization", org.slug)
    assert stored() == {(maria.pk, twin.pk, "name_and_birth", None)}


def test_another_organizations_pairs_are_never_shown_or_judged(as_user, supervisor, other_org):
    for first, last in (("Keisha", "Brown"), ("Brown", "Keisha")):
        testing.make_participant(other_org, first_name=first, last_name=last, phone="")
    find_duplicates()
    theirs = PossibleDuplicate.objects.get()
    client = as_user(supervisor)
    assert "No possible duplicates" in listed(client)
    assert client.post(reverse("not_duplicates", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.judged_different_at is None


def test_only_supervisors_and_admins_judge_pairs(as_user, peer, admin, org, maria):
    enroll(as_user(peer), first_name="Maria", last_name="Lopez", date_of_birth="1984-03-09")
    url = reverse("not_duplicates", args=[PossibleDuplicate.objects.get().pk])
    assert as_user(peer).post(url).status_code == 404
    assert as_user(admin).get(url).status_code == 405
    assert as_user(admin).post(url).status_code == 302


def test_the_database_keeps_each_pair_once_and_in_order(org, maria):
    other = testing.make_participant(org)
    with transaction.atomic(), pytest.raises(IntegrityError):
        PossibleDuplicate.objects.create(organization=org, older=other, newer=maria, reason="phone")
    PossibleDuplicate.objects.create(organization=org, older=maria, newer=other, reason="phone")
    with transaction.atomic(), pytest.raises(IntegrityError):
        PossibleDuplicate.objects.create(organization=org, older=maria, newer=other, reason="phone")
