"""`peerwell seed` fills the community's year: sites, the van, recurring events with
their exceptions, sessions and attendance, classes, volunteer hours, certifications and
instrumental help. Runs on SQLite and PostgreSQL (COPY) alike."""

from datetime import date, timedelta

import pytest
from django.db.models import Count, F, Q

from peerwell.community.models import (
    Attendee,
    Certification,
    ClassEnrolment,
    Event,
    EventChange,
    InstrumentalHelp,
    Session,
    Site,
    VolunteerHours,
)
from peerwell.community.recurrence import is_occurrence, van_clashes
from peerwell.core.seeding import seed
from peerwell.core.seeding.community import seed_community

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            yield seed(
                orgs=2, participants=300, seed=41, contacts_per_participant=4, today=TODAY,
                progress=False, prefix="community", directory_services=0,
            )  # fmt: skip
            transaction.set_rollback(True)


def test_each_organization_has_its_sites_van_and_a_week_of_every_kind(seeded):
    for org in seeded.organizations:
        kinds = set(Site.objects.filter(organization=org).values_list("kind", flat=True))
        assert kinds == {"center", "partner", "van_stop"}
        events = Event.objects.filter(organization=org)
        assert set(events.values_list("kind", flat=True)) == {
            "all_recovery", "support_group", "life_skills", "social", "pop_up",
            "family_group", "training",
        }  # fmt: skip
        assert events.filter(language="es").exists()
        # The van is never at two stops at once.
        for event in events.filter(van__isnull=False).select_related("site"):
            assert van_clashes(event, exclude_id=event.pk) == []
        # All Recovery Meetings are facilitated by peers or supervisors.
        assert not events.filter(kind="all_recovery", facilitator__role="volunteer").exists()


def test_sessions_fall_on_occurrences_that_were_not_cancelled(seeded):
    sessions = Session.objects.filter(organization__in=seeded.organizations)
    assert sessions.count() > 100
    for session in sessions.select_related("event")[:300]:
        assert is_occurrence(session.event, session.held_on)
        assert session.held_on < TODAY
    cancelled = EventChange.objects.filter(
        cancelled=True, event__organization__in=seeded.organizations
    )
    assert cancelled.exists()
    assert not Session.objects.filter(
        event__changes__cancelled=True, event__changes__original_date=F("held_on")
    ).exists()


def test_attendance_has_its_contacts_and_head_counts_hold_everyone(seeded):
    attendees = Attendee.objects.filter(organization__in=seeded.organizations)
    assert attendees.count() > 100
    assert not attendees.filter(contact__isnull=True).exists()
    assert not attendees.exclude(contact__participant=F("participant")).exists()
    # Affiliational at a meeting, informational at a class session.
    assert not attendees.filter(
        session__event__sessions_to_complete__isnull=True, contact__affiliational=False
    ).exists()
    assert not attendees.filter(
        session__event__sessions_to_complete__isnull=False, contact__informational=False
    ).exists()
    signed_in = Session.objects.annotate(n=Count("attendees")).filter(head_count__lt=F("n"))
    assert not signed_in.exists()


def test_classes_complete_by_their_rule(seeded):
    enrolments = ClassEnrolment.objects.filter(organization__in=seeded.organizations)
    assert enrolments.filter(status="completed").exists()
    assert not enrolments.filter(
        status="completed", sessions_attended__lt=F("event__sessions_to_complete")
    ).exists()
    assert not enrolments.filter(
        status="enrolled", sessions_attended__gte=F("event__sessions_to_complete")
    ).exists()


def test_hours_certifications_and_help(seeded):
    hours = VolunteerHours.objects.filter(organization__in=seeded.organizations)
    assert {"pending", "approved"} <= set(hours.values_list("status", flat=True))
    assert hours.filter(source="logged").exists() and hours.filter(source="event").exists()
    assert not hours.filter(status="pending", worked_on__lt=TODAY - timedelta(days=21)).exists()
    certificates = Certification.objects.filter(organization__in=seeded.organizations)
    assert certificates.filter(expires_on__lte=TODAY + timedelta(days=60)).exists()
    assert certificates.filter(expires_on__gt=TODAY + timedelta(days=365)).exists()
    helped = InstrumentalHelp.objects.filter(organization__in=seeded.organizations)
    assert {"ride", "child_care", "clothing"} == set(helped.values_list("kind", flat=True))
    assert helped.filter(participant__isnull=True).exists()
    named = helped.filter(participant__isnull=False)
    assert (
        named.exists()
        and not named.filter(Q(contact__isnull=True) | Q(contact__instrumental=False)).exists()
    )


def test_seeding_again_adds_nothing(seeded):
    before = Session.objects.count()
    assert seed_community(seeded.organizations, seed=41, today=TODAY) == {"community_sessions": 0}
    assert Session.objects.count() == before
