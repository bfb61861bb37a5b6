"""The people of a seed: organizations, their staff, and participants whose status and
stage are decided here, so that their activity (see `activity`) can agree with them."""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from peerwell.orgs.models import Organization, Role, User

DEMO_PASSWORD = "peerwell-demo-2026"
# Area codes of real US regions, so numbers look and validate like real ones.
AREA_CODES = [
    "201",
    "215",
    "267",
    "302",
    "410",
    "443",
    "484",
    "551",
    "609",
    "610",
    "717",
    "732",
    "848",
    "856",
    "862",
    "908",
    "973",
]
PLACE_WORDS = [
    "Riverside",
    "Harbor",
    "Valley",
    "Lakeview",
    "Northern",
    "Coastal",
    "Pine",
    "Summit",
    "Meadow",
    "Bridge",
    "Hillcrest",
    "Oak",
    "Cedar",
    "Union",
    "Liberty",
]
ORG_KINDS = [
    "Recovery Community Center",
    "CARES",
    "Recovery Alliance",
    "Peer Recovery Network",
    "Recovery Hub",
]
NOTE_SNIPPETS = [
    "Prefers calls after 5pm. Working on getting ID replaced.",
    "Connected to All Recovery meeting on Tuesdays.",
    "Looking for sober housing; referred to county housing navigator.",
    "Interested in job readiness class. Has a resume draft.",
    "Asked for transportation help to outpatient appointments.",
    "Prefiere llamadas en español. Busca grupo de apoyo para familias.",
]
SAFE_TIMES = ["Weekdays after 5pm", "Mornings before 10", "Any time", "Not on Sundays"]
BATCH = 5000


def _phone(rng: random.Random) -> str:
    exchange = f"{rng.randint(2, 9)}{rng.randint(0, 99):02d}"
    return f"+1{rng.choice(AREA_CODES)}{exchange}{rng.randint(0, 9999):04d}"


def _org_name(rng: random.Random, i: int) -> str:
    return f"{rng.choice(PLACE_WORDS)} {rng.choice(ORG_KINDS)} {i + 1}"


@dataclass(slots=True)
class Plan:
    """One participant's story so far, decided before any row is written."""

    participant: "Person"
    enrolled: date
    # From the first possible contact to the last (None: no contact yet).
    first_contact: date | None
    last_contact: date | None
    # (day, from status, to status, discharge reason, by staff?)
    status_steps: list = field(default_factory=list)
    # (day, stage)
    stage_steps: list = field(default_factory=list)


def seed_staff(org, fake, password, *, peers: int) -> list[User]:
    roles = [Role.ADMIN] + [Role.SUPERVISOR] * 2 + [Role.PEER] * peers + [Role.VOLUNTEER] * 5
    users = []
    for n, role in enumerate(roles):
        name = f"{fake.first_name()} {fake.last_name()}"
        users.append(
            User(
                organization=org,
                role=role,
                full_name=name,
                password=password,
                email=f"{role}{n}@{org.slug}.example.org",
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH)
    return list(
        User.objects.filter(organization=org, role__in=[Role.PEER, Role.SUPERVISOR]).order_by("pk")
    )


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _story(rng: random.Random, enrolled: date, today: date, quiet_days: int):
    """Status, reason, contact window and status steps, consistent with the inactivity
    rule (`mark_inactive_participants`): an active participant was seen within
    `quiet_days`, an inactive one was marked so `quiet_days` after the last contact."""
    start = max(enrolled, today - timedelta(days=730))
    age = (today - enrolled).days
    recent = today - timedelta(days=min(age, quiet_days - 30))
    if age < 14:
        # Some people enrolled in the last two weeks have not been reached yet.
        last = None if rng.random() < 0.4 else _day_between(rng, enrolled, today)
        return "active", "", last, []
    roll = rng.random() if age > quiet_days + 30 else 0.0
    if roll < 0.62:
        return "active", "", _day_between(rng, recent, today), []
    if roll < 0.80:
        last = _day_between(rng, start, today - timedelta(days=quiet_days + 1))
        marked = last + timedelta(days=quiet_days)
        return "inactive", "", last, [(marked, "active", "inactive", "", False)]
    reason = rng.choice(
        ["goals_met", "goals_met", "moved", "declined", "lost_contact", "lost_contact", "other"]
    )
    if reason == "lost_contact":
        last = _day_between(rng, start, today - timedelta(days=quiet_days + 31))
        marked = last + timedelta(days=quiet_days)
        out = _day_between(rng, marked + timedelta(days=1), marked + timedelta(days=30))
        steps = [
            (marked, "active", "inactive", "", False),
            (out, "inactive", "discharged", reason, True),
        ]
        return "discharged", reason, last, steps
    out = _day_between(rng, start + timedelta(days=7), today - timedelta(days=1))
    last = _day_between(rng, max(start, out - timedelta(days=14)), out)
    return "discharged", reason, last, [(out, "active", "discharged", reason, True)]


STAGE_PATHS = [
    [],
    ["before"],
    ["before", "during"],
    ["during", "after"],
    ["before", "during", "after"],
    ["apart"],
    ["after"],
]


@dataclass(slots=True)
class Person:
    """What the activity needs to know of a participant once written."""

    pk: int
    first_name: str
    last_name: str
    language: str
    status: str
    assigned_peer_id: int | None
    created_at: datetime
    phone: str = ""
    may_text: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


PARTICIPANT_COLUMNS = [
    "organization_id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "language",
    "notes",
    "safe_times",
    "voicemail_may_mention_program",
    "may_text",
    "assigned_peer_id",
    "status",
    "discharge_reason",
    "stage",
    "created_at",
    "updated_at",
]


def plan_participants(
    table, org, count, rng, fake_en, fake_es, peers, *, today, quiet_days, notes
) -> list[Plan]:
    """Participants with a consistent story, added to `table` (loader.Table) with ids.
    Rows, not model instances: building and saving 200,000 instances (phone numbers
    parsed twice each) took longer than all ten million contacts."""
    plans = []
    for _ in range(count):
        spanish = rng.random() < 0.28
        fake = fake_es if spanish else fake_en
        language = (
            "es" if spanish and rng.random() < 0.8 else ("other" if rng.random() < 0.03 else "en")
        )
        first = fake.first_name()
        last_name = fake.last_name()
        enrolled = today - timedelta(days=rng.randint(0, 3 * 365))
        status, reason, last, steps = _story(rng, enrolled, today, quiet_days)
        stages = rng.choice(STAGE_PATHS)
        end = last or enrolled
        stage_steps = [(enrolled, stages[0])] if stages else []
        for stage in stages[1:]:
            stage_steps.append((_day_between(rng, stage_steps[-1][0], end), stage))
        peer = rng.choice(peers).pk if rng.random() < 0.9 else None
        created = datetime.combine(enrolled, datetime.min.time(), tzinfo=UTC) + timedelta(
            hours=rng.randint(13, 22)
        )
        preferred = first[:3] if rng.random() < 0.08 else ""
        born = today - timedelta(days=rng.randint(18 * 365, 75 * 365))
        phone = _phone(rng) if rng.random() < 0.92 else ""
        # About half may be texted: read from the number's last digits, not a new draw,
        # so the rest of the seed stays as it was.
        may_text = bool(phone) and int(phone[-2:]) < 55
        pk = table.add(
            org.pk,
            first,
            last_name,
            preferred,
            born,
            phone,
            language,
            notes.pick(rng) if rng.random() < 0.15 else "",
            rng.choice(SAFE_TIMES) if rng.random() < 0.5 else "",
            rng.random() < 0.4,
            may_text,
            peer,
            status,
            reason,
            stages[-1] if stages else "",
            created,
            created,
        )
        person = Person(pk, first, last_name, language, status, peer, created, phone, may_text)
        start = max(enrolled, today - timedelta(days=730))
        plans.append(Plan(person, enrolled, start if last else None, last, steps, stage_steps))
    return plans


def new_organization(rng, i, *, prefix, seed) -> Organization:
    return Organization.objects.create(name=_org_name(rng, i), slug=f"{prefix}-{seed}-{i + 1}")
