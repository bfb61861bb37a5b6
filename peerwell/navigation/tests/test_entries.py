"""The directory's entry pages: what a peer reads on a phone, and what admins and
supervisors edit and check."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.navigation.models import Language, OpenPeriod, Schedule, Service
from peerwell.navigation.opening import refresh_open_periods
from peerwell.navigation.testing import make_directory_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_directory_service(
        eligibility_description="Adults in Essex County.",
        application_process="Call or walk in.",
        fees_description="Free.",
        languages=("en", "es"),
        verify_before_use=True,
    )


def page(client, service, query=""):
    response = client.get(f"/directory/services/{service.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_peer_sees_what_they_need_on_the_entry(as_user, peer, service):
    html = page(as_user(peer), service)
    assert service.name in html and service.organization.name in html
    assert "Adults in Essex County." in html and "Call or walk in." in html
    assert 'href="tel:973-555-0100"' in html
    assert "openstreetmap.org/search?query=1%20Broad%20Street" in html
    assert "Monday to Friday, 9:00 AM to 5:00 PM" in html
    assert "English, Spanish" in html
    assert "Housing" in html
    assert "Verify before use" in html and "Not verified in 180 days" in html
    # Peers read; only admins and supervisors edit.
    assert "Edit the entry" not in html and "I checked this today" not in html


def test_open_now_and_closed_now_follow_the_schedule(as_user, peer, service, time_machine):
    monday_noon = timezone.make_aware(timezone.datetime(2026, 3, 2, 12))
    time_machine.move_to(monday_noon, tick=False)
    refresh_open_periods(service_ids=[service.pk])
    assert "Open now" in page(as_user(peer), service)
    time_machine.move_to(monday_noon + timedelta(hours=8), tick=False)
    assert "Closed now" in page(as_user(peer), service)


def test_search_adds_a_refer_link_without_naming_anyone(as_user, peer, service, participant):
    html = page(as_user(peer), service, f"?participant={participant.pk}")
    assert f"/participants/{participant.pk}/referrals/new/?service={service.pk}" in html
    assert participant.display_name not in html
    assert "referrals/new" not in page(as_user(peer), service, "?participant=x")


def test_checking_an_entry_clears_its_flags_and_says_who(as_user, supervisor, service):
    client = as_user(supervisor)
    response = client.post(f"/directory/services/{service.pk}/verify/")
    assert response.status_code == 302
    html = page(client, service)
    assert "Verify before use" not in html and "Not verified in 180 days" not in html
    assert supervisor.full_name in html
    service.refresh_from_db()
    assert service.verified_by == supervisor and not service.verify_before_use
    assert AuditEntry.objects.filter(actor=supervisor, action="update", object_id=str(service.pk))


def form_data(**changes):
    data = {
        "version": "",
        "organization_name": "Riverside Aid",
        "name": "Riverside Food Pantry",
        "description": "Groceries once a week.",
        "status": "active",
        "phone": "973-555-0142",
        "address_1": "9 River Road",
        "city": "Newark",
        "state_province": "NJ",
        "postal_code": "07104",
        "days": ["MO", "WE"],
        "opens_at": "10:00",
        "closes_at": "14:00",
        "languages": ["en", "es"],
        "needs": ["benefits"],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_admin_adds_a_service_with_hours_and_it_opens(as_user, admin, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 11)), tick=False)
    client = as_user(admin)
    response = client.post("/directory/services/new/", form_data())
    assert response.status_code == 302
    service = Service.objects.get(name="Riverside Food Pantry")
    assert response["Location"] == f"/directory/services/{service.pk}/"
    html = page(client, service)
    assert "Monday, Wednesday, 10:00 AM to 2:00 PM" in html and "Open now" in html
    assert 'href="tel:973-555-0142"' in html and "07104" in html
    assert sorted(Language.objects.filter(service=service).values_list("code", flat=True)) == [
        "en",
        "es",
    ]
    assert OpenPeriod.objects.filter(service=service).exists()


def test_a_monthly_rule_is_kept_in_the_hsds_columns(as_user, admin):
    client = as_user(admin)
    data = form_data(days=None, rule="FREQ=MONTHLY;BYDAY=2TU")
    assert client.post("/directory/services/new/", data).status_code == 302
    schedule = Schedule.objects.get(service__name="Riverside Food Pantry")
    assert (schedule.freq, schedule.byday) == ("MONTHLY", "2TU")
    html = page(client, schedule.service)
    assert "The second Tuesday of the month, 10:00 AM to 2:00 PM" in html


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"rule": "FREQ=MONTHLY;BYMONTHDAY=40"}, "“40” cannot be a bymonthday (from 1 to 31)."),
        ({"rule": "FREQ=HOURLY"}, "“HOURLY” is not a frequency (WEEKLY or MONTHLY)."),
        ({"rule": "OPEN=SOMETIMES"}, "“OPEN” is not a part of a rule here."),
        ({"postal_code": "7104"}, "A ZIP code is 5 digits, like 07102."),
        ({"city": ""}, "Give the whole address, or none of it."),
        ({"closes_at": ""}, "Give both times."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_comes_back_with_a_plain_message(as_user, admin, changes, message):
    response = as_user(admin).post("/directory/services/new/", form_data(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "9 River Road" in html  # what was typed is kept
    assert not Service.objects.exists()


def test_the_edit_form_starts_from_the_entry_and_saves_changes(as_user, supervisor, service):
    client = as_user(supervisor)
    form = client.get(f"/directory/services/{service.pk}/edit/").content.decode()
    assert 'value="973-555-0100"' in form and 'value="09:00"' in form
    data = form_data(
        version=str(service.version),
        organization_name=service.organization.name,
        name="Harbor House Housing Desk",
        languages=["es"],
    )
    assert client.post(f"/directory/services/{service.pk}/edit/", data).status_code == 302
    service.refresh_from_db()
    assert service.name == "Harbor House Housing Desk" and service.version == 2
    assert list(service.languages.values_list("code", flat=True)) == ["es"]
    assert service.schedules.get().byday == "MO,WE"
    assert service.service_at_locations.count() == 1


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(as_user, supervisor, service):
    client = as_user(supervisor)
    data = form_data(
        version=str(service.version), organization_name=service.organization.name, name="Mine"
    )
    Service.objects.filter(pk=service.pk).update(version=service.version + 1, name="Theirs")
    response = client.post(f"/directory/services/{service.pk}/edit/", data)
    assert response.status_code == 200
    assert "Someone else saved this entry" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Theirs"


def test_peers_and_volunteers_cannot_edit(as_user, org, peer, service):
    volunteer = testing.make_user(org, role="volunteer")
    for user in (peer, volunteer):
        client = as_user(user)
        assert client.get(f"/directory/services/{service.pk}/edit/").status_code == 404
        assert client.post(f"/directory/services/{service.pk}/verify/").status_code == 404
        assert client.get("/directory/services/new/").status_code == 403


def test_the_organization_page_lists_its_services(as_user, peer, service):
    html = as_user(peer).get(f"/directory/organizations/{service.organization_id}/")
    assert html.status_code == 200
    assert service.name in html.content.decode()


def test_to_verify_lists_unchecked_entries_oldest_first(as_user, supervisor, admin):
    old = make_directory_service("Old Entry", verified_by=admin)
    Service.objects.filter(pk=old.pk).update(verified_at=timezone.now() - timedelta(days=400))
    fresh = make_directory_service("Fresh Entry", verified_by=admin)
    never = make_directory_service("Never Entry")
    html = as_user(supervisor).get("/directory/to-verify/").content.decode()
    assert fresh.name not in html
    assert html.index(never.name) < html.index(old.name)


def test_unknown_entry_is_a_404(as_user, peer):
    client = as_user(peer)
    assert (
        client.get("/directory/services/2f0a1c2e-0000-4000-8000-000000000000/").status_code == 404
    )
    assert (
        client.get("/directory/organizations/2f0a1c2e-0000-4000-8000-000000000000/").status_code
        == 404
    )


def test_entry_hours_in_words_for_an_evening_twice_a_week(as_user, peer):
    service = make_directory_service(byday="TU,TH", opens_at=time(18), closes_at=time(20))
    assert "Tuesday, Thursday, 6:00 PM to 8:00 PM" in page(as_user(peer), service)
