"""Changing, pausing, resuming and ending check-in calls, with the history kept on the
record."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins import enrolment as actions
from peerwell.checkins.models import Enrolment
from peerwell.participants.forms import EDIT_CONFLICT

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(participant, peer):
    return testing.make_enrolment(participant, by=peer)


def edit_url(enrolment):
    return reverse("checkins_enrolment_edit", args=[enrolment.pk])


def edit_data(enrolment, **changes):
    data = {
        "version": str(enrolment.version),
        "cadence": enrolment.cadence,
        "days": enrolment.call_days,
        "channel": enrolment.channel,
        "window_start": enrolment.window_start.strftime("%H:%M"),
        "window_end": enrolment.window_end.strftime("%H:%M"),
        "time_zone": enrolment.time_zone,
        "language": enrolment.language,
        "caller_preference": enrolment.caller_preference,
        "safety_notes": enrolment.safety_notes,
        "starts_on": enrolment.starts_on.isoformat(),
        "ends_on": "",
    }
    data.update(changes)
    return data


def actions_of(enrolment):
    return list(enrolment.changes.order_by("at", "id").values_list("action", flat=True))


def test_changing_the_calls_saves_and_adds_to_the_history(as_user, peer, participant, enrolment):
    client = as_user(peer)
    response = client.post(
        edit_url(enrolment), edit_data(enrolment, days=["friday"], window_end="13:30")
    )
    assert response["Location"] == reverse("participant_detail", args=[participant.pk])
    enrolment.refresh_from_db()
    assert enrolment.call_days == ["friday"] and enrolment.window_end == time(13, 30)
    assert enrolment.version == 2
    assert actions_of(enrolment) == ["changed"]
    entry = AuditEntry.objects.get(actor=peer, action="update", model="checkins.enrolment")
    assert set(entry.fields) == {"monday", "friday", "window_end"}
    assert entry.participant == participant


def test_a_new_start_date_moves_fortnightly_calls_to_its_week(as_user, peer, enrolment):
    as_user(peer).post(
        edit_url(enrolment),
        edit_data(enrolment, cadence="fortnightly", starts_on="2026-12-14"),
    )
    enrolment.refresh_from_db()
    assert enrolment.week_parity == actions.week_parity(date(2026, 12, 14))


def test_an_edit_on_a_stale_page_is_refused_and_keeps_the_input(as_user, peer, enrolment):
    page_version = enrolment.version
    Enrolment.objects.filter(pk=enrolment.pk).update(version=page_version + 1)
    response = as_user(peer).post(
        edit_url(enrolment),
        edit_data(enrolment, version=str(page_version), safety_notes="Text first"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(str(EDIT_CONFLICT)) in body and "Text first" in body
    enrolment.refresh_from_db()
    assert enrolment.safety_notes == "" and actions_of(enrolment) == []


def test_bad_input_on_the_edit_page_comes_back_with_the_error(as_user, peer, enrolment):
    response = as_user(peer).post(
        edit_url(enrolment), edit_data(enrolment, window_start="15:00", window_end="15:00")
    )
    assert response.status_code == 200
    assert "The end of the call window must be after its start." in response.content.decode()


def test_pausing_until_a_date_records_the_date_and_reason(as_user, peer, participant, enrolment):
    until = timezone.localdate() + timedelta(days=14)
    client = as_user(peer)
    response = client.post(
        reverse("checkins_enrolment_pause", args=[enrolment.pk]),
        {"pause-until": until.isoformat(), "pause-reason": "In residential treatment"},
    )
    assert response["Location"] == reverse("participant_detail", args=[participant.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == "paused" and enrolment.paused_until == until
    change = enrolment.changes.get(action="paused")
    assert change.until == until and change.reason == "In residential treatment"
    record = client.get(response["Location"]).content.decode()
    assert "In residential treatment" in record and "Paused" in record


def test_pausing_until_a_past_date_is_refused(as_user, peer, enrolment):
    response = as_user(peer).post(
        reverse("checkins_enrolment_pause", args=[enrolment.pk]),
        {"pause-until": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "Choose a date from today on." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_resuming_a_pause_with_no_end(as_user, peer, enrolment):
    client = as_user(peer)
    client.post(reverse("checkins_enrolment_pause", args=[enrolment.pk]), {})
    enrolment.refresh_from_db()
    assert enrolment.status == "paused" and enrolment.paused_until is None
    client.post(
        reverse("checkins_enrolment_resume", args=[enrolment.pk]), {"resume-reason": "Home"}
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    assert actions_of(enrolment) == ["paused", "resumed"]
    assert enrolment.changes.get(action="resumed").reason == "Home"


def test_resuming_calls_that_are_not_paused_says_so_and_changes_nothing(as_user, peer, enrolment):
    client = as_user(peer)
    response = client.post(reverse("checkins_enrolment_resume", args=[enrolment.pk]))
    shown = client.get(response["Location"]).content.decode()
    assert "These check-in calls are not paused, so there is nothing to resume." in shown
    assert actions_of(enrolment) == []


def test_ending_the_calls_keeps_the_history_and_offers_to_enrol_again(
    as_user, peer, participant, enrolment
):
    client = as_user(peer)
    client.post(reverse("checkins_enrolment_end", args=[enrolment.pk]), {"end-reason": "Moved"})
    enrolment.refresh_from_db()
    assert enrolment.status == "ended"
    assert enrolment.changes.get(action="ended").reason == "Moved"
    record = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "Their check-in calls have ended." in record
    assert reverse("checkins_enrol", args=[participant.pk]) in record
    # Ending twice (a second tab) is refused plainly.
    response = client.post(reverse("checkins_enrolment_end", args=[enrolment.pk]))
    shown = client.get(response["Location"]).content.decode()
    assert "These check-in calls have already ended." in shown
    assert actions_of(enrolment) == ["ended"]


def test_ended_calls_cannot_be_changed(as_user, peer, enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status="ended")
    client = as_user(peer)
    page = client.get(edit_url(enrolment)).content.decode()
    assert "These check-in calls have ended." in page and "Save changes" not in page
    client.post(edit_url(enrolment), edit_data(enrolment, window_end="14:00"))
    enrolment.refresh_from_db()
    assert enrolment.window_end == time(12)


def test_the_edit_page_lists_the_history_with_who_did_what(as_user, peer, enrolment):
    actions.pause(by=peer, enrolment=enrolment, reason="Away for a week")
    body = as_user(peer).get(edit_url(enrolment)).content.decode()
    assert "Away for a week" in body and f"by {peer.full_name}" in body


def test_enrolment_pages_are_part_of_the_record(as_user, org, peer, participant, enrolment):
    outsider = testing.make_user(org, "peer")
    response = as_user(outsider).get(edit_url(enrolment))
    assert response["Location"].startswith(reverse("participant_emergency", args=[participant.pk]))
    as_user(peer).get(edit_url(enrolment))
    assert AuditEntry.objects.filter(actor=peer, action="view", participant=participant).exists()


def test_a_family_members_calls_are_changed_through_their_page(as_user, peer, participant):
    member = testing.make_family_member(participant, phone="+12155550166")
    enrolment = testing.make_enrolment(family_member=member, by=peer)
    response = as_user(peer).post(reverse("checkins_enrolment_end", args=[enrolment.pk]))
    assert response["Location"] == reverse("family_member", args=[member.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == "ended"


def test_an_earlier_enrolments_page_shows_its_own_history(as_user, peer, participant, enrolment):
    actions.end(by=peer, enrolment=enrolment, reason="Finished the first run")
    newer = testing.make_enrolment(participant, by=peer)
    actions.pause(by=peer, enrolment=newer, reason="Away this month")
    body = as_user(peer).get(edit_url(enrolment)).content.decode()
    assert "Finished the first run" in body and "Away this month" not in body
    assert "These check-in calls have ended." in body


def test_a_pause_until_a_date_ends_the_day_after_it(peer, participant, enrolment):
    today = timezone.localdate()
    actions.pause(by=peer, enrolment=enrolment, until=today)
    assert actions.end_pauses_due(day=today) == 0
    assert actions.end_pauses_due(day=today + timedelta(days=1)) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and enrolment.paused_until is None
    resumed = enrolment.changes.get(action="resumed")
    assert resumed.by == peer and resumed.reason == "The pause ended on its date."
    assert AuditEntry.objects.filter(
        action="update", model="checkins.enrolment", actor=None, participant=participant
    ).exists()
    # Again: nothing more to resume.
    assert actions.end_pauses_due(day=today + timedelta(days=1)) == 0


def test_pauses_ending_together_resume_each_in_the_name_of_who_set_it(org, peer, supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    paused = []
    for n, who in enumerate((peer, supervisor, peer)):
        enrolment = testing.make_enrolment(testing.make_participant(org), by=peer)
        actions.pause(by=who, enrolment=enrolment, until=today - timedelta(days=n + 1))
        paused.append((enrolment, who))
    with CaptureQueriesContext(connection) as queries:
        assert actions.end_pauses_due(day=today) == 3
    # A fixed number of statements, however many pauses end (the queue's daily run).
    assert len(queries) <= 8
    for enrolment, who in paused:
        assert enrolment.changes.get(action="resumed").by == who


def test_the_daily_queue_calls_again_the_day_after_a_pause_ends(peer, participant):
    from peerwell.checkins.queue import generate_calls

    monday = date(2026, 3, 2)
    enrolment = testing.make_enrolment(participant, by=peer, starts_on=date(2026, 1, 5))
    actions.pause(by=peer, enrolment=enrolment, until=monday - timedelta(days=7))
    assert generate_calls(day=monday) == 1
    assert enrolment.calls.get().due_date == monday


def test_an_open_pause_waits_for_someone_to_resume_it(peer, enrolment):
    actions.pause(by=peer, enrolment=enrolment)
    assert actions.end_pauses_due(day=timezone.localdate() + timedelta(days=400)) == 0
    enrolment.refresh_from_db()
    assert enrolment.status == "paused"
