"""`peerwell seed` fills wellness plans and BARC-10 administrations for the demo and the
benchmark, and tops up a database seeded before they existed. Runs on SQLite and
PostgreSQL (COPY) alike."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from peerwell.assessments.models import Administration
from peerwell.contacts.models import Contact
from peerwell.core.seeding import seed
from peerwell.core.seeding.plans import instrument, seed_plans
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seed, rolled back at the end, for the tests that only read it."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            result = seed(
                orgs=2,
                participants=400,
                seed=31,
                contacts_per_participant=6,
                today=TODAY,
                progress=False,
                prefix="plans",
            )
            yield result
            transaction.set_rollback(True)


def _trend(participant):
    return list(
        participant.assessments.filter(complete=True)
        .order_by("administered_on")
        .values_list("total", flat=True)
    )


def test_most_participants_answered_the_barc_10_at_intake_and_later(seeded):
    everyone = Participant.objects.filter(organization__in=seeded.organizations)
    scored = everyone.filter(assessments__isnull=False).distinct().count()
    assert 0.75 * everyone.count() < scored < 0.95 * everyone.count()
    timepoints = set(Administration.objects.values_list("timepoint", flat=True))
    assert {"Intake", "30 days", "90 days", "180 days"} <= timepoints
    # Later timepoints too: the trend has more than one point for most of them.
    several = sum(1 for p in everyone if len(_trend(p)) >= 2)
    assert several > 0.5 * scored


def test_no_sitting_before_intake_or_after_today(seeded):
    for a in Administration.objects.select_related("participant")[:2000]:
        assert a.participant.created_at.date() <= a.administered_on < TODAY
        assert a.created_at.date() <= TODAY


def test_scores_stay_in_range_and_mostly_rise_from_intake(seeded):
    totals = list(Administration.objects.complete().values_list("total", flat=True))
    assert min(totals) >= 10 and max(totals) <= 60
    assert len(set(totals)) > 25  # spread out, not one number
    trends = [t for p in Participant.objects.all() if len(t := _trend(p)) >= 3]
    rising = sum(1 for t in trends if t[-1] > t[0])
    assert rising > 0.55 * len(trends)
    assert rising < len(trends)  # some stay put or slip


def test_each_complete_total_is_the_sum_of_its_ten_answers(seeded):
    _version, items = instrument()
    for a in Administration.objects.complete()[:500]:
        answers = json.loads(a.answers)
        assert set(answers) == set(items)
        assert all(1 <= v <= 6 for v in answers.values())
        assert sum(answers.values()) == a.total
        assert a.answered == len(items)


def test_a_few_sittings_are_incomplete_and_never_scored(seeded):
    _version, items = instrument()
    incomplete = Administration.objects.filter(complete=False)
    everything = Administration.objects.count()
    assert 0 < incomplete.count() < 0.1 * everything
    for a in incomplete:
        answers = json.loads(a.answers)
        assert a.total is None
        assert a.answered == len(answers) < len(items)
        assert set(answers) < set(items)


def test_answers_are_encrypted_like_the_rest(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM assessments_administration")
        assert all(row[0].startswith("gAAAA") for row in cursor.fetchall())


def test_sittings_are_given_by_the_participants_own_staff(seeded):
    for a in Administration.objects.select_related("participant", "administered_by")[:500]:
        assert a.administered_by.organization_id == a.organization_id
        assert a.participant.organization_id == a.organization_id
        assert a.administered_by.role in ("peer", "supervisor")


def test_seeded_administrations_pass_the_models_constraints(seeded):
    for row in Administration.objects.order_by("?")[:200]:
        row.validate_constraints()


def test_the_same_seed_gives_the_same_plans_and_scores_and_leaves_the_rest_alone():
    def scores(result):
        return list(
            Administration.objects.filter(organization__in=result.organizations)
            .order_by("id")
            .values_list("participant__first_name", "administered_on", "total", "timepoint")
        )

    def contacts(result):
        return list(
            Contact.objects.filter(organization__in=result.organizations)
            .order_by("id")
            .values_list("contact_date", "kind", "duration_minutes")
        )

    options = dict(orgs=1, participants=50, contacts_per_participant=4, today=TODAY)
    first = seed(seed=5, prefix="a", progress=False, **options)
    second = seed(seed=5, prefix="b", progress=False, **options)
    third = seed(seed=6, prefix="c", progress=False, **options)
    assert scores(first) == scores(second) and scores(first)
    assert scores(first) != scores(third)
    assert contacts(first) == contacts(second)


def test_a_database_seeded_before_plans_is_topped_up_once():
    result = seed(
        orgs=1, participants=60, seed=8, contacts_per_participant=2, today=TODAY, progress=False
    )
    orgs = result.organizations
    scored = Administration.objects.filter(organization__in=orgs)
    before = scored.count()
    assert before > 0
    scored.delete()  # as a database seeded before assessments existed
    added = seed_plans(orgs, seed=8, today=TODAY)
    assert added["administrations"] == before == scored.count()
    # Again: everyone has theirs already, nothing is added.
    assert seed_plans(orgs, seed=8, today=TODAY)["administrations"] == 0
    assert scored.count() == before


def test_seed_command_reports_the_administrations(capsys):
    call_command("seed", orgs=1, participants=30, contacts_per_participant=2, no_progress=True)
    out = capsys.readouterr().out
    assert "administrations" in out
    made = Administration.objects.filter(organization__slug__startswith="seed-1-")
    assert made.exists()
    assert not made.filter(administered_on__gte=date.today() + timedelta(days=1)).exists()
