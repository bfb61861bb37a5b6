"""`peerwell seed` enrolls a realistic share of participants in check-in calls, with
twelve weeks of calls behind them: what the demo shows a volunteer and what the bench
measures. Runs on SQLite and PostgreSQL (COPY) alike."""

from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q

from peerwell.checkins.models import (
    CallAttempt,
    CallRequest,
    CheckInCall,
    Enrolment,
    EnrolmentChange,
    Escalation,
)
from peerwell.contacts.models import Contact
from peerwell.core.seeding import seed
from peerwell.core.seeding.checkin_words import SAFETY_NOTES
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seed, rolled back at the end, for the tests that only read it. (Tests that seed
    again run inside it: they look at their own organizations.)"""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            result = seed(
                orgs=2,
                participants=400,
                seed=21,
                contacts_per_participant=12,
                today=TODAY,
                progress=False,
                prefix="checkins",
            )
            yield result
            transaction.set_rollback(True)


def test_about_forty_percent_of_active_participants_with_a_phone_are_enrolled(seeded):
    active = Participant.objects.filter(status="active").exclude(phone="")
    enrolled = active.filter(checkin_enrolments__isnull=False).distinct().count()
    assert 0.25 * active.count() < enrolled < 0.55 * active.count()  # 40%, give or take
    # Nobody without a number to dial, and at most one current enrolment each.
    assert not Enrolment.objects.filter(participant__phone="").exists()
    current = Enrolment.objects.current().filter(participant__isnull=False)
    assert current.values("participant").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert Enrolment.objects.filter(family_member__isnull=False).exists()


def test_enrolments_look_like_a_program_s(seeded):
    enrolments = list(Enrolment.objects.select_related("participant"))
    cadences = [e.cadence for e in enrolments]
    assert cadences.count("weekly") > 0.6 * len(cadences)
    assert {"twice_weekly", "fortnightly"} <= set(cadences)
    for e in enrolments:
        assert len(e.call_days) == (2 if e.cadence == "twice_weekly" else 1)
        assert time(9) <= e.window_start < e.window_end <= time(20)
        if e.participant:
            assert e.language == e.participant.language
        assert e.channel == "call" or e.participant.may_text
    weekend = sum(1 for e in enrolments if {"saturday", "sunday"} & set(e.call_days))
    assert weekend < 0.2 * len(enrolments)
    may_text = [e for e in enrolments if e.participant and e.participant.may_text]
    texts = sum(1 for e in may_text if e.channel == "text")
    assert 0.05 * len(may_text) < texts < 0.3 * len(may_text)
    assert Enrolment.objects.filter(language="es").exists()
    statuses = {e.status for e in enrolments}
    assert statuses == {"active", "paused", "ended"}
    assert sum(1 for e in enrolments if e.status == "active") > 0.6 * len(enrolments)


def test_every_enrolment_has_its_history_of_changes(seeded):
    for e in Enrolment.objects.prefetch_related("changes"):
        actions = [c.action for c in e.changes.all()]
        assert actions[0] == "enrolled"
        if e.status != "active":
            assert actions[-1] == {"paused": "paused", "ended": "ended"}[e.status]
        if e.status == "ended":
            assert e.ends_on is not None and e.ends_on >= e.starts_on


def test_a_few_safety_notes_encrypted_like_the_rest(seeded):
    noted = Enrolment.objects.exclude(safety_notes="")
    assert 0 < noted.count() < 0.2 * Enrolment.objects.count()
    assert {e.safety_notes for e in noted} <= set(SAFETY_NOTES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT safety_notes FROM checkins_enrolment WHERE safety_notes <> ''")
        assert all(row[0].startswith("gAAAA") for row in cursor.fetchall())


def test_twelve_weeks_of_calls_reach_about_sixty_percent(seeded):
    calls = CheckInCall.objects.all()
    days = calls.values_list("due_date", flat=True)
    assert min(days) >= TODAY - timedelta(days=84) and max(days) < TODAY
    phoned = calls.filter(channel="call").exclude(status="retry")
    reached = phoned.filter(status="reached").count()
    assert 0.5 * phoned.count() < reached < 0.7 * phoned.count()
    assert {"reached", "not_reached", "declined", "retry"} <= set(
        phoned.values_list("status", flat=True).distinct()
    ) | {"retry"}
    outcomes = set(CallAttempt.objects.values_list("outcome", flat=True))
    assert {"reached", "voicemail", "no_answer", "wrong_number"} <= outcomes
    # A call is tried at most three times, and a text check-in is no phone call.
    assert not calls.filter(attempts__gt=3).exists()
    assert not CallAttempt.objects.filter(call__channel="text").exists()
    assert calls.filter(channel="text", status="answered", self_rating__isnull=False).exists()
    # Each call's attempts agree with it: their number, and the reached one last.
    for call in calls.filter(channel="call").prefetch_related("attempts_made")[:300]:
        made = list(call.attempts_made.all())
        assert len(made) == call.attempts
        assert (made[-1].outcome == "reached") == (call.status == "reached")


def test_yesterdays_unreached_calls_wait_in_todays_queue(seeded):
    waiting = CheckInCall.objects.filter(status="retry")
    assert waiting.exists()
    assert set(waiting.values_list("try_on", flat=True)) == {TODAY}
    assert all(0 < c.attempts < 3 for c in waiting)


def test_every_reached_attempt_is_its_check_in_contact_in_the_service_log(seeded):
    reached = CallAttempt.objects.filter(outcome="reached").select_related("call", "contact")
    assert reached.exists()
    assert not reached.filter(contact__isnull=True).exists()
    for attempt in reached[:500]:
        contact = attempt.contact
        assert (contact.kind, contact.mode, contact.outcome) == ("check_in", "phone", "reached")
        assert contact.duration_minutes == attempt.minutes
        assert contact.staff_id == attempt.caller_id
        assert contact.notes == attempt.summary
        if attempt.call.participant_id:
            assert contact.participant_id == attempt.call.participant_id
        else:
            assert contact.family_member_id == attempt.call.family_member_id
    assert not CallAttempt.objects.exclude(outcome="reached").filter(contact__isnull=False).exists()


def community():
    from .test_seed_activity import community

    return community()


def test_reached_calls_add_their_contacts_to_those_asked_for(seeded):
    # The community's meetings and help add theirs on top too (test_seed_community).
    others = Contact.objects.filter(checkin_attempt__isnull=True).exclude(community()).count()
    assert 400 * 12 * 0.9 < others < 400 * 12 * 1.1
    calls = Contact.objects.filter(checkin_attempt__isnull=False).count()
    assert 0 < calls < 0.3 * others


def test_calls_raise_escalations_with_a_task_for_their_owner(seeded):
    kinds = set(Escalation.objects.values_list("kind", flat=True))
    assert {"recurrence", "resource", "unreached"} <= kinds
    for e in Escalation.objects.select_related("follow_up", "call"):
        assert e.follow_up.assigned_to_id == e.owner_id
        assert e.respond_by > e.raised_at
        assert (e.follow_up.done_at is None) == (e.closed_at is None)
        assert e.call.enrolment.person in (e.participant, e.family_member)
    assert Escalation.objects.open().exists()
    assert Escalation.objects.filter(closed_at__isnull=False).exists()
    # Automatic flags have no caller; a caller raised the others.
    assert not Escalation.objects.filter(kind="unreached", raised_by__isnull=False).exists()
    assert not Escalation.objects.filter(kind="recurrence", raised_by__isnull=True).exists()


def test_new_call_requests_wait_for_staff(seeded):
    assert CallRequest.objects.new().exists()
    assert not CallRequest.objects.filter(~Q(status="new"), handled_by__isnull=True).exists()


def test_seeded_rows_pass_the_models_constraints(seeded):
    for model in (Enrolment, EnrolmentChange, CheckInCall, CallAttempt, Escalation, CallRequest):
        for row in model.objects.order_by("?")[:150]:
            row.validate_constraints()


def test_the_same_seed_gives_the_same_check_ins():
    def check_ins(result):
        orgs = result.organizations
        return (
            list(
                Enrolment.objects.filter(organization__in=orgs)
                .order_by("id")
                .values_list("participant__first_name", "cadence", "channel", "status")
            ),
            list(
                CheckInCall.objects.filter(organization__in=orgs)
                .order_by("id")
                .values_list("due_date", "status", "attempts", "self_rating")
            ),
        )

    options = dict(orgs=1, participants=60, contacts_per_participant=6, today=TODAY)
    first = seed(seed=5, prefix="a", progress=False, **options)
    second = seed(seed=5, prefix="b", progress=False, **options)
    third = seed(seed=6, prefix="c", progress=False, **options)
    assert check_ins(first) == check_ins(second)
    assert check_ins(first) != check_ins(third)


def test_at_bench_scale_everyone_with_a_phone_is_enrolled():
    result = seed(
        orgs=1,
        participants=80,
        seed=3,
        contacts_per_participant=4,
        today=TODAY,
        progress=False,
        checkin_share=1.0,
    )
    with_phone = Participant.objects.filter(organization__in=result.organizations).exclude(phone="")
    assert result.rows["enrolments"] >= with_phone.count()
    assert not with_phone.filter(checkin_enrolments=None).exists()


def test_seed_command_takes_the_share_of_participants_enrolled(capsys):
    call_command(
        "seed", orgs=1, participants=30, contacts_per_participant=2, checkin_share=0.0,
        no_progress=True,
    )  # fmt: skip
    assert not Enrolment.objects.filter(organization__slug__startswith="seed-1-").exists()
    assert "0 enrolments" in capsys.readouterr().out
    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command("seed", orgs=1, participants=1, checkin_share=1.5, seed=2)


def test_a_seeded_call_can_be_taken_and_logged_by_a_volunteer(as_user):
    from django.urls import reverse
    from django.utils import timezone

    from peerwell.orgs.models import Authenticator, User

    # Seeded on a Friday: Thursday's unreached calls wait for another try (whatever
    # weekday the test runs on, they are due by now).
    result = seed(
        orgs=1,
        participants=150,
        seed=12,
        contacts_per_participant=4,
        progress=False,
        prefix="claim",
        today=TODAY,
    )
    org = result.organizations[0]
    call = (
        CheckInCall.objects.filter(
            organization=org, channel="call", status="retry", try_on__lte=timezone.localdate()
        )
        .select_related("participant", "family_member")
        .order_by("try_on", "pk")
        .first()
    )
    tried = call.attempts
    volunteer = User.objects.filter(organization=org, role="volunteer").order_by("pk").first()
    Authenticator.objects.create(user=volunteer, name="default", confirmed=True)
    client = as_user(volunteer)
    assert client.post(reverse("checkins_call_claim", args=[call.pk])).status_code == 302
    page = client.get(reverse("checkins_call", args=[call.pk]))
    assert page.status_code == 200
    assert call.person.first_name in page.content.decode()
    response = client.post(
        reverse("checkins_call_log", args=[call.pk]),
        {
            "outcome": "reached",
            "minutes": "12",
            "self_rating": "4",
            "maintaining_recovery": "yes",
            "support": ["emotional"],
            "summary": "Steady week; going to the Thursday meeting.",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.attempts) == ("reached", tried + 1)
    attempt = call.attempts_made.order_by("-called_at", "-pk").first()
    assert attempt.caller == volunteer and attempt.contact.kind == "check_in"
