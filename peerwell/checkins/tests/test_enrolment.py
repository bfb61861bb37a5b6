"""Enrolling a participant or a family member in check-in calls, as staff do it from the
record, and the bad input the form turns away."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils.html import escape

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins import enrolment as actions
from peerwell.checkins.forms_enrolment import (
    ENDS_BEFORE_START,
    NO_PHONE,
    ONE_DAY,
    TWO_DAYS,
    WINDOW_ORDER,
)
from peerwell.checkins.models import Enrolment, EnrolmentChange

pytestmark = pytest.mark.django_db


def enrol_data(**changes):
    """A weekly call on Wednesdays, late morning, from a fixed Monday."""
    data = {
        "cadence": "weekly",
        "days": ["wednesday"],
        "channel": "call",
        "window_start": "10:00",
        "window_end": "12:00",
        "time_zone": "America/Chicago",
        "language": "es",
        "caller_preference": "woman",
        "safety_notes": "Only call the cell; her partner must not know.",
        "starts_on": "2026-12-07",
        "ends_on": "",
    }
    data.update(changes)
    return data


def enrol_url(participant):
    return reverse("checkins_enrol", args=[participant.pk])


def errors_of(response) -> str:
    return response.content.decode()


def test_enrolling_a_participant_sets_up_their_calls_and_shows_them_on_the_record(
    as_user, peer, participant
):
    client = as_user(peer)
    response = client.post(enrol_url(participant), enrol_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("participant_detail", args=[participant.pk])
    enrolment = Enrolment.objects.get(participant=participant)
    assert enrolment.call_days == ["wednesday"]
    assert (enrolment.window_start, enrolment.window_end) == (time(10), time(12))
    assert enrolment.time_zone == "America/Chicago" and enrolment.language == "es"
    assert enrolment.safety_notes == "Only call the cell; her partner must not know."
    assert enrolment.status == "active" and enrolment.enrolled_by == peer
    assert list(enrolment.changes.values_list("action", flat=True)) == ["enrolled"]
    record = client.get(response["Location"]).content.decode()
    assert "Check-in calls" in record and "Every week · Wednesday" in record
    assert "(Central (Chicago))" in record
    assert "Change, pause or end the check-in calls" in record


def test_enrolling_is_audited_naming_the_participant(as_user, peer, participant):
    as_user(peer).post(enrol_url(participant), enrol_data())
    enrolment = Enrolment.objects.get(participant=participant)
    assert AuditEntry.objects.filter(
        actor=peer,
        action="create",
        model="checkins.enrolment",
        object_id=str(enrolment.pk),
        participant=participant,
    ).exists()


def test_fortnightly_calls_take_the_parity_of_the_week_they_start_in(as_user, peer, participant):
    # 2026-12-07 is a Monday; 1970-01-05 too. Weeks between them: an odd or even count.
    weeks = (date(2026, 12, 7) - date(1970, 1, 5)).days // 7
    as_user(peer).post(enrol_url(participant), enrol_data(cadence="fortnightly"))
    enrolment = Enrolment.objects.get(participant=participant)
    assert enrolment.week_parity == weeks % 2
    assert actions.week_parity(date(2026, 12, 14)) == 1 - enrolment.week_parity


def test_the_form_starts_weekly_in_the_sites_time_zone_and_their_language(as_user, peer, org):
    maria = testing.make_participant(org, assigned_peer=peer, language="es")
    body = as_user(peer).get(enrol_url(maria)).content.decode()
    assert 'value="weekly" required id="id_cadence_0" class="usa-radio__input" checked' in body
    assert '<option value="America/New_York" selected>' in body
    assert '<option value="es" selected>' in body


def test_a_window_that_ends_before_it_starts_is_refused_with_the_input_kept(
    as_user, peer, participant
):
    response = as_user(peer).post(
        enrol_url(participant), enrol_data(window_start="14:00", window_end="09:00")
    )
    body = errors_of(response)
    assert response.status_code == 200
    assert escape(str(WINDOW_ORDER)) in body
    assert escape("Only call the cell; her partner must not know.") in body
    assert not Enrolment.objects.filter(participant=participant).exists()


def test_weekly_calls_take_exactly_one_day(as_user, peer, participant):
    response = as_user(peer).post(enrol_url(participant), enrol_data(days=["monday", "thursday"]))
    assert escape(str(ONE_DAY)) in errors_of(response)
    assert not Enrolment.objects.exists()


def test_twice_weekly_calls_take_two_days(as_user, peer, participant):
    response = as_user(peer).post(
        enrol_url(participant), enrol_data(cadence="twice_weekly", days=["monday"])
    )
    assert escape(str(TWO_DAYS)) in errors_of(response)
    response = as_user(peer).post(
        enrol_url(participant), enrol_data(cadence="twice_weekly", days=["monday", "thursday"])
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().call_days == ["monday", "thursday"]


def test_no_call_day_is_refused(as_user, peer, participant):
    response = as_user(peer).post(enrol_url(participant), enrol_data(days=[]))
    assert "Choose the day or days to call." in errors_of(response)


def test_a_last_call_before_the_first_is_refused(as_user, peer, participant):
    response = as_user(peer).post(enrol_url(participant), enrol_data(ends_on="2026-12-01"))
    assert escape(str(ENDS_BEFORE_START)) in errors_of(response)
    assert not Enrolment.objects.exists()


def test_an_end_date_is_kept_and_open_ended_is_the_default(as_user, peer, participant):
    as_user(peer).post(enrol_url(participant), enrol_data(ends_on="2027-03-01"))
    assert Enrolment.objects.get().ends_on == date(2027, 3, 1)


def test_a_person_without_a_phone_cannot_be_enrolled_for_calls(as_user, peer, org):
    no_phone = testing.make_participant(org, assigned_peer=peer, phone="")
    response = as_user(peer).post(enrol_url(no_phone), enrol_data())
    assert escape(str(NO_PHONE)) in errors_of(response)
    assert not Enrolment.objects.exists()


def test_a_number_that_cannot_be_dialled_is_refused(as_user, peer, org):
    wrong = testing.make_participant(org, assigned_peer=peer)
    type(wrong).objects.filter(pk=wrong.pk).update(phone="+1215555")
    response = as_user(peer).post(enrol_url(wrong), enrol_data())
    assert escape(str(NO_PHONE)) in errors_of(response)
    assert not Enrolment.objects.exists()


def test_text_check_ins_are_offered_only_to_people_who_agreed_to_texts(as_user, peer, org):
    client = as_user(peer)
    no_texts = testing.make_participant(org, assigned_peer=peer, may_text=False)
    texts = testing.make_participant(org, assigned_peer=peer, may_text=True)
    assert 'value="text"' not in client.get(enrol_url(no_texts)).content.decode()
    assert 'value="text"' in client.get(enrol_url(texts)).content.decode()
    # A crafted post for texts is refused too.
    response = client.post(enrol_url(no_texts), enrol_data(channel="text"))
    assert response.status_code == 200 and not Enrolment.objects.exists()
    assert client.post(enrol_url(texts), enrol_data(channel="text")).status_code == 302
    assert Enrolment.objects.get().channel == "text"


def test_a_second_current_enrolment_is_refused_with_a_link_to_the_first(as_user, peer, participant):
    first = testing.make_enrolment(participant, by=peer)
    client = as_user(peer)
    page = client.get(enrol_url(participant)).content.decode()
    assert "Already enrolled" in page
    assert reverse("checkins_enrolment_edit", args=[first.pk]) in page
    response = client.post(enrol_url(participant), enrol_data())
    assert response.status_code == 200 and "Already enrolled" in response.content.decode()
    assert Enrolment.objects.filter(participant=participant).count() == 1


def test_the_database_refuses_two_current_enrolments_whoever_calls_the_action(peer, participant):
    testing.make_enrolment(participant, by=peer)
    values = {
        "days": ["monday"],
        "cadence": "weekly",
        "channel": "call",
        "window_start": time(9),
        "window_end": time(11),
        "time_zone": "America/New_York",
        "language": "en",
        "caller_preference": "",
        "safety_notes": "",
        "starts_on": date(2026, 12, 7),
        "ends_on": None,
    }
    with pytest.raises(actions.AlreadyEnrolled):
        actions.enrol(by=peer, participant=participant, **values)


def test_someone_whose_calls_ended_can_be_enrolled_again(as_user, peer, participant):
    testing.make_enrolment(participant, by=peer, status="ended")
    response = as_user(peer).post(enrol_url(participant), enrol_data())
    assert response.status_code == 302
    assert Enrolment.objects.filter(participant=participant).count() == 2


def test_a_family_member_is_enrolled_from_their_own_page(as_user, peer, participant):
    member = testing.make_family_member(participant, phone="+12155550166")
    client = as_user(peer)
    page = client.get(reverse("family_member", args=[member.pk])).content.decode()
    url = reverse("checkins_enrol_family", args=[member.pk])
    assert url in page
    response = client.post(url, enrol_data())
    assert response["Location"] == reverse("family_member", args=[member.pk])
    enrolment = Enrolment.objects.get(family_member=member)
    assert enrolment.participant is None
    assert EnrolmentChange.objects.filter(enrolment=enrolment, action="enrolled").exists()
    assert "Every week · Wednesday" in client.get(response["Location"]).content.decode()


def test_a_peer_outside_the_caseload_is_sent_to_emergency_access(as_user, org, participant):
    outsider = testing.make_user(org, "peer")
    response = as_user(outsider).post(enrol_url(participant), enrol_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("participant_emergency", args=[participant.pk]))
    assert not Enrolment.objects.exists()


def test_volunteers_cannot_enrol_anyone(as_user, org, participant):
    volunteer = testing.make_user(org, "volunteer")
    assert as_user(volunteer).get(enrol_url(participant)).status_code == 404


def test_another_organizations_participant_is_not_found(as_user, other_org, peer):
    stranger = testing.make_participant(other_org)
    assert as_user(peer).get(enrol_url(stranger)).status_code == 404
