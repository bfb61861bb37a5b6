"""A participant's activity: contacts over the last two years, follow-ups (some
overdue), status, stage and assignment history, family members, consents and the
disclosures made under them. Rows go through `loader.Table`, ids assigned as they are
made, so one participant's rows can point at each other before anything is written."""

import random
from datetime import UTC, datetime, time, timedelta

from peerwell.audit.models import AuditEntry
from peerwell.consents.actions import REDISCLOSURE_NOTICE
from peerwell.consents.models import Consent, Disclosure, Information
from peerwell.contacts.models import Contact, FollowUp
from peerwell.participants.models import (
    Assignment,
    FamilyLink,
    FamilyMember,
    StageChange,
    StatusChange,
)

from . import text
from .loader import Table

# Kind of contact, weight, the kinds of support it usually gives, and how it happens.
KINDS = [
    ("coaching", 30, ("emotional", "informational"), ("in_person", "phone", "video")),
    ("check_in", 30, ("emotional",), ("phone", "phone", "text")),
    ("navigation", 12, ("informational", "instrumental"), ("in_person", "phone")),
    ("group", 6, ("affiliational", "emotional"), ("in_person",)),
    ("outreach", 3, ("informational",), ("in_person",)),
    ("drop_in", 6, ("affiliational", "emotional"), ("in_person",)),
    ("instrumental", 6, ("instrumental",), ("in_person",)),
    ("other", 2, ("informational",), ("phone", "in_person")),
]
KIND_DRAW = [k for k in KINDS for _ in range(k[1])]
SUPPORTS = ("emotional", "informational", "instrumental", "affiliational")
MINUTES = (5, 10, 15, 15, 20, 30, 30, 45, 60, 60, 90, 120)
# About one contact in eight is an attempt: nobody answered, or nobody came.
ATTEMPT_SHARE = 0.12
PHONE_ATTEMPTS = ("no_answer",) * 5 + ("left_voicemail",) * 4 + ("wrong_number",)
# Each participant's share of the contacts grows with their time in the program; these
# days are added to everyone's so that the newly enrolled get a few too.
SHARE_FLOOR_DAYS = 30
EXPIRY_EVENT = "When the participant leaves the program"


def tables() -> dict[str, Table]:
    """The tables the activity fills; the two largest load without secondary indexes."""
    return {
        "assignments": Table(
            Assignment,
            ["organization_id", "participant_id", "peer_id", "assigned_by_id", "assigned_at"],
        ),
        "status_changes": Table(
            StatusChange,
            [
                "organization_id",
                "participant_id",
                "from_status",
                "to_status",
                "reason",
                "changed_by_id",
                "changed_at",
            ],
        ),
        "stage_changes": Table(
            StageChange,
            ["organization_id", "participant_id", "stage", "changed_by_id", "changed_at"],
        ),
        "family_members": Table(
            FamilyMember,
            ["organization_id", "first_name", "last_name", "phone", "notes", "created_at"],
        ),
        "family_links": Table(
            FamilyLink, ["organization_id", "family_member_id", "participant_id", "relationship"]
        ),
        "contacts": Table(
            Contact,
            [
                "organization_id",
                "participant_id",
                "staff_id",
                "family_member_id",
                "kind",
                "outcome",
                "emotional",
                "informational",
                "instrumental",
                "affiliational",
                "contact_date",
                "start_time",
                "duration_minutes",
                "mode",
                "place",
                "notes",
                "created_at",
            ],
            unindexed=True,
        ),
        "follow_ups": Table(
            FollowUp,
            [
                "organization_id",
                "participant_id",
                "assigned_to_id",
                "contact_id",
                "due_date",
                "reason",
                "done_at",
            ],
            unindexed=True,
        ),
        "consents": Table(
            Consent,
            [
                "organization_id",
                "participant_id",
                "disclosing_party",
                "information",
                "recipient",
                "purpose",
                "told_right_to_revoke",
                "expires_on",
                "expiry_event",
                "signature",
                "signed_on",
                "witnessed_by_id",
                "created_at",
                "revoked_at",
                "revoked_by_id",
            ],
        ),
        "disclosures": Table(
            Disclosure,
            [
                "organization_id",
                "participant_id",
                "consent_id",
                "recipient",
                "information",
                "purpose",
                "disclosed_by_id",
                "disclosed_at",
                "is_emergency",
                "emergency_nature",
                "notice",
            ],
        ),
        "audit": Table(
            AuditEntry,
            [
                "at",
                "organization_id",
                "actor_id",
                "action",
                "model",
                "object_id",
                "participant_id",
                "fields",
                "detail",
                "reason",
            ],
        ),
    }


def _at(day, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(13, 23), rng.randint(0, 59)), tzinfo=UTC)


class Activity:
    """Writes the activity of one organization's participants at a time."""

    def __init__(
        self, t: dict[str, Table], rng, fake_en, fake_es, *, per_participant, today, checkins
    ):
        self.t = t
        self.checkins = checkins
        self.rng = rng
        self.fakes = {"en": fake_en, "es": fake_es}
        self.per_participant = per_participant
        self.today = today
        # The start of `today`: nothing seeded is later, and the same day seeds the same.
        self.now = datetime.combine(today, time(0), tzinfo=UTC)
        pool = max(40, min(4000, per_participant * 40))
        self.notes = text.note_pools(rng, pool)
        self.purposes = text.Pool(text.PURPOSES)
        self.emergencies = text.Pool(text.EMERGENCIES)
        self.family_notes = text.Pool(text.FAMILY_NOTES)
        self.attempt_notes = {k: text.Pool(v) for k, v in text.ATTEMPT_NOTES.items()}
        self.reasons = {k: text.Pool(v) for k, v in text.FOLLOW_UP_REASONS.items()}
        self.kinds = [k for k in Information.values if k != Information.WHOLE_RECORD]

    def organization(self, org, plans, staff) -> None:
        peers = [u.pk for u in staff if u.role == "peer"]
        supervisors = [u.pk for u in staff if u.role == "supervisor"] or peers
        self.checkins.organization(org, staff)
        # Each organization's supervisors have at least one emergency access to review.
        self.emergency_due = True
        # `per_participant` is the average over everyone, those never reached included:
        # each reached participant's share follows their days in the program.
        weights = [
            (p.last_contact - p.first_contact).days + SHARE_FLOOR_DAYS if p.last_contact else 0
            for p in plans
        ]
        scale = self.per_participant * len(plans) / (sum(weights) or 1)
        for plan, weight in zip(plans, weights, strict=True):
            self.participant(org, plan, peers, supervisors, weight * scale)

    def participant(self, org, plan, peers, supervisors, expected: float) -> None:
        rng, t = self.rng, self.t
        p = plan.participant
        oid, pid = org.pk, p.pk
        peer = p.assigned_peer_id
        supervisor = rng.choice(supervisors)
        if peer:
            t["assignments"].add(oid, pid, peer, supervisor, _at(plan.enrolled, rng))
        # Hours apart, so two changes on one day keep their order.
        for n, (day, stage) in enumerate(plan.stage_steps):
            at = datetime.combine(day, time(9 + 2 * n), tzinfo=UTC)
            t["stage_changes"].add(oid, pid, stage, peer or supervisor, at)
        for day, old, new, reason, by_staff in plan.status_steps:
            by = (peer or supervisor) if by_staff else None
            t["status_changes"].add(oid, pid, old, new, reason, by, _at(day, rng))
        family = self.family(oid, p) if rng.random() < 0.15 else []
        # Check-ins draw from their own random stream: the rest stays as it was.
        self.checkins.participant(oid, plan, peer, family, history=bool(expected))
        if plan.last_contact is None or not self.per_participant:
            return
        self.contacts(oid, plan, peer, peers, family, expected)
        if rng.random() < 0.35:
            for _ in range(rng.choice((1, 1, 2))):
                self.consent(oid, plan, org.name, peer or supervisor)
        if (self.emergency_due or rng.random() < 0.01) and len(peers) > 1:
            self.emergency_due = False
            # A peer outside the caseload opened the record in a crisis, as
            # `grant_emergency_access` records it: what the supervisors' list reviews.
            outsider = rng.choice([s for s in peers if s != peer])
            reason = rng.choice(text.EMERGENCY_ACCESS_REASONS)
            t["audit"].add(
                _at(plan.last_contact, rng),
                oid,
                outsider,
                "emergency",
                "participants.participant",
                str(pid),
                pid,
                [],
                {},
                reason,
            )
        if rng.random() < 0.003:
            day = plan.last_contact
            self.disclosure(
                oid, pid, None, text.EMERGENCY_RECIPIENT, "contact", day, peer or supervisor
            )

    def family(self, oid, p) -> list[int]:
        rng, t = self.rng, self.t
        fake = self.fakes["es" if p.language == "es" else "en"]
        made = []
        for _ in range(rng.choice((1, 1, 2))):
            last = p.last_name if rng.random() < 0.6 else fake.last_name()
            phone = f"+1{rng.choice(('215', '610', '973'))}{rng.randint(2000000, 9999999)}"
            fm = t["family_members"].add(
                oid,
                fake.first_name(),
                last,
                phone,
                self.family_notes.pick(rng),
                min(p.created_at + timedelta(days=rng.randint(0, 60)), self.now),
            )
            t["family_links"].add(oid, fm, p.pk, rng.choice(text.RELATIONSHIPS))
            made.append(fm)
        return made

    def contacts(self, oid, plan, peer, peers, family, expected: float) -> None:
        rng, contacts, follow_ups = self.rng, self.t["contacts"], self.t["follow_ups"]
        rand, randint, choice = rng.random, rng.randint, rng.choice
        first, last = plan.first_contact, plan.last_contact
        span = (last - first).days
        # At most one a day on average over their time with us.
        count = min(max(1, round(expected * (0.3 + 1.4 * rand()))), 1 + span)
        days = sorted(first + timedelta(days=randint(0, span)) for _ in range(count - 1))
        days.append(last)
        language = "es" if plan.participant.language == "es" else "en"
        pool, attempt_notes = self.notes[language], self.attempt_notes[language]
        reasons = self.reasons[language]
        pid = plan.participant.pk
        active = plan.participant.status == "active"
        today = self.today
        for n, day in enumerate(days):
            staff = peer if peer and rand() < 0.85 else choice(peers)
            if family and rand() < 0.1:
                kind, supports, modes, served = "family", ("emotional",), ("phone",), choice(family)
            else:
                kind, _w, supports, modes = choice(KIND_DRAW)
                served = None
            mode = choice(modes)
            latest = n == count - 1
            start = time(randint(8, 19), choice((0, 15, 30, 45))) if rand() < 0.6 else None
            at = datetime.combine(day, start or time(17), tzinfo=UTC)
            if day == today:
                at = min(at, self.now)  # never written in the future
            # The latest is a real contact: "last contact" and inactivity count only those.
            if not latest and rand() < ATTEMPT_SHARE:
                # An attempt gives no service: no support and no minutes.
                outcome = choice(PHONE_ATTEMPTS) if mode in ("phone", "text") else "no_show"
                flags, minutes, place = [False] * 4, None, ""
                note = attempt_notes.pick(rng)
            else:
                outcome = "reached"
                flags = [s in supports or rand() < 0.1 for s in SUPPORTS]
                minutes = choice(MINUTES)
                place = choice(text.PLACES) if rand() < 0.3 else ""
                note = pool.pick(rng) if rand() < 0.9 else ""
            cid = contacts.add(
                oid,
                pid,
                staff,
                served,
                kind,
                outcome,
                *flags,
                day,
                start,
                minutes,
                mode,
                place,
                note,
                at,
            )
            if latest and active and rand() < 0.7:
                due = day + timedelta(days=randint(2, 21))
                # About half of those already due were not done: the overdue list.
                done = None if due >= today or rand() < 0.5 else _at(due, rng)
                follow_ups.add(oid, pid, staff, cid, due, reasons.pick(rng), done)
            elif rand() < 0.12:
                due = day + timedelta(days=randint(2, 14))
                done = min(_at(due + timedelta(days=randint(-2, 2)), rng), self.now)
                follow_ups.add(oid, pid, staff, cid, due, reasons.pick(rng), done)

    def consent(self, oid, plan, org_name, staff) -> None:
        rng, p = self.rng, plan.participant
        signed = plan.first_contact + timedelta(
            days=rng.randint(0, (plan.last_contact - plan.first_contact).days)
        )
        if rng.random() < 0.1:
            information = [Information.WHOLE_RECORD.value]
        else:
            information = sorted(rng.sample(self.kinds, rng.randint(1, min(3, len(self.kinds)))))
        dated = rng.random() < 0.6
        expires = signed + timedelta(days=365) if dated else None
        revoked = None
        if rng.random() < 0.1 or (p.status == "discharged" and rng.random() < 0.5):
            revoked = _at(signed + timedelta(days=rng.randint(1, 200)), rng)
            revoked = min(revoked, self.now)
        recipient = rng.choice(text.RECIPIENTS)
        consent = self.t["consents"].add(
            oid,
            p.pk,
            org_name,
            ",".join(information),
            recipient,
            self.purposes.pick(rng),
            True,
            expires,
            "" if dated else EXPIRY_EVENT,
            p.full_name,
            signed,
            staff,
            _at(signed, rng),
            revoked,
            staff if revoked else None,
        )
        end = min(
            [self.today, plan.last_contact]
            + ([expires] if expires else [])
            + ([revoked.date()] if revoked else [])
        )
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            if end < signed:
                break
            day = signed + timedelta(days=rng.randint(0, (end - signed).days))
            shared = ",".join(information[: rng.randint(1, len(information))])
            self.disclosure(oid, p.pk, consent, recipient, shared, day, staff)

    def disclosure(self, oid, pid, consent, recipient, information, day, staff) -> None:
        """As `consents.actions.disclose` records one: with its notice and audit row."""
        rng = self.rng
        at = _at(day, rng)
        emergency = consent is None
        did = self.t["disclosures"].add(
            oid,
            pid,
            consent,
            recipient,
            information,
            "" if emergency else self.purposes.pick(rng),
            staff,
            at,
            emergency,
            self.emergencies.pick(rng) if emergency else "",
            REDISCLOSURE_NOTICE,
        )
        detail = {
            "disclosure": did,
            "consent": consent,
            "information": information.split(","),
            "emergency": emergency,
        }
        self.t["audit"].add(
            at, oid, staff, "export", "participants.participant", str(pid), pid, [], detail, ""
        )
