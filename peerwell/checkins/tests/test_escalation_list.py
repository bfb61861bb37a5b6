"""The supervisors' escalations: the open list (overdue ones marked in words), one
escalation marked followed up, and the email that tells supervisors about overdue ones."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins.models import Escalation
from peerwell.checkins.supervision import notify_overdue_escalations

pytestmark = pytest.mark.django_db

LIST = reverse("checkins_escalations")
OVERDUE_BADGE = '<span class="usa-tag pw-flag pw-flag--overdue">Overdue</span>'


def page(escalation):
    return reverse("checkins_escalation", args=[escalation.pk])


def test_the_list_shows_open_escalations_with_person_owner_and_deadline(
    as_user, supervisor, peer, participant
):
    escalation = testing.make_escalation(participant, owner=peer, kind="crisis")
    body = as_user(supervisor).get(LIST).content.decode()
    assert "Crisis" in body
    assert participant.display_name in body
    assert reverse("participant_detail", args=[participant.pk]) in body
    assert peer.full_name in body
    assert page(escalation) in body
    assert OVERDUE_BADGE not in body


def test_an_escalation_past_its_deadline_says_overdue_in_words(
    as_user, supervisor, peer, participant
):
    testing.make_escalation(participant, owner=peer, respond_by=timezone.now() - timedelta(hours=1))
    body = as_user(supervisor).get(LIST).content.decode()
    assert OVERDUE_BADGE in body


def test_closed_escalations_leave_the_list(as_user, supervisor, peer, participant):
    testing.make_escalation(participant, owner=peer, closed_at=timezone.now(), kind="crisis")
    body = as_user(supervisor).get(LIST).content.decode()
    assert "No open escalations." in body


def test_the_list_shows_only_the_organization_s_own(as_user, supervisor, other_org):
    elsewhere = testing.make_participant(other_org, first_name="Faraway")
    testing.make_escalation(elsewhere, owner=testing.make_user(other_org, "peer"))
    body = as_user(supervisor).get(LIST).content.decode()
    assert "Faraway" not in body


def test_the_list_audits_every_participant_it_shows(as_user, supervisor, peer, org):
    shown = [testing.make_participant(org) for _ in range(2)]
    for participant in shown:
        testing.make_escalation(participant, owner=peer)
    as_user(supervisor).get(LIST)
    named = set(
        AuditEntry.objects.filter(actor=supervisor, action="view").values_list(
            "participant_id", flat=True
        )
    )
    assert named == {p.pk for p in shown}


def test_peers_and_volunteers_cannot_open_the_list(as_user, org, peer):
    volunteer = testing.make_user(org, "volunteer")
    assert as_user(peer).get(LIST).status_code == 403
    assert as_user(volunteer).get(LIST).status_code == 403


def test_the_list_pages_past_25(as_user, supervisor, peer, participant):
    for _ in range(26):
        testing.make_escalation(participant, owner=peer)
    client = as_user(supervisor)
    assert "page=2" in client.get(LIST).content.decode()
    assert client.get(LIST + "?page=2").status_code == 200


def test_the_owner_marks_it_followed_up_and_its_task_is_done(as_user, peer, participant):
    task = testing.make_follow_up(peer, participant=participant, reason="Offer a referral")
    escalation = testing.make_escalation(participant, owner=peer, follow_up=task)
    response = as_user(peer).post(page(escalation), {"outcome": "Called; referral accepted."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    task.refresh_from_db()
    assert escalation.closed_at is not None
    assert escalation.closed_by == peer
    assert escalation.outcome == "Called; referral accepted."
    assert task.done_at is not None
    assert "referral accepted" in as_user(peer).get(page(escalation)).content.decode()


def test_marking_followed_up_needs_what_was_done(as_user, supervisor, peer, participant):
    escalation = testing.make_escalation(participant, owner=peer)
    response = as_user(supervisor).post(page(escalation), {"outcome": "   "})
    assert response.status_code == 200
    assert "Say what was done" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.closed_at is None


def test_marking_it_twice_keeps_the_first_outcome(as_user, supervisor, peer, participant):
    escalation = testing.make_escalation(participant, owner=peer)
    client = as_user(supervisor)
    client.post(page(escalation), {"outcome": "First"})
    client.post(page(escalation), {"outcome": "Second"})
    escalation.refresh_from_db()
    assert escalation.outcome == "First"


def test_a_peer_outside_the_caseload_is_sent_to_emergency_access(as_user, org, peer, participant):
    escalation = testing.make_escalation(participant, owner=peer)
    outsider = testing.make_user(org, "peer")
    response = as_user(outsider).get(page(escalation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("participant_emergency", args=[participant.pk]))


def test_the_owner_opens_it_after_the_person_moved_to_another_caseload(
    as_user, org, peer, participant
):
    escalation = testing.make_escalation(participant, owner=peer)
    participant.assigned_peer = testing.make_user(org, "peer")
    participant.save()
    assert as_user(peer).get(page(escalation)).status_code == 200


def test_an_escalation_about_a_family_member(as_user, supervisor, peer, participant):
    member = testing.make_family_member(participant, first_name="Rosa")
    escalation = Escalation.objects.create(
        organization=participant.organization,
        family_member=member,
        owner=peer,
        kind="resource",
        respond_by=timezone.now() + timedelta(days=3),
    )
    client = as_user(supervisor)
    assert "Rosa" in client.get(LIST).content.decode()
    assert "Rosa" in client.get(page(escalation)).content.decode()


def test_overdue_escalations_email_the_supervisors_once(org, supervisor, peer, participant):
    now = timezone.now()
    testing.make_escalation(participant, owner=peer, respond_by=now - timedelta(minutes=5))
    testing.make_escalation(participant, owner=peer, respond_by=now + timedelta(hours=5))
    assert notify_overdue_escalations(now=now) == 1
    assert notify_overdue_escalations(now=now + timedelta(minutes=5)) == 0
    assert Escalation.objects.filter(supervisor_told_at__isnull=False).count() == 1


def test_the_overdue_email_names_nobody_and_links_to_the_list(
    org, supervisor, peer, participant, django_capture_on_commit_callbacks
):
    testing.make_escalation(
        participant, owner=peer, kind="crisis", respond_by=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_overdue_escalations()
    [email] = mail.outbox
    assert email.to == [supervisor.email]
    text = email.subject + email.body
    assert "escalation is overdue" in text
    assert LIST in email.body
    for detail in (participant.first_name, participant.last_name, "Crisis", "crisis"):
        assert detail not in text


def test_without_supervisors_the_admins_are_told(
    org, admin, peer, participant, django_capture_on_commit_callbacks
):
    testing.make_escalation(participant, owner=peer, respond_by=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        notify_overdue_escalations()
    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_closed_escalations_are_never_reported_overdue(org, supervisor, peer, participant):
    testing.make_escalation(
        participant,
        owner=peer,
        respond_by=timezone.now() - timedelta(hours=2),
        closed_at=timezone.now(),
    )
    assert notify_overdue_escalations() == 0
