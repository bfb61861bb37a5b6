"""The organization's rules for check-in calls: admins set them, the defaults until then."""

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins.models import CheckInRules, rules_for

pytestmark = pytest.mark.django_db

URL = reverse("checkins_rules")


def rules_data(**changes):
    data = {
        "max_attempts": "3",
        "retry_days": "2",
        "unreached_limit": "3",
        "low_rating_drop": "2",
        "recurrence_hours": "24",
        "crisis_minutes": "60",
        "on_call_number": "",
        "reminder_texts": "on",
    }
    data.update(changes)
    return data


def test_the_page_shows_the_defaults_before_any_are_saved(as_user, admin):
    body = as_user(admin).get(URL).content.decode()
    assert 'name="max_attempts" value="3"' in body
    assert 'name="crisis_minutes" value="60"' in body
    assert not CheckInRules.objects.exists()


def test_an_admin_saves_the_rules_and_can_change_them_again(as_user, admin, org):
    client = as_user(admin)
    response = client.post(
        URL, rules_data(max_attempts="4", retry_days="3", on_call_number="215-555-0100")
    )
    assert response.status_code == 302 and response["Location"] == URL
    rules = rules_for(org.pk)
    assert (rules.max_attempts, rules.retry_days) == (4, 3)
    assert str(rules.on_call_number) == "+12155550100"
    client.post(URL, rules_data(max_attempts="5", reminder_texts=""))
    assert CheckInRules.objects.filter(organization=org).count() == 1
    rules = rules_for(org.pk)
    assert rules.max_attempts == 5 and rules.reminder_texts is False
    assert AuditEntry.objects.filter(actor=admin, model="checkins.checkinrules").count() == 2


def test_numbers_out_of_range_are_refused_with_a_message(as_user, admin, org):
    response = as_user(admin).post(URL, rules_data(max_attempts="40", retry_days="0"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 10." in body
    assert "Ensure this value is greater than or equal to 1." in body
    assert not CheckInRules.objects.exists()


def test_an_on_call_number_that_cannot_be_dialled_is_refused(as_user, admin):
    response = as_user(admin).post(URL, rules_data(on_call_number="555"))
    assert "Enter a phone number we can call" in response.content.decode()
    assert not CheckInRules.objects.exists()


def test_each_organization_keeps_its_own_rules(as_user, admin, org, other_org):
    as_user(admin).post(URL, rules_data(max_attempts="6"))
    assert rules_for(other_org.pk).max_attempts == 3
    assert rules_for(org.pk).max_attempts == 6


@pytest.mark.parametrize("role", ["supervisor", "peer", "volunteer"])
def test_only_admins_set_the_rules(as_user, org, role):
    user = testing.make_user(org, role)
    assert as_user(user).get(URL).status_code == 403
    assert as_user(user).post(URL, rules_data(max_attempts="9")).status_code == 403
    assert not CheckInRules.objects.exists()
