"""The admin's page of assessment schedules: which ones the organization uses, and each
timepoint's window."""

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.assessments.models import ScheduleRule
from peerwell.assessments.schedules import load_schedule, shipped_schedules
from peerwell.audit.models import AuditEntry


def test_the_admin_chooses_the_schedules_the_organization_uses(org, as_user, admin):
    client = as_user(admin)
    response = client.post(reverse("assessment_schedules"), {"schedules": ["suprt"]})
    assert response.status_code == 302
    labels = list(ScheduleRule.objects.filter(organization=org).values_list("label", flat=True))
    assert labels == ["Baseline", "6 months", "Annual", "Closeout"]
    assert AuditEntry.objects.filter(actor=admin, action="create", model="assessments.schedulerule")
    page = client.get(reverse("assessment_schedules")).content.decode()
    assert "SUPRT timepoints" in page and "30 days early to 30 days late" in page


def test_unticking_a_schedule_takes_its_timepoints_off_the_list(org, as_user, admin):
    load_schedule(organization=org, schedule=shipped_schedules()["suprt"])
    load_schedule(organization=org, schedule=shipped_schedules()["recovery-capital"])
    as_user(admin).post(reverse("assessment_schedules"), {"schedules": ["recovery-capital"]})
    assert set(ScheduleRule.objects.values_list("schedule", flat=True)) == {"recovery-capital"}


def test_the_schedules_page_shows_in_spanish(org, as_user, admin):
    load_schedule(organization=org, schedule=shipped_schedules()["suprt"])
    client = as_user(admin)
    page = client.get(reverse("assessment_schedules"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Cierre" in page.content.decode()


@pytest.fixture
def baseline(org):
    load_schedule(organization=org, schedule=shipped_schedules()["suprt"])
    return ScheduleRule.objects.get(organization=org, label="Baseline")


def test_the_admin_widens_a_window(baseline, as_user, admin):
    url = reverse("assessment_schedule_rule", args=[baseline.pk])
    response = as_user(admin).post(
        url, {"offset_days": "0", "window_before": "0", "window_after": "45", "repeat_days": ""}
    )
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.window_after == 45
    assert AuditEntry.objects.get(actor=admin, action="update").fields == ["window_after"]


def test_a_window_that_makes_no_sense_is_refused_with_the_input_kept(baseline, as_user, admin):
    url = reverse("assessment_schedule_rule", args=[baseline.pk])
    response = as_user(admin).post(
        url, {"offset_days": "0", "window_before": "14", "window_after": "30", "repeat_days": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "opens 14 days before the day it is counted from" in html
    assert 'name="window_before" value="14"' in html
    baseline.refresh_from_db()
    assert baseline.window_before == 0


def test_a_repeat_inside_its_own_window_is_refused(baseline, as_user, admin):
    url = reverse("assessment_schedule_rule", args=[baseline.pk])
    response = as_user(admin).post(
        url, {"offset_days": "60", "window_before": "30", "window_after": "30", "repeat_days": "30"}
    )
    assert "one window would run into the next" in response.content.decode()


def test_another_organizations_timepoint_is_not_found(baseline, as_user):
    outsider = testing.make_user(testing.make_org(), "admin")
    url = reverse("assessment_schedule_rule", args=[baseline.pk])
    assert as_user(outsider).get(url).status_code == 404


def test_only_admins_choose_schedules(as_user, supervisor):
    assert as_user(supervisor).get(reverse("assessment_schedules")).status_code == 403


def test_a_schedule_not_used_shows_its_shipped_timepoints_to_choose_from(org, as_user, admin):
    html = as_user(admin).get(reverse("assessment_schedules")).content.decode()
    assert html.count("Not used. Its timepoints, as shipped:") == 2
    assert "Closeout" in html and "0 days early to 30 days late" in html
    assert "(change the window)" not in html
