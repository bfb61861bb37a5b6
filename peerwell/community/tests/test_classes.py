"""Classes: the roster, enrolment through participant search and the record-opening
path, withdrawal, informational contacts per session, and completion."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.models import ClassEnrolment
from peerwell.contacts.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return testing.make_org()


@pytest.fixture
def supervisor(org):
    return testing.make_user(org, "supervisor")


@pytest.fixture
def course(org):
    """Six weekly sessions, the last one today; three of them complete it."""
    today = timezone.localdate()
    return community.make_event(
        org,
        title="Stress management",
        kind="life_skills",
        life_skill="stress",
        first_date=today - timedelta(days=35),
        rule="FREQ=WEEKLY;COUNT=6",
        sessions_to_complete=3,
    )


def roster(course):
    return reverse("community_class", kwargs={"class_id": course.pk})


def sign_in_at(client, course, weeks_ago, participant):
    day = timezone.localdate() - timedelta(days=7 * weeks_ago)
    started = client.post(
        reverse("community_session_start", kwargs={"event_id": course.pk}),
        {"held_on": day.isoformat()},
    )
    return client.post(started["Location"], {"sign_in": str(participant.pk)})


def test_enrol_through_search_and_the_roster(client, org, supervisor, course):
    someone = testing.make_participant(org, first_name="Philippa", last_name="Okonkwo")
    testing.sign_in(client, supervisor)
    found = client.post(roster(course), {"find": "1", "q": "Okonkwo"}).content.decode()
    assert f'name="enrol" value="{someone.pk}"' in found
    answer = client.post(roster(course), {"enrol": str(someone.pk)})
    assert answer["Location"] == roster(course)
    enrolment = ClassEnrolment.objects.get(event=course, participant=someone)
    assert enrolment.status == "enrolled" and enrolment.enrolled_by == supervisor
    page = client.get(roster(course)).content.decode()
    assert someone.display_name in page and "0 of 3" in page


def test_a_peer_enrols_only_through_the_record_opening_path(client, org, course):
    outsider = testing.make_user(org, "peer")
    someone = testing.make_participant(org)  # on nobody's caseload
    testing.sign_in(client, outsider)
    answer = client.post(roster(course), {"enrol": str(someone.pk)})
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"/participants/{someone.pk}/emergency/")
    assert not ClassEnrolment.objects.exists()


def test_sessions_give_informational_contacts_and_complete_the_class(
    client, org, supervisor, course
):
    someone = testing.make_participant(org)
    testing.sign_in(client, supervisor)
    client.post(roster(course), {"enrol": str(someone.pk)})
    for weeks_ago in (5, 4):
        sign_in_at(client, course, weeks_ago, someone)
    enrolment = ClassEnrolment.objects.get(participant=someone)
    assert (enrolment.sessions_attended, enrolment.status) == (2, "enrolled")
    sign_in_at(client, course, 2, someone)
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.completed_on == timezone.localdate() - timedelta(days=14)
    contacts = Contact.objects.filter(participant=someone)
    assert contacts.count() == 3
    assert all(c.informational and not c.affiliational for c in contacts)
    page = client.get(roster(course)).content.decode()
    assert "3 of 3" in page and "Completed" in page


def test_attending_without_enrolment_enrols_them(client, org, supervisor, course):
    someone = testing.make_participant(org)
    testing.sign_in(client, supervisor)
    answer = sign_in_at(client, course, 0, someone)
    enrolment = ClassEnrolment.objects.get(participant=someone)
    assert (enrolment.status, enrolment.sessions_attended) == ("enrolled", 1)
    assert "they are enrolled if they were not" in client.get(answer["Location"]).content.decode()


def test_undoing_the_sign_in_that_completed_a_class_undoes_the_completion(
    client, org, supervisor, course
):
    someone = testing.make_participant(org)
    testing.sign_in(client, supervisor)
    for weeks_ago in (3, 2, 1):
        sign_in_at(client, course, weeks_ago, someone)
    enrolment = ClassEnrolment.objects.get(participant=someone)
    assert enrolment.status == "completed"
    last = enrolment.event.sessions.get(held_on=timezone.localdate() - timedelta(days=7))
    attendee = last.attendees.get()
    client.post(reverse("community_attendee_decline", kwargs={"attendee_id": attendee.pk}))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.sessions_attended, enrolment.completed_on) == (
        "enrolled",
        2,
        None,
    )


def test_withdraw(client, org, supervisor, course):
    enrolment = community.make_class_enrolment(course, testing.make_participant(org))
    testing.sign_in(client, supervisor)
    url = reverse("community_class_withdraw", kwargs={"class_enrolment_id": enrolment.pk})
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == roster(course)
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"


def test_a_completion_is_kept_when_asked_to_withdraw(client, org, supervisor, course):
    enrolment = community.make_class_enrolment(
        course,
        testing.make_participant(org),
        status="completed",
        completed_on=timezone.localdate(),
        sessions_attended=3,
    )
    testing.sign_in(client, supervisor)
    url = reverse("community_class_withdraw", kwargs={"class_enrolment_id": enrolment.pk})
    answer = client.post(url)
    assert "a completion is kept" in client.get(answer["Location"]).content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"


def test_an_event_that_is_not_a_class_has_no_roster(client, org, supervisor):
    meeting = community.make_event(org)
    testing.sign_in(client, supervisor)
    url = reverse("community_class", kwargs={"class_id": meeting.pk})
    assert client.get(url).status_code == 404


def test_volunteers_and_other_organizations_do_not_see_the_roster(client, org, course):
    testing.sign_in(client, testing.make_user(org, "volunteer"))
    assert client.get(roster(course)).status_code == 404
    testing.sign_in(client, testing.make_user(testing.make_org(), "supervisor"))
    assert client.get(roster(course)).status_code == 404


def test_a_completion_shows_on_the_participants_record(client, org, supervisor, course):
    someone = testing.make_participant(org)
    community.make_class_enrolment(
        course, someone, status="completed", completed_on=timezone.localdate(), sessions_attended=3
    )
    testing.sign_in(client, supervisor)
    page = client.get(reverse("participant_detail", kwargs={"participant_id": someone.pk}))
    body = page.content.decode()
    assert "Stress management" in body
    assert "completed on" in body
