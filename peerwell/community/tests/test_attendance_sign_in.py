"""Signing known participants in at a session: the search as you type, the contact each
sign-in logs, the audit, undoing a mistake, and confirming or declining the door's
self check-ins."""

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.community import testing as community
from peerwell.contacts.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return testing.make_org()


@pytest.fixture
def peer(org):
    return testing.make_user(org, "peer")


@pytest.fixture
def session(org):
    event = community.make_event(org, first_date=timezone.localdate(), rule="")
    return community.make_session(event, head_count=0)


def page(session):
    return reverse("community_session", kwargs={"session_id": session.pk})


def test_search_as_you_type_finds_people_outside_the_caseload(client, org, peer, session):
    someone = testing.make_participant(org, first_name="Evangelina", last_name="Quartermaine")
    testing.sign_in(client, peer)
    html = client.get(page(session)).content.decode()
    assert 'hx-post=""' in html and 'name="q"' in html
    found = client.post(page(session), {"find": "1", "q": "Quartermain"}, HTTP_HX_REQUEST="true")
    body = found.content.decode()
    assert found.status_code == 200
    assert "Quartermaine, Evangelina" in body
    assert f'name="sign_in" value="{someone.pk}"' in body
    # The term stays out of the audit trail; the ids shown are kept.
    entry = next(
        e for e in AuditEntry.objects.filter(actor=peer, action="list") if "search" in e.detail
    )
    assert entry.detail["ids"] == [someone.pk]
    assert "Quartermain" not in str(entry.detail)


def test_a_too_short_phone_search_says_so(client, org, peer, session):
    testing.sign_in(client, peer)
    body = client.post(page(session), {"find": "1", "q": "55"}).content.decode()
    assert "Enter at least 7 digits" in body


def test_sign_in_logs_an_affiliational_group_contact_and_raises_the_head_count(
    client, org, peer, session
):
    someone = testing.make_participant(org)  # not on the peer's caseload
    testing.sign_in(client, peer)
    answer = client.post(page(session), {"sign_in": str(someone.pk)})
    assert answer.status_code == 302
    attendee = session.attendees.get()
    assert attendee.status == "confirmed" and attendee.confirmed_by == peer
    contact = Contact.objects.get(pk=attendee.contact_id)
    assert (contact.kind, contact.mode, contact.outcome) == ("group", "in_person", "reached")
    assert contact.affiliational and not contact.informational
    assert contact.contact_date == session.held_on and contact.staff == peer
    session.refresh_from_db()
    assert session.head_count == 1
    shown = client.get(answer["Location"]).content.decode()
    assert "The head count went up to 1 to include everyone signed in." in shown
    assert AuditEntry.objects.filter(
        actor=peer, participant=someone, model="community.attendee", action="create"
    ).exists()
    # Signing the same person in twice changes nothing.
    client.post(page(session), {"sign_in": str(someone.pk)})
    assert Contact.objects.filter(participant=someone).count() == 1


def test_the_names_shown_are_audited(client, org, peer, session):
    a, b = testing.make_participant(org), testing.make_participant(org)
    community.make_attendee(session, a)
    community.make_attendee(session, b, status="pending", self_checked_in=True)
    testing.sign_in(client, peer)
    before = AuditEntry.objects.order_by("id").last().pk
    body = client.get(page(session)).content.decode()
    assert a.display_name in body and b.display_name in body
    named = set(
        AuditEntry.objects.filter(pk__gt=before, action="view").values_list(
            "participant_id", flat=True
        )
    )
    assert {a.pk, b.pk} <= named


def test_undo_removes_the_attendee_and_its_contact(client, org, peer, session):
    someone = testing.make_participant(org)
    testing.sign_in(client, peer)
    client.post(page(session), {"sign_in": str(someone.pk)})
    attendee = session.attendees.get()
    url = reverse("community_attendee_decline", kwargs={"attendee_id": attendee.pk})
    answer = client.post(url)
    assert answer["Location"] == page(session)
    assert not session.attendees.exists()
    assert not Contact.objects.filter(participant=someone).exists()
    assert AuditEntry.objects.filter(
        participant=someone, model="contacts.contact", action="delete"
    ).exists()
    # The head count stays as the facilitator set it.
    session.refresh_from_db()
    assert session.head_count == 1


def test_a_self_check_in_is_confirmed_with_its_contact(client, org, peer, session):
    someone = testing.make_participant(org)
    waiting = community.make_attendee(session, someone, status="pending", self_checked_in=True)
    testing.sign_in(client, peer)
    assert "Checked in at the door" in client.get(page(session)).content.decode()
    url = reverse("community_attendee_confirm", kwargs={"attendee_id": waiting.pk})
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == page(session)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.contact_id
    assert Contact.objects.get(pk=waiting.contact_id).affiliational


def test_a_declined_self_check_in_leaves_nothing(client, org, peer, session):
    someone = testing.make_participant(org)
    waiting = community.make_attendee(session, someone, status="pending", self_checked_in=True)
    testing.sign_in(client, peer)
    client.post(reverse("community_attendee_decline", kwargs={"attendee_id": waiting.pk}))
    assert not session.attendees.exists()
    assert not Contact.objects.filter(participant=someone).exists()


def test_another_organization_cannot_sign_in_or_confirm(client, org, session):
    waiting = community.make_attendee(
        session, testing.make_participant(org), status="pending", self_checked_in=True
    )
    outsider = testing.make_user(testing.make_org(), "supervisor")
    testing.sign_in(client, outsider)
    url = reverse("community_attendee_confirm", kwargs={"attendee_id": waiting.pk})
    assert client.post(url).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == "pending"


def test_a_participant_of_another_organization_cannot_be_signed_in(client, org, peer, session):
    stranger = testing.make_participant(testing.make_org())
    testing.sign_in(client, peer)
    assert client.post(page(session), {"sign_in": str(stranger.pk)}).status_code == 404
    assert not session.attendees.exists()


def test_a_volunteer_cannot_confirm(client, org, session):
    waiting = community.make_attendee(
        session, testing.make_participant(org), status="pending", self_checked_in=True
    )
    volunteer = testing.make_user(org, "volunteer")
    session.event.facilitator = volunteer
    session.event.save()
    testing.sign_in(client, volunteer)
    url = reverse("community_attendee_confirm", kwargs={"attendee_id": waiting.pk})
    assert client.post(url).status_code == 404
    assert client.post(page(session), {"sign_in": str(waiting.participant_id)}).status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == "pending"
