"""Volunteer hours through HTTP: logging them, the 24-hour day, the review, the totals."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.models import VolunteerHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(org):
    return testing.make_user(org, "volunteer")


def log(client, **fields):
    data = {
        "worked_on": timezone.localdate().isoformat(),
        "hours": "2",
        "minutes": "30",
        "program": "trs",
        "what": "Check-in calls",
    }
    data.update(fields)
    return client.post(reverse("community_hours"), data)


def test_volunteer_logs_hours_that_wait_for_approval(as_user, volunteer):
    response = log(as_user(volunteer))
    assert response.status_code == 302
    hours = VolunteerHours.objects.get(person=volunteer)
    assert (hours.minutes, hours.status, hours.source) == (150, "pending", "logged")
    page = as_user(volunteer).get(response["Location"])
    assert "Waiting for approval" in page.content.decode()


def test_future_date_is_refused_with_what_was_typed(as_user, volunteer):
    response = log(as_user(volunteer), worked_on="2999-01-01", what="Kept what")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The date is in the future" in body and "Kept what" in body
    assert not VolunteerHours.objects.exists()


def test_a_day_holds_at_most_24_hours_with_what_is_already_logged(as_user, volunteer):
    community.make_hours(volunteer, minutes=22 * 60)
    response = log(as_user(volunteer), hours="2", minutes="30")
    body = response.content.decode()
    assert response.status_code == 200
    assert "A day has 24 hours" in body and "2 h 00 min more" in body
    assert VolunteerHours.objects.count() == 1
    assert log(as_user(volunteer), hours="2", minutes="0").status_code == 302


def test_returned_hours_leave_the_day_free(as_user, volunteer, supervisor):
    community.make_hours(
        volunteer,
        minutes=24 * 60,
        status="returned",
        reviewed_by=supervisor,
        reviewed_at=timezone.now(),
    )
    assert log(as_user(volunteer), hours="8", minutes="0").status_code == 302


def test_no_time_at_all_is_refused(as_user, volunteer):
    response = log(as_user(volunteer), hours="0", minutes="0")
    assert response.status_code == 200
    assert "Enter how long you worked" in response.content.decode()


def test_my_hours_show_only_mine_with_approved_totals(as_user, volunteer, peer, supervisor):
    today = timezone.localdate()
    community.make_hours(
        volunteer,
        minutes=90,
        what="Approved calls",
        status="approved",
        reviewed_by=supervisor,
        reviewed_at=timezone.now(),
    )
    community.make_hours(volunteer, minutes=600, what="Still pending")
    community.make_hours(peer, what="Someone else's")
    last_year = date(today.year - 1, 6, 1)
    community.make_hours(
        volunteer,
        worked_on=last_year,
        minutes=300,
        status="approved",
        reviewed_by=supervisor,
        reviewed_at=timezone.now(),
    )
    body = as_user(volunteer).get(reverse("community_hours")).content.decode()
    assert "Approved calls" in body and "Still pending" in body
    assert "Someone else" not in body
    assert "Approved this month: <strong>1 h 30 min</strong>" in body
    assert "Approved this year: <strong>1 h 30 min</strong>" in body


def test_supervisor_sees_pending_oldest_first_and_approves(as_user, volunteer, supervisor):
    today = timezone.localdate()
    newer = community.make_hours(volunteer, what="Newer entry")
    older = community.make_hours(volunteer, worked_on=today - timedelta(days=3), what="Older entry")
    client = as_user(supervisor)
    body = client.get(reverse("community_hours_review")).content.decode()
    assert body.index("Older entry") < body.index("Newer entry")
    response = client.post(reverse("community_hours_approve", args=[older.pk]))
    assert response["Location"] == reverse("community_hours_review")
    older.refresh_from_db()
    assert (older.status, older.reviewed_by) == ("approved", supervisor)
    # A second click changes nothing and says so.
    again = client.post(reverse("community_hours_approve", args=[older.pk]), follow=True)
    assert "already reviewed" in again.content.decode()
    newer.refresh_from_db()
    assert newer.status == "pending"


def test_return_needs_a_reason(as_user, volunteer, supervisor):
    hours = community.make_hours(volunteer)
    client = as_user(supervisor)
    response = client.post(reverse("community_hours_return", args=[hours.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Say why the hours go back" in response.content.decode()
    hours.refresh_from_db()
    assert hours.status == "pending"
    response = client.post(
        reverse("community_hours_return", args=[hours.pk]), {"reason": "Two days in one"}
    )
    assert response.status_code == 302
    hours.refresh_from_db()
    assert (hours.status, hours.review_note) == ("returned", "Two days in one")
    page = as_user(volunteer).get(reverse("community_hours")).content.decode()
    assert "Two days in one" in page


def test_volunteer_cannot_review(as_user, volunteer):
    hours = community.make_hours(volunteer)
    client = as_user(volunteer)
    assert client.get(reverse("community_hours_review")).status_code == 403
    assert client.post(reverse("community_hours_approve", args=[hours.pk])).status_code == 404
    hours.refresh_from_db()
    assert hours.status == "pending"


def test_another_organizations_hours_cannot_be_approved(as_user, other_org, supervisor):
    theirs = community.make_hours(testing.make_user(other_org, "volunteer"))
    response = as_user(supervisor).post(reverse("community_hours_approve", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def approved(person, reviewer, day, minutes, program="trs"):
    return community.make_hours(
        person,
        worked_on=day,
        minutes=minutes,
        program=program,
        status="approved",
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )


def test_totals_per_person_month_and_program_with_csv(as_user, org, supervisor, volunteer):
    ana = testing.make_user(org, "volunteer", full_name="=Ana Flores")
    approved(volunteer, supervisor, date(2025, 3, 4), 60)
    approved(volunteer, supervisor, date(2025, 3, 20), 45)
    approved(volunteer, supervisor, date(2025, 3, 21), 30, program="groups")
    approved(ana, supervisor, date(2025, 4, 2), 120)
    approved(ana, supervisor, date(2024, 4, 2), 999)  # another year
    community.make_hours(ana, worked_on=date(2025, 4, 3), minutes=500)  # pending
    client = as_user(supervisor)
    body = client.get(reverse("community_hours_totals"), {"year": "2025"}).content.decode()
    assert "1 h 45 min" in body and "0 h 30 min" in body and "2 h 00 min" in body
    assert "16 h" not in body and "8 h 20 min" not in body
    csv = client.get(reverse("community_hours_totals"), {"year": "2025", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().strip().splitlines()
    assert lines[0] == "Month,Person,Program,Hours"
    assert "2025-04,'=Ana Flores,Telephone Recovery Support,2.00" in lines
    assert f"2025-03,{volunteer.full_name},Telephone Recovery Support,1.75" in lines
    assert f"2025-03,{volunteer.full_name},Meetings and groups,0.50" in lines
    assert len(lines) == 4


def test_totals_are_one_query(as_user, supervisor, volunteer, django_assert_num_queries):
    from peerwell.community.views_hours import _totals

    for month in range(1, 13):
        approved(volunteer, supervisor, date(2025, month, 2), 60)
    with django_assert_num_queries(1):
        assert len(_totals(supervisor, 2025)) == 12
