"""Referrals for a seed: closed-loop referrals a peer made for the participants of an
organization, across the needs and at every status.

About a third of participants have one to three referrals, mostly to a provider typed in
(the directory is shared and seeded apart); housing, treatment, employment and benefits
come up most. Older referrals are mostly closed (completed more often than not), recent
ones still proposed, sent or accepted, so the follow-ups lists have work on them. A
recurrence of use a check-in call flagged (a seeded escalation) is answered by a
referral back to treatment, linked, a few hours to two days after the flag.

Like the plans (`seeding.plans`) it runs after the rest of the seed, over the rows
already written, with its own random stream; an organization that has referrals keeps
them, so it also tops up a database seeded before referrals existed."""

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from peerwell.checkins.models import Escalation
from peerwell.core.fields import encrypt
from peerwell.navigation.models import Need, Referral, ReferralKind
from peerwell.orgs.models import Role, User
from peerwell.participants.models import Participant

from . import loader

REFERRED_SHARE = 0.35
BACK_TO_TREATMENT_SHARE = 0.7  # of recurrence escalations, answered with a referral
NEEDS = {
    Need.HOUSING: 18,
    Need.TREATMENT: 12,
    Need.EMPLOYMENT: 10,
    Need.BENEFITS: 10,
    Need.HEALTH_CARE: 8,
    Need.MENTAL_HEALTH: 8,
    Need.RECOVERY_HOUSING: 7,
    Need.TRANSPORTATION: 6,
    Need.LEGAL: 5,
    Need.EDUCATION: 4,
    Need.CITIZENSHIP: 3,
    Need.CHILD_CARE: 3,
    Need.FAMILY: 3,
    Need.OTHER: 2,
}
PROVIDERS = {
    Need.HOUSING: ["County Housing Resource Center", "Harbor House Housing Help"],
    Need.TREATMENT: ["Riverside Treatment Center", "Open Door Outpatient Clinic"],
    Need.EMPLOYMENT: ["WorkSource Career Center", "Second Chance Staffing"],
    Need.BENEFITS: ["County Board of Social Services", "Medicaid enrollment line"],
    Need.HEALTH_CARE: ["Northside Community Health Center"],
    Need.MENTAL_HEALTH: ["Lakeview Counseling Services"],
    Need.RECOVERY_HOUSING: ["Oxford House", "New Beginnings Recovery Residence"],
    Need.TRANSPORTATION: ["Access Link paratransit"],
    Need.LEGAL: ["Legal Services of the County", "Expungement clinic"],
    Need.EDUCATION: ["Adult Learning Center"],
    Need.CITIZENSHIP: ["Voting rights restoration project", "Motor Vehicle Commission"],
    Need.CHILD_CARE: ["Child Care Resource and Referral"],
    Need.FAMILY: ["Family Support Organization"],
    Need.OTHER: ["Community food pantry"],
}
NOTES = [
    "Wants to go with me to the first appointment.",
    "Asked for mornings only because of work.",
    "Has the documents ready.",
    "Needs a ride; bus pass given.",
    "",
    "",
]
REASONS = ["No openings for months.", "Moved out of the county.", "Chose another program."]


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(13, 22), rng.randint(0, 59)), tzinfo=UTC)


def table() -> loader.Table:
    return loader.Table(
        Referral,
        (
            "organization_id participant_id kind provider_name provider_contact need note "
            "warm_handoff status proposed_at sent_at accepted_at closed_at reason "
            "follow_up_days follow_up_on escalation_id made_by_id version"
        ).split(),
        unindexed=True,
    )


class Referrals:
    def __init__(self, t: loader.Table, rng: random.Random, today: date):
        self.t, self.rng, self.today = t, rng, today
        self.tokens: dict[str, str] = {}

    def _token(self, text: str) -> str:
        if text not in self.tokens:
            self.tokens[text] = encrypt(text) if text else ""
        return self.tokens[text]

    def add(self, oid, pid, by, *, need, proposed, kind=ReferralKind.REFERRAL, escalation=None):
        """One referral, its status as far along as its age makes likely."""
        rng, today = self.rng, self.today
        now = datetime.combine(today, time(23), tzinfo=UTC)
        proposed = min(proposed, now)
        age = (today - proposed.date()).days
        roll = rng.random()
        if age < 3 and roll < 0.5:
            status = "proposed"
        elif age < 21:
            status = rng.choice(["sent", "sent", "accepted", "completed", "declined"])
        else:
            status = (
                "completed" if roll < 0.55 else "not-completed" if roll < 0.75 else
                "declined" if roll < 0.85 else "accepted" if roll < 0.93 else "sent"
            )  # fmt: skip
        days = 7
        sent = None if status == "proposed" else proposed + timedelta(hours=rng.randint(0, 30))
        sent = min(sent, now) if sent else None
        accepted = (
            sent + timedelta(days=rng.randint(1, 6))
            if status in ("accepted", "completed", "not-completed")
            else None
        )
        closed = None
        if status in ("completed", "not-completed"):
            closed = accepted + timedelta(days=rng.randint(3, 40))
        elif status == "declined":
            closed = (sent or proposed) + timedelta(days=rng.randint(1, 10))
        # Nothing in the future: a referral made lately has not closed yet.
        if closed and closed > now:
            closed, status = None, "accepted" if accepted and accepted <= now else "sent"
        if accepted and accepted > now:
            accepted, status = None, "sent"
        reason = self._token(rng.choice(REASONS)) if status in ("declined", "not-completed") else ""
        self.t.add(
            oid, pid, kind, rng.choice(PROVIDERS[need]), f"555-01{rng.randint(0, 99):02d}",
            need, self._token(rng.choice(NOTES)), rng.random() < 0.3, status, proposed, sent,
            accepted, closed, reason, days,
            (sent + timedelta(days=days)).date() if sent else None, escalation, by, 1,
        )  # fmt: skip


def _staff(organizations) -> dict[int, list[int]]:
    staff: dict[int, list[int]] = {}
    for oid, pk in (
        User.objects.filter(organization__in=organizations, role__in=[Role.PEER, Role.SUPERVISOR])
        .order_by("pk")
        .values_list("organization_id", "pk")
    ):
        staff.setdefault(oid, []).append(pk)
    return staff


@transaction.atomic
def seed_referrals(organizations, *, seed: int, today: date | None = None) -> dict[str, int]:
    """Referrals for the participants of `organizations` that have none yet. Returns the
    rows written."""
    today = today or timezone.localdate()
    having = set(
        Referral.objects.filter(organization__in=organizations)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    wanted = [o.pk for o in organizations if o.pk not in having]
    if not wanted:
        return {"referrals": 0}
    loader.prepare_postgresql()
    t = table()
    t.begin()
    rng = random.Random(f"referrals-{seed}")
    made = Referrals(t, rng, today)
    staff = _staff(organizations)
    needs, weights = list(NEEDS), list(NEEDS.values())
    people = (
        Participant.objects.filter(organization__in=wanted, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "organization_id", "assigned_peer_id", "created_at")
    )
    for pid, oid, peer_id, created in people.iterator(chunk_size=5000):
        if rng.random() > REFERRED_SHARE or oid not in staff:
            continue
        intake = created.date()
        span = max(1, (today - intake).days)
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            day = intake + timedelta(days=rng.randint(0, span))
            made.add(
                oid, pid, peer_id or rng.choice(staff[oid]),
                need=rng.choices(needs, weights)[0], proposed=_at(min(day, today), rng),
            )  # fmt: skip
    flags = (
        Escalation.objects.filter(
            organization__in=wanted, kind="recurrence", participant__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "organization_id", "participant_id", "owner_id", "raised_at")
    )
    for eid, oid, pid, owner, raised in flags.iterator(chunk_size=5000):
        if rng.random() < BACK_TO_TREATMENT_SHARE and raised.date() <= today:
            made.add(
                oid, pid, owner, need=Need.TREATMENT, kind=ReferralKind.BACK_TO_TREATMENT,
                escalation=eid, proposed=raised + timedelta(minutes=rng.randint(60, 2 * 24 * 60)),
            )  # fmt: skip
    t.flush()
    loader.check_pending()
    t.finish()
    loader.end_checks()
    return {"referrals": t.written}
