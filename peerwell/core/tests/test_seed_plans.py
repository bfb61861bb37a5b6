"""`peerwell seed` fills wellness plans and BARC-10 administrations for the demo and the
benchmark, and tops up a database seeded before they existed. Runs on SQLite and
PostgreSQL (COPY) alike."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from peerwell.assessments import instruments, scoring
from peerwell.assessments.due import due_list
from peerwell.assessments.models import Administration, ScheduleRule
from peerwell.contacts.models import Contact
from peerwell.core.seeding import plan_words, seed
from peerwell.core.seeding.plans import seed_plans
from peerwell.core.seeding.scores import instrument
from peerwell.core.signature import normalize
from peerwell.participants.models import Participant
from peerwell.plans.models import Goal, PlanVersion, Step, WellnessPlan

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


def test_most_active_participants_have_a_wellness_plan(seeded):
    settled = Participant.objects.filter(
        organization__in=seeded.organizations,
        status="active",
        created_at__date__lte=TODAY - timedelta(days=60),
    )
    planned = settled.filter(wellness_plans__isnull=False).distinct().count()
    assert 0.45 * settled.count() < planned < 0.75 * settled.count()
    # Some who left have theirs on the record; nobody has two current plans.
    assert WellnessPlan.objects.exclude(participant__status="active").exists()
    assert WellnessPlan.objects.current().count() == WellnessPlan.objects.count()
    assert (
        WellnessPlan.objects.values("participant").distinct().count()
        == WellnessPlan.objects.count()
    )


def test_plans_start_from_strengths_and_cover_the_four_dimensions(seeded):
    plans = WellnessPlan.objects.select_related("participant").prefetch_related("goals")
    for plan in plans[:300]:
        assert plan.strengths and plan.health_now and plan.purpose_now
        assert plan.triggers and plan.warning_signs and plan.what_helps
        assert plan.people_to_call and plan.support_wanted
        assert plan.participant.created_at.date() <= plan.started_on < TODAY
        assert plan.started_on < plan.review_on
        dimensions = [g.dimension for g in plan.goals.all()]
        assert 1 <= len(dimensions) <= 3 and len(set(dimensions)) == len(dimensions)
    assert set(Goal.objects.values_list("dimension", flat=True)) == set(plan_words.DIMENSIONS)


def test_plans_are_in_the_participants_language(seeded):
    spanish = WellnessPlan.objects.filter(participant__language="es").prefetch_related("steps")
    assert spanish.exists()
    for plan in spanish[:100]:
        assert plan.strengths in plan_words.STRENGTHS["es"]
        assert plan.triggers in plan_words.TRIGGERS["es"]
        assert all(s.what not in _step_texts("en") for s in plan.steps.all())
    english = WellnessPlan.objects.filter(participant__language="en").first()
    assert english.strengths in plan_words.STRENGTHS["en"]


def _step_texts(language) -> set[str]:
    return {
        what
        for goals in plan_words.GOALS[language].values()
        for _text, steps in goals
        for _who, what in steps
    }


def test_steps_are_done_dropped_overdue_or_coming_up(seeded):
    steps = Step.objects.filter(plan__participant__status="active")
    statuses = set(steps.values_list("status", flat=True))
    assert statuses == {"open", "done", "dropped"}
    assert steps.filter(status="open", due_on__lt=TODAY).exists()  # overdue
    assert steps.filter(status="open", due_on__range=(TODAY, TODAY + timedelta(days=14))).exists()
    assert steps.filter(due_on__isnull=True).exists()
    assert steps.filter(rescheduled_from__isnull=False).exists()
    assert set(Step.objects.values_list("who", flat=True)) == {"participant", "peer", "other"}
    for step in Step.objects.select_related("plan")[:500]:
        assert step.plan_started_on == step.plan.started_on
        assert step.due_on is None or step.due_on >= step.plan.started_on
        assert (step.done_at is not None) == (step.status == "done")
        if step.done_at:
            assert step.done_at.date() <= TODAY
        if step.rescheduled_from:
            assert step.plan.started_on <= step.rescheduled_from < step.due_on


def test_some_plans_are_due_for_review(seeded):
    active = WellnessPlan.objects.filter(participant__status="active")
    due = active.filter(review_on__lte=TODAY).count()
    assert 0.05 * active.count() < due < 0.4 * active.count()
    assert active.filter(reviewed_on__isnull=False).exists()


def test_most_plans_are_agreed_with_a_typed_name_and_some_a_drawing(seeded):
    plans = list(WellnessPlan.objects.select_related("participant"))
    agreed = [p for p in plans if p.agreed_on]
    assert 0.75 * len(plans) < len(agreed) < 0.95 * len(plans)
    for plan in agreed:
        assert plan.agreed_name == plan.participant.full_name
        assert plan.started_on <= plan.agreed_on < TODAY
        assert 1 <= plan.agreed_version <= plan.version
        assert normalize(plan.agreed_drawing) == plan.agreed_drawing
    assert any(p.agreed_drawing for p in agreed) and not all(p.agreed_drawing for p in agreed)
    assert any(not p.agreed_to_this_version for p in agreed)


def test_edited_plans_keep_their_earlier_versions(seeded):
    edited = WellnessPlan.objects.filter(version__gt=1).prefetch_related("versions", "goals")
    assert edited.exists()
    for plan in edited[:200]:
        kept = sorted(v.version for v in plan.versions.all())
        assert kept == list(range(1, plan.version))
        for v in plan.versions.all():
            assert set(v.previous) == set(v.fields)
            if "goals" in v.fields:
                assert len(v.previous["goals"]) == plan.goals.count() - 1


def test_plan_text_is_encrypted_like_the_rest(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT strengths, people_to_call FROM plans_wellnessplan")
        assert all(a.startswith("gAAAA") and b.startswith("gAAAA") for a, b in cursor.fetchall())
        cursor.execute("SELECT what, who, who_name FROM plans_step")
        for what, who, who_name in cursor.fetchall():
            assert what.startswith("gAAAA")
            assert who_name.startswith("gAAAA") if who == "other" else who_name == ""


def test_seeded_plans_pass_the_models_constraints(seeded):
    for model in (WellnessPlan, Goal, Step, PlanVersion):
        for row in model.objects.order_by("?")[:150]:
            row.validate_constraints()


def test_organizations_use_the_shipped_schedules_and_have_assessments_due(seeded):
    first, second = seeded.organizations
    used = {
        org: set(ScheduleRule.objects.filter(organization=org).values_list("schedule", flat=True))
        for org in (first, second)
    }
    assert used == {first: {"recovery-capital", "suprt"}, second: {"recovery-capital"}}
    participants = Participant.objects.filter(organization=first)
    rules = list(ScheduleRule.objects.filter(organization=first))
    rows = due_list(participants, rules=rules, today=TODAY)
    assert {"Every 180 days", "6 months", "Annual", "Closeout"} <= {row.rule.label for row in rows}
    # Some missed their window, others are due now: the list is a day's work, not everyone.
    overdue = sum(1 for row in rows if row.overdue_since)
    assert 0 < overdue < len(rows) < 2 * participants.count()


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
    assert {"Intake", "30 days", "90 days", "Every 180 days", "Closeout"} <= timepoints
    # Later timepoints too: the trend has more than one point for most of them.
    several = sum(1 for p in everyone if len(_trend(p)) >= 2)
    assert several > 0.5 * scored


def test_no_sitting_before_intake_or_after_today(seeded):
    for a in Administration.objects.select_related("participant")[:2000]:
        assert a.participant.created_at.date() <= a.administered_on < TODAY
        if a.timepoint == "Closeout":
            assert a.participant.status == "discharged"
        assert a.created_at.date() <= TODAY


def test_scores_stay_in_range_and_mostly_rise_from_intake(seeded):
    totals = list(Administration.objects.complete().values_list("total", flat=True))
    assert min(totals) >= 10 and max(totals) <= 60
    assert len(set(totals)) > 25  # spread out, not one number
    trends = [t for p in Participant.objects.all() if len(t := _trend(p)) >= 3]
    rising = sum(1 for t in trends if t[-1] > t[0])
    assert rising > 0.55 * len(trends)
    assert rising < len(trends)  # some stay put or slip


def test_each_total_is_what_the_app_scores_from_its_answers(seeded):
    barc10 = instruments.get("barc10")
    for a in Administration.objects.all()[:800]:
        assert (a.instrument, a.instrument_version) == ("barc10", barc10.version)
        score = scoring.score(barc10, json.loads(a.answers))
        assert (score.total, score.answered) == (a.total, a.answered)
        assert (score.missing == 0) == a.complete


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
        ) + list(
            Step.objects.filter(organization__in=result.organizations)
            .order_by("id")
            .values_list("plan__participant__first_name", "due_on", "status", "what")
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
    plans = WellnessPlan.objects.filter(organization__in=orgs)
    steps = list(Step.objects.filter(organization__in=orgs).values_list("what", "due_on"))
    before = (scored.count(), plans.count(), len(steps))
    assert all(before)
    # As a database seeded before plans and assessments existed.
    scored.delete()
    PlanVersion.objects.filter(organization__in=orgs).delete()
    plans.delete()
    added = seed_plans(orgs, seed=8, today=TODAY)
    assert (added["administrations"], added["wellness_plans"], added["steps"]) == before
    # What a fresh seed gives, and again: everyone has theirs, nothing is added.
    assert list(Step.objects.filter(organization__in=orgs).values_list("what", "due_on")) == steps
    assert not any(seed_plans(orgs, seed=8, today=TODAY).values())
    assert (scored.count(), plans.count()) == before[:2]


def test_seed_command_reports_the_administrations(capsys):
    call_command("seed", orgs=1, participants=30, contacts_per_participant=2, no_progress=True)
    out = capsys.readouterr().out
    assert "administrations" in out and "wellness plans" in out
    made = Administration.objects.filter(organization__slug__startswith="seed-1-")
    assert made.exists()
    assert not made.filter(administered_on__gte=date.today() + timedelta(days=1)).exists()


def test_a_seeded_plan_and_trend_open_for_the_participants_peer(as_user):
    from django.urls import reverse
    from django.utils.html import escape

    from peerwell.orgs.models import Authenticator

    result = seed(
        orgs=1, participants=120, seed=4, contacts_per_participant=3, progress=False, prefix="open"
    )
    plan = (
        WellnessPlan.objects.filter(
            organization__in=result.organizations,
            version__gt=1,
            participant__assigned_peer__isnull=False,
            participant__assessments__complete=True,
        )
        .select_related("participant__assigned_peer")
        .order_by("pk")
        .first()
    )
    participant = plan.participant
    Authenticator.objects.create(user=participant.assigned_peer, name="default", confirmed=True)
    client = as_user(participant.assigned_peer)
    for name in ("plan_detail", "plan_versions", "plan_print", "participant_assessments"):
        page = client.get(reverse(name, args=[participant.pk]))
        assert page.status_code == 200, name
    page = client.get(reverse("plan_detail", args=[participant.pk])).content.decode()
    goal = plan.goals.order_by("position").first()
    assert escape(goal.text) in page
    trend = client.get(reverse("participant_assessments", args=[participant.pk])).content.decode()
    latest = participant.assessments.filter(complete=True).order_by("-administered_on").first()
    assert 'role="img"' in trend and str(latest.total) in trend
    # The peer's overdue plan steps wait on their follow-up list, the oldest first.
    follow_ups = client.get(reverse("follow_ups")).content.decode()
    oldest = (
        Step.objects.filter(
            plan__participant__assigned_peer=participant.assigned_peer,
            plan__participant__status="active",
            status="open",
            due_on__lte=date.today(),
        )
        .order_by("due_on", "pk")
        .first()
    )
    assert escape(oldest.what) in follow_ups


def test_the_name_of_someone_else_on_a_step_is_stored_encrypted(seeded):
    named = Step.objects.filter(who="other").exclude(who_name="")
    assert named.exists() and all(step.who_name for step in named[:20])
    with connection.cursor() as cursor:
        cursor.execute("SELECT who_name FROM plans_step WHERE who = 'other' LIMIT 20")
        assert all(row[0].startswith("gAAAA") for row in cursor.fetchall())
