"""`peerwell seed` writes activity, not just people: what a new user would find in the
demo and what the bench measures. Runs on SQLite and PostgreSQL (COPY) alike."""

import html
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins.escalations import REASONS as CHECKIN_REASONS
from peerwell.consents.models import Consent, Disclosure
from peerwell.contacts.models import Contact, FollowUp
from peerwell.core.seeding import seed
from peerwell.core.seeding.text import BODIES_EN, BODIES_ES, FOLLOW_UP_REASONS
from peerwell.orgs.models import Authenticator, Organization
from peerwell.participants.actions import mark_inactive_participants
from peerwell.participants.models import (
    FamilyLink,
    FamilyMember,
    Participant,
    StageChange,
    StatusChange,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def activity(orgs):
    """What a person reading the records would see, participant by participant."""
    rows = []
    for p in Participant.objects.filter(organization__in=orgs).order_by("id"):
        rows.append(
            (
                p.full_name,
                p.status,
                p.stage,
                [
                    (c.contact_date, c.kind, c.outcome, c.notes, c.duration_minutes, c.emotional)
                    for c in Contact.objects.filter(participant=p).order_by("contact_date", "id")
                ],
                list(
                    FollowUp.objects.filter(participant=p)
                    .order_by("id")
                    .values_list("due_date", "done_at", "reason")
                ),
                list(
                    StatusChange.objects.filter(participant=p)
                    .order_by("id")
                    .values_list("from_status", "to_status", "reason", "changed_at")
                ),
                [
                    (c.recipient, c.information, c.purpose, c.signed_on, c.revoked_at)
                    for c in Consent.objects.filter(participant=p).order_by("id")
                ],
                sorted(
                    FamilyLink.objects.filter(participant=p).values_list(
                        "family_member__first_name", "relationship"
                    )
                ),
            )
        )
    return rows


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    first = seed(
        orgs=1,
        participants=40,
        seed=5,
        contacts_per_participant=8,
        today=TODAY,
        progress=False,
        prefix="a",
    )
    second = seed(
        orgs=1,
        participants=40,
        seed=5,
        contacts_per_participant=8,
        today=TODAY,
        progress=False,
        prefix="b",
    )
    third = seed(
        orgs=1,
        participants=40,
        seed=6,
        contacts_per_participant=8,
        today=TODAY,
        progress=False,
        prefix="c",
    )
    assert activity(first.organizations) == activity(second.organizations)
    assert activity(first.organizations) != activity(third.organizations)
    assert first.rows == second.rows


def community() -> Q:
    """The contacts the community's seed logs: meetings attended and help given."""
    from peerwell.community.models import Attendee, InstrumentalHelp

    return Q(pk__in=Attendee.objects.values("contact_id")) | Q(
        pk__in=InstrumentalHelp.objects.exclude(contact=None).values("contact_id")
    )


def test_seed_command_writes_two_years_of_activity(capsys):
    call_command(
        "seed", orgs=2, participants=150, contacts_per_participant=10, seed=4, no_progress=True
    )
    out = capsys.readouterr().out
    contacts = Contact.objects.count()
    community_contacts = Contact.objects.filter(community()).count()
    # Ten a participant on average, everyone counted: more for those with us longer.
    # (Check-in calls add theirs on top, test_seed_checkins; so do the community's
    # meetings and help, test_seed_community.)
    logged = Contact.objects.filter(checkin_attempt__isnull=True).exclude(community()).count()
    assert 150 * 10 * 0.9 < logged < 150 * 10 * 1.1
    per_person = sorted(
        Participant.objects.annotate(
            n=Count("contacts", filter=Q(contacts__checkin_attempt__isnull=True))
        ).values_list("n", flat=True)
    )
    assert per_person[0] <= 2 and per_person[-1] > 3 * 10
    assert f"{contacts - community_contacts} contacts" in out and "150 participants" in out
    assert f"{community_contacts} community contacts" in out
    today = timezone.localdate()
    dates = Contact.objects.values_list("contact_date", flat=True)
    assert min(dates) >= today - timedelta(days=730) and max(dates) <= today
    assert {k for k in Contact.objects.values_list("kind", flat=True)} >= {
        "coaching",
        "check_in",
        "navigation",
        "group",
        "family",
    }
    for support in ("emotional", "informational", "instrumental", "affiliational"):
        assert Contact.objects.filter(**{support: True}).exists(), support
    # About one in eight is an attempt, with no support and no minutes (a service not
    # given); the latest of each participant is a real contact.
    attempts = Contact.objects.exclude(outcome="reached")
    assert 0.06 * contacts < attempts.count() < 0.18 * contacts
    assert {a.outcome for a in attempts} == {
        "no_answer",
        "left_voicemail",
        "wrong_number",
        "no_show",
    }
    assert not attempts.exclude(duration_minutes=None).exists()
    assert not attempts.filter(Q(emotional=True) | Q(informational=True)).exists()
    assert not attempts.filter(Q(instrumental=True) | Q(affiliational=True)).exists()
    latest = {}
    for c in Contact.objects.order_by("contact_date", "id"):
        latest[c.participant_id] = c.outcome
    assert set(latest.values()) == {"reached"}
    # Family members, served in their own right.
    assert FamilyMember.objects.count() == FamilyLink.objects.count() > 0
    assert Contact.objects.filter(family_member__isnull=False, kind="family").exists()
    # Follow-ups: done, upcoming, and overdue.
    assert FollowUp.objects.filter(done_at__isnull=False).exists()
    assert FollowUp.objects.open().filter(due_date__gte=today).exists()
    assert FollowUp.objects.open().filter(due_date__lt=today).exists()
    # Most say why, in the peer's words, encrypted like the notes.
    reasons = [f.reason for f in FollowUp.objects.all()]
    assert sum(1 for r in reasons if r) > 0.6 * len(reasons)
    # (or the task an escalation of a check-in call left)
    known = FOLLOW_UP_REASONS["en"] + FOLLOW_UP_REASONS["es"]
    known += [str(reason) for reason in CHECKIN_REASONS.values()]
    assert {r for r in reasons if r} <= set(known)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM contacts_followup WHERE reason <> '' LIMIT 5")
        assert all(row[0].startswith("gAAAA") for row in cursor.fetchall())
    # Consents, some revoked or expired, and disclosures under them, each audited.
    statuses = {c.status for c in Consent.objects.all()}
    assert {"valid", "revoked", "expired"} <= statuses
    assert Disclosure.objects.filter(consent__isnull=False).exists()
    assert AuditEntry.objects.filter(action="export").count() == Disclosure.objects.count()
    assert StageChange.objects.exists() and StatusChange.objects.exists()
    # Emergency accesses, each by a peer whose caseload the record is not on, with a
    # reason: the supervisors' list of them is not empty.
    emergencies = AuditEntry.objects.filter(action="emergency").select_related("participant")
    assert emergencies.exists()
    for entry in emergencies:
        assert entry.reason and entry.actor_id != entry.participant.assigned_peer_id


def test_notes_are_encrypted_and_read_in_the_participants_language(as_user):
    result = seed(orgs=1, participants=60, seed=8, contacts_per_participant=6, progress=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM contacts_contact WHERE notes <> '' LIMIT 20")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(s.startswith("gAAAA") for s in stored)  # Fernet tokens
    # (a check-in call's contact carries the caller's summary instead: test_seed_checkins)
    written = Contact.objects.reached().exclude(notes="").filter(checkin_attempt__isnull=True)
    for c in written.select_related("participant")[:200]:
        bodies = BODIES_ES if c.participant.language == "es" else BODIES_EN
        assert any(b in c.notes for b in bodies), c.notes
    assert Contact.objects.filter(participant__language="es").exclude(notes="").exists()
    # The participant's peer specialist reads the latest note on the timeline.
    contact = (
        Contact.objects.filter(organization=result.organizations[0], staff__role="peer")
        .exclude(notes="")
        .filter(participant__assigned_peer_id=F("staff_id"))
        .order_by("-contact_date")
        .first()
    )
    Authenticator.objects.create(user=contact.staff, name="default", confirmed=True)
    page = as_user(contact.staff).get(reverse("participant_detail", args=[contact.participant_id]))
    assert page.status_code == 200
    assert contact.notes.split(".")[0] in html.unescape(page.content.decode())


def test_statuses_agree_with_their_history_and_the_inactivity_rule():
    today = timezone.localdate()
    result = seed(orgs=1, participants=200, seed=9, contacts_per_participant=5, progress=False)
    org = result.organizations[0]
    seen = set()
    for p in Participant.objects.filter(organization=org):
        steps = list(StatusChange.objects.filter(participant=p).order_by("changed_at", "id"))
        status = "active"
        for step in steps:
            assert step.from_status == status
            status = step.to_status
        assert p.status == status
        assert bool(p.discharge_reason) == (p.status == "discharged")
        seen.add(p.status)
        contacts = Contact.objects.filter(participant=p)
        assert not contacts.filter(contact_date__lt=p.created_at.date()).exists()
        if steps:
            # Nobody is contacted after they went quiet or were discharged.
            assert not contacts.filter(contact_date__gt=steps[0].changed_at.date()).exists()
        stages = list(StageChange.objects.filter(participant=p).order_by("changed_at", "id"))
        assert (stages[-1].stage if stages else "") == p.stage
    assert seen == {"active", "inactive", "discharged"}
    # The nightly inactivity job finds nobody to change: the seeded statuses are current.
    assert mark_inactive_participants(organization=org, today=today) == 0
    # Some people enrolled in the last two weeks have had no contact yet.
    recent = Participant.objects.filter(
        organization=org, created_at__date__gte=today - timedelta(days=14)
    )
    assert recent.filter(contacts__isnull=True).exists()


def test_bulk_loading_leaves_indexes_keys_and_guards_as_migrations_made_them(as_user):
    tables = [
        "participants_participant",
        "contacts_contact",
        "contacts_followup",
        "consents_disclosure",
    ]

    def constraints():
        with connection.cursor() as cursor:
            return {t: connection.introspection.get_constraints(cursor, t) for t in tables}

    before = constraints()
    seed(orgs=1, participants=30, seed=3, contacts_per_participant=4, progress=False)
    assert constraints() == before
    # New rows after the seed get fresh ids: the app keeps working.
    org = Organization.objects.get()
    peer = testing.make_user(org, "peer")
    participant = testing.make_participant(org, assigned_peer=peer)
    response = as_user(peer).post(
        reverse("log_contact", args=[participant.pk]),
        {
            "kind": "check_in",
            "support": ["emotional"],
            "contact_date": timezone.localdate().isoformat(),
            "duration_minutes": "15",
            "mode": "phone",
            "place": "",
            "notes": "Called after the seed.",
            "follow_up_date": "",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.filter(participant=participant).get().notes == "Called after the seed."
    # The accounting of disclosures stays append-only in the database.
    with pytest.raises(Exception, match="append-only"):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE consents_disclosure SET recipient = 'x'")


def test_seed_adds_to_a_database_already_in_use(org, peer, participant):
    """Rows written earlier in the same transaction (pending key checks) do not stop the
    seed from setting the contact tables' keys aside, and keep their ids."""
    contact = testing.make_contact(participant, peer)
    testing.make_follow_up(peer, participant=participant)
    result = seed(orgs=1, participants=20, seed=12, contacts_per_participant=3, progress=False)
    assert (
        Contact.objects.count() == result.rows["contacts"] + result.rows["community_contacts"] + 1
    )
    assert Contact.objects.order_by("id").first() == contact
