from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.contacts.forms import NO_SUPPORT_KIND
from peerwell.contacts.models import Contact, FollowUp

pytestmark = pytest.mark.django_db


def contact_data(**overrides):
    data = {
        "kind": "check_in",
        "support": ["emotional", "informational"],
        "contact_date": date.today().isoformat(),
        "start_time": "14:30",
        "duration_minutes": "20",
        "mode": "phone",
        "place": "",
        "notes": "Talked about the new job; feeling hopeful.",
        "follow_up_date": "",
    }
    data.update(overrides)
    return data


def test_peer_logs_a_call_and_it_shows_on_the_timeline(as_user, peer, participant):
    client = as_user(peer)
    response = client.post(reverse("log_contact", args=[participant.pk]), contact_data())
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.emotional and contact.informational and not contact.instrumental
    assert contact.organization == participant.organization and contact.staff == peer
    page = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert (
        "Check-in call" in page and "feeling hopeful" in page and "Emotional, Informational" in page
    )
    assert AuditEntry.objects.filter(
        action="create", model="contacts.contact", participant=participant
    ).exists()


def test_contact_without_a_support_kind_is_refused_with_input_kept(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("log_contact", args=[participant.pk]), contact_data(support=[])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert str(NO_SUPPORT_KIND) in body and "feeling hopeful" in body
    assert not Contact.objects.exists()


def test_duration_over_a_day_is_refused(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("log_contact", args=[participant.pk]), contact_data(duration_minutes="1441")
    )
    assert response.status_code == 200
    assert "A contact lasts at most 24 hours" in response.content.decode()
    assert not Contact.objects.exists()


def test_database_refuses_a_contact_with_no_support_kind(peer, participant):
    with pytest.raises(IntegrityError):
        Contact.objects.create(
            organization=participant.organization,
            participant=participant,
            staff=peer,
            kind="coaching",
            contact_date=date.today(),
            duration_minutes=10,
            mode="phone",
        )


def test_notes_are_encrypted_at_rest(as_user, peer, participant):
    as_user(peer).post(reverse("log_contact", args=[participant.pk]), contact_data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM contacts_contact")
        assert "hopeful" not in cursor.fetchone()[0]


def test_follow_up_date_becomes_a_task_on_my_list(as_user, peer, participant):
    client = as_user(peer)
    due = (date.today() + timedelta(days=3)).isoformat()
    client.post(reverse("log_contact", args=[participant.pk]), contact_data(follow_up_date=due))
    task = FollowUp.objects.get()
    assert task.assigned_to == peer and task.participant == participant
    assert participant.display_name in client.get(reverse("follow_ups")).content.decode()
    client.post(reverse("follow_up_done", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_at is not None
    page = client.get(reverse("follow_ups")).content.decode()
    still_open, done_lately = page.split('id="done-heading"')
    assert participant.display_name not in still_open and participant.display_name in done_lately


def test_caseload_shows_last_contact_next_follow_up_and_flags(as_user, org, peer):
    # Enrolled a month ago: someone enrolled in the last 14 days shows "no contact yet".
    testing.make_participant(
        org, assigned_peer=peer, last_name="Quiet", created_at=timezone.now() - timedelta(days=30)
    )
    busy = testing.make_participant(org, assigned_peer=peer, last_name="Busy")
    client = as_user(peer)
    client.post(reverse("log_contact", args=[busy.pk]), contact_data())
    testing.make_follow_up(peer, participant=busy, due_date=date.today() - timedelta(days=1))
    body = client.get(reverse("caseload")).content.decode()
    busy_row = body[body.index("Busy,") : body.index("</tr>", body.index("Busy,"))]
    quiet_row = body[body.index("Quiet,") : body.index("</tr>", body.index("Quiet,"))]
    assert "overdue" in busy_row and "no contact in 14 days" not in busy_row
    assert "no contact in 14 days" in quiet_row and "never" in quiet_row


def test_caseload_and_timeline_queries_do_not_grow(
    as_user, org, peer, participant, django_assert_max_num_queries
):
    client = as_user(peer)
    client.post(reverse("log_contact", args=[participant.pk]), contact_data())
    url = reverse("participant_detail", args=[participant.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
        client.get(reverse("caseload"))
    baseline = len(few.captured_queries)  # read now: later requests reset the query log
    for _ in range(12):
        client.post(reverse("log_contact", args=[participant.pk]), contact_data())
        other = testing.make_participant(org, assigned_peer=peer)
        testing.make_follow_up(peer, participant=other)
    with django_assert_max_num_queries(baseline):
        client.get(url)
        client.get(reverse("caseload"))


def test_peer_cannot_log_for_another_organizations_participant(as_user, other_org, peer):
    stranger = testing.make_participant(other_org)
    response = as_user(peer).post(reverse("log_contact", args=[stranger.pk]), contact_data())
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_editing_a_contact_keeps_the_previous_version(as_user, peer, participant):
    contact = testing.make_contact(participant, peer, notes="first words")
    client = as_user(peer)
    url = reverse("contact_edit", args=[contact.pk])
    form_page = client.get(url).content.decode()
    assert "first words" in form_page and 'value="1"' in form_page
    response = client.post(
        url,
        contact_data(
            contact_date="2026-11-02",
            notes="better words",
            support=["emotional", "affiliational"],
            version=1,
        ),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.notes == "better words" and contact.affiliational and contact.version == 2
    old = contact.versions.get()
    assert "notes" in old.fields and "support" in old.fields
    assert "first words" in old.previous_values
    with connection.cursor() as cursor:
        cursor.execute("SELECT previous_values FROM contacts_contactversion")
        assert "first words" not in cursor.fetchone()[0]
    # The edit page lists what the earlier version said, by field.
    page = client.get(url).content.decode()
    assert "<dt>Notes</dt><dd>first words</dd>" in page
    assert "<dt>Affiliational</dt><dd>No</dd>" in page


def test_second_of_two_contact_edits_is_refused(peer, participant):
    from django.test import Client

    contact = testing.make_contact(participant, peer)
    first, second = Client(), Client()
    testing.sign_in(first, peer)
    testing.sign_in(second, peer)
    url = reverse("contact_edit", args=[contact.pk])
    assert first.post(url, contact_data(contact_date="2026-11-02", version=1)).status_code == 302
    response = second.post(url, contact_data(contact_date="2026-11-02", notes="mine", version=1))
    assert response.status_code == 200
    assert "Someone else saved this contact" in response.content.decode()
    assert "mine" in response.content.decode()
