"""Which assessments are due or overdue: the arithmetic of windows, the list a peer and a
supervisor see, and its audit."""

import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.assessments.due import due_list
from peerwell.assessments.models import Administration, ScheduleRule
from peerwell.assessments.schedules import load_schedule, shipped_schedules
from peerwell.audit.models import AuditEntry
from peerwell.participants.models import Participant, StatusChange

TODAY = date(2026, 11, 29)


def days_ago(n):
    return timezone.now() - timedelta(days=n)


def use(org, key):
    load_schedule(organization=org, schedule=shipped_schedules()[key])


def administer(participant, on, by=None, **fields):
    by = by or participant.assigned_peer
    return Administration.objects.create(
        organization=participant.organization,
        participant=participant,
        instrument="barc10",
        instrument_version="1",
        administered_on=on,
        administered_by=by,
        **fields,
    )


def discharge(participant, on_day_ago):
    participant.status = "discharged"
    participant.save(update_fields=["status"])
    StatusChange.objects.create(
        organization=participant.organization,
        participant=participant,
        from_status="active",
        to_status="discharged",
        changed_at=days_ago(on_day_ago),
    )


def rows_for(org, today=None):
    rules = list(ScheduleRule.objects.filter(organization=org))
    people = Participant.objects.filter(organization=org)
    rows = due_list(people, rules=rules, today=today or timezone.localdate())
    return [(r.participant.pk, r.rule.label, r.overdue_since) for r in rows]


@pytest.fixture
def capital(org):
    use(org, "recovery-capital")
    return org


def test_intake_is_due_from_the_day_of_intake_until_its_window_closes(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(3))
    assert rows_for(capital) == [(p.pk, "Intake", None)]


def test_an_administration_within_the_window_fulfils_the_timepoint(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(3))
    administer(p, timezone.localdate() - timedelta(days=1))
    assert rows_for(capital) == []


def test_an_incomplete_administration_fulfils_it_too(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(3))
    administer(p, timezone.localdate(), answered=6, complete=False)
    assert rows_for(capital) == []


def test_a_missed_window_is_overdue_since_the_day_after_it_closed(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(20))
    intake = timezone.localtime(p.created_at).date()
    assert rows_for(capital) == [(p.pk, "Intake", intake + timedelta(days=15))]


def test_an_administration_outside_the_window_does_not_fulfil_it(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(20))
    administer(p, timezone.localdate())  # day 20: after the intake window (0-14)
    assert [label for _p, label, _s in rows_for(capital)] == ["Intake"]


def test_a_missed_intake_leaves_the_list_when_the_30_day_window_opens(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(25))
    assert rows_for(capital) == [(p.pk, "30 days", None)]


def test_a_repeating_timepoint_is_due_again_each_period(capital, peer):
    p = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(360))
    intake = timezone.localtime(p.created_at).date()
    administer(p, intake + timedelta(days=180))  # the first one, on the day
    rows = due_list(
        Participant.objects.filter(pk=p.pk),
        rules=list(ScheduleRule.objects.filter(organization=capital)),
    )
    assert [(r.rule.label, r.opens, r.closes) for r in rows] == [
        ("Every 180 days", intake + timedelta(days=330), intake + timedelta(days=390))
    ]


def test_a_discharged_participant_gets_only_the_closeout(org, peer):
    use(org, "suprt")
    p = testing.make_participant(org, assigned_peer=peer, created_at=days_ago(200))
    assert [label for _p, label, _s in rows_for(org)] == ["6 months"]
    discharge(p, on_day_ago=5)
    assert rows_for(org) == [(p.pk, "Closeout", None)]


def test_a_closeout_within_30_days_of_discharge_fulfils_it(org, peer):
    use(org, "suprt")
    p = testing.make_participant(org, assigned_peer=peer, created_at=days_ago(400))
    discharge(p, on_day_ago=10)
    administer(p, timezone.localdate() - timedelta(days=2))
    assert rows_for(org) == []


def test_an_overdue_timepoint_leaves_the_list_a_year_after_its_window_closed(org, peer):
    use(org, "suprt")
    p = testing.make_participant(org, assigned_peer=peer, created_at=days_ago(900))
    discharge(p, on_day_ago=200)
    assert [label for _p, label, _s in rows_for(org)] == ["Closeout"]
    assert rows_for(org, today=timezone.localdate() + timedelta(days=200)) == []


def page_rows(response):
    return [(row.participant.pk, row.rule.label) for row in response.context["page"]]


def test_a_peer_sees_their_caseload_only(capital, as_user, peer):
    mine = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(2))
    testing.make_participant(capital, created_at=days_ago(2))  # someone else's
    response = as_user(peer).get(reverse("assessments_due"))
    assert page_rows(response) == [(mine.pk, "Intake")]
    assert "Caseload of" not in response.content.decode()


def test_a_supervisor_sees_the_organization_and_filters_by_peer(capital, as_user, supervisor, peer):
    mine = testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(2))
    other = testing.make_participant(capital, created_at=days_ago(2))
    client = as_user(supervisor)
    everyone = page_rows(client.get(reverse("assessments_due")))
    assert sorted(everyone) == sorted([(mine.pk, "Intake"), (other.pk, "Intake")])
    one = client.get(reverse("assessments_due"), {"peer": peer.pk})
    assert page_rows(one) == [(mine.pk, "Intake")]


def test_the_list_shows_the_window_and_overdue_since(capital, as_user, peer):
    p = testing.make_participant(
        capital, assigned_peer=peer, first_name="Dana", created_at=days_ago(20)
    )
    intake = timezone.localtime(p.created_at).date()
    html = as_user(peer).get(reverse("assessments_due")).content.decode()

    def shown(day):
        return f"{day:%b} {day.day}, {day.year}"

    assert "BARC-10" in html
    assert f"{shown(intake)} to {shown(intake + timedelta(days=14))}" in html
    assert f"Overdue</span> since {shown(intake + timedelta(days=15))}" in html


def test_the_list_is_audited_naming_each_participant_shown(capital, as_user, peer):
    shown = [
        testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(2))
        for _ in range(2)
    ]
    as_user(peer).get(reverse("assessments_due"))
    named = AuditEntry.objects.filter(actor=peer, action="view", path="/assessments/due/")
    assert sorted(named.values_list("participant_id", flat=True)) == sorted(p.pk for p in shown)


def test_the_list_is_paged(capital, as_user, peer):
    for _ in range(27):
        testing.make_participant(capital, assigned_peer=peer, created_at=days_ago(2))
    client = as_user(peer)
    assert len(client.get(reverse("assessments_due")).context["page"]) == 25
    assert len(client.get(reverse("assessments_due"), {"page": 2}).context["page"]) == 2


def test_without_a_schedule_the_list_says_so(org, as_user, admin):
    html = as_user(admin).get(reverse("assessments_due")).content.decode()
    assert "has not chosen an assessment schedule" in html


def test_an_organization_of_4000_is_listed_in_three_queries_and_well_under_a_second(org, peer):
    """The list's own work (rules, participants, administrations; the page adds its
    paging and audit): measured at about 0.2 s on SQLite and PostgreSQL here."""
    use(org, "recovery-capital")
    use(org, "suprt")
    people = Participant.objects.bulk_create(
        Participant(
            organization=org,
            first_name=f"P{n}",
            last_name="Many",
            date_of_birth=date(1980, 1, 1),
            assigned_peer=peer,
            created_at=days_ago(n % 700),
            status="discharged" if n % 10 == 0 else "active",
        )
        for n in range(4000)
    )
    people = list(Participant.objects.filter(organization=org).order_by("pk"))
    StatusChange.objects.bulk_create(
        StatusChange(
            organization=org,
            participant=p,
            from_status="active",
            to_status="discharged",
            changed_at=days_ago(n % 60),
        )
        for n, p in enumerate(people)
        if p.status == "discharged"
    )
    Administration.objects.bulk_create(
        Administration(
            organization=org,
            participant=p,
            instrument="barc10",
            instrument_version="1",
            administered_on=timezone.localtime(p.created_at).date() + timedelta(days=k * 30),
            administered_by=peer,
        )
        for p in people
        for k in (0, 6)
    )
    rules = list(ScheduleRule.objects.filter(organization=org))
    timings = []
    for _ in range(3):  # the best of three: the machine is shared with other work
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            rows = due_list(Participant.objects.visible_to(peer), rules=rules)
            timings.append(time.perf_counter() - started)
        assert len(queries) == 2  # the rules were loaded before
    assert rows and min(timings) < 1.0, f"{len(rows)} rows in {min(timings):.2f} s"


def test_a_discharge_without_a_recorded_date_counts_nothing(org, peer):
    use(org, "suprt")
    testing.make_participant(org, assigned_peer=peer, created_at=days_ago(3), status="discharged")
    assert rows_for(org) == []


def test_someone_enrolled_again_after_discharge_gets_no_closeout(org, peer):
    use(org, "suprt")
    p = testing.make_participant(org, assigned_peer=peer, created_at=days_ago(100))
    discharge(p, on_day_ago=20)
    Participant.objects.filter(pk=p.pk).update(status="active")
    assert [label for _p, label, _s in rows_for(org)] == ["Baseline"]
