"""Recovery Wellness Plans and BARC-10 administrations for a seed.

About six in ten active participants (a quarter of those who left) have a wellness plan
made with their peer: strengths, where they are in each of SAMHSA's four dimensions, one
to three goals with steps (some done or dropped, some due soon or overdue), barriers and
a plan for a recurrence of symptoms, most of them agreed and signed; in Spanish for
Spanish speakers. Most participants answered the BARC-10 at intake and at later
timepoints (30, 90, 180 days, then every 180), their recovery capital mostly rising over
time; a few sittings are incomplete and never scored.

It runs after the rest of the seed, over the participants already written, with its own
random stream: the rest of a seed stays as it was. The same pass tops up a database
seeded before plans existed (`seed_plans`, the bench's `--top-up`): organizations that
already have plans or administrations are left alone."""

import json
import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from peerwell.assessments.models import Administration
from peerwell.orgs.models import Role, User
from peerwell.participants.models import Participant, StatusChange

from . import loader
from .plan_words import ASSESSMENT_NOTES
from .text import Pool

INSTRUMENT = "barc10"
# Days after intake of each timepoint, its label, and how far off the day it happened.
TIMEPOINTS = ((0, "Intake", 0, 10), (30, "30 days", -5, 7), (90, "90 days", -10, 14))
REPEAT_FROM, REPEAT_DAYS, REPEAT_LABEL = 180, 180, "Every 180 days"
SCORED_SHARE = 0.85  # of participants, who answered at least once
MISSED_SHARE = 0.2  # of later timepoints, skipped: the overdue list
INCOMPLETE_SHARE = 0.04  # of sittings, with one to three items unanswered
VARIANTS = 6  # answer patterns encrypted per total


@dataclass(slots=True)
class Someone:
    """What a plan and a score need to know of a participant already written."""

    pk: int
    organization_id: int
    full_name: str
    language: str
    status: str
    peer_id: int | None
    intake: date
    # The last day they were with the program: today for those active.
    until: date


def instrument():
    """The BARC-10's definition version and item ids (the shipped definition file)."""
    return "1", [f"barc10_{n}" for n in range(1, 11)]


def _answers_for(rng: random.Random, total: int, n: int) -> list[int]:
    """n answers of 1..6 adding up to `total`, spread the way people answer."""
    answers = [total // n + (1 if i < total % n else 0) for i in range(n)]
    for _ in range(n):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and answers[a] < 6 and answers[b] > 1:
            answers[a] += 1
            answers[b] -= 1
    rng.shuffle(answers)
    return answers


class Answers:
    """Encrypted answer sets to draw from, by total: each distinct set is encrypted once
    (as `text.Pool` does for notes), so 800,000 sittings cost a few hundred encryptions."""

    def __init__(self, rng: random.Random, items: list[str]):
        self.items = items
        n = len(items)
        self.complete = {
            total: Pool(
                [
                    json.dumps(dict(zip(items, _answers_for(rng, total, n), strict=True)))
                    for _ in range(VARIANTS)
                ]
            )
            for total in range(n, 6 * n + 1)
        }
        partial = []
        for _ in range(40):
            missing = set(rng.sample(items, rng.randint(1, 3)))
            partial.append(
                (
                    n - len(missing),
                    json.dumps({i: rng.randint(2, 5) for i in items if i not in missing}),
                )
            )
        self.partial = [(count, Pool([text])) for count, text in partial]

    def pick(self, rng: random.Random, total: int | None):
        """(stored answers, how many answered) for a complete total, or an incomplete
        sitting when `total` is None."""
        if total is None:
            count, pool = self.partial[int(rng.random() * len(self.partial))]
            return pool.tokens[0], count
        return self.complete[total].pick(rng), len(self.items)


def people(organizations, today: date) -> list[Someone]:
    """The participants of `organizations`, by id."""
    orgs = [o.pk for o in organizations]
    quiet = {o.pk: o.inactive_after_days for o in organizations}
    left = dict(
        StatusChange.objects.filter(organization__in=orgs)
        .exclude(to_status="active")
        .values("participant")
        .annotate(at=Max("changed_at"))
        .values_list("participant", "at")
    )
    rows = (
        Participant.objects.filter(organization__in=orgs, merged_into__isnull=True)
        .order_by("pk")
        .values_list(
            "pk", "organization_id", "first_name", "last_name", "language", "status",
            "assigned_peer_id", "created_at",
        )
    )  # fmt: skip
    found = []
    for pk, oid, first, last, language, status, peer, created in rows.iterator(chunk_size=5000):
        intake = created.astimezone(UTC).date()
        until = today
        if status != "active" and pk in left:
            until = left[pk].astimezone(UTC).date()
            if status == "inactive":
                # Marked inactive after this many quiet days: last seen before that.
                until -= timedelta(days=quiet[oid])
        until = max(intake, min(until, today))
        found.append(Someone(pk, oid, f"{first} {last}", language, status, peer, intake, until))
    return found


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(13, 22), rng.randint(0, 59)), tzinfo=UTC)


class Scores:
    """BARC-10 sittings, one participant at a time, into the `administrations` table."""

    def __init__(self, table: loader.Table, rng: random.Random, today: date):
        self.table, self.rng, self.today = table, rng, today
        self.version, items = instrument()
        self.answers = Answers(rng, items)
        self.notes = {k: Pool(v) for k, v in ASSESSMENT_NOTES.items()}

    def timepoints(self, someone: Someone):
        """(day, label) of each sitting, up to the day before today or their leaving."""
        rng = self.rng
        last = min(someone.until, self.today - timedelta(days=1))
        points = list(TIMEPOINTS)
        offset = REPEAT_FROM
        while someone.intake + timedelta(days=offset) <= last:
            points.append((offset, REPEAT_LABEL if offset > REPEAT_FROM else "180 days", -20, 20))
            offset += REPEAT_DAYS
        for n, (days, label, early, late) in enumerate(points):
            if n and rng.random() < MISSED_SHARE:
                continue
            day = someone.intake + timedelta(days=days + rng.randint(early, late))
            if someone.intake <= day <= last:
                yield day, label

    def participant(self, someone: Someone, staff: list[int]) -> None:
        rng = self.rng
        if rng.random() > SCORED_SHARE:
            return
        # Where they started, and how their recovery capital moves: for most it rises
        # quickly at first, then levels off; for some it stays put or slips.
        start = min(56, max(12, round(rng.gauss(34, 8))))
        roll = rng.random()
        gain = rng.uniform(6, 20) if roll < 0.7 else (rng.uniform(-8, -2) if roll < 0.8 else 0)
        language = "es" if someone.language == "es" else "en"
        for day, label in self.timepoints(someone):
            elapsed = (day - someone.intake).days
            drift = gain * (1 - math.exp(-elapsed / 150)) + rng.gauss(0, 2)
            total = min(60, max(10, round(start + drift)))
            if rng.random() < INCOMPLETE_SHARE:
                total = None
            answers, answered = self.answers.pick(rng, total)
            by = someone.peer_id if someone.peer_id and rng.random() < 0.85 else rng.choice(staff)
            note = self.notes[language].pick(rng) if rng.random() < 0.1 else ""
            at = min(_at(day, rng), datetime.combine(self.today, time(0), tzinfo=UTC))
            self.table.add(
                someone.organization_id, someone.pk, INSTRUMENT, self.version, day, by,
                answers, answered, total is not None, total, label, note, at,
            )  # fmt: skip


def tables() -> dict[str, loader.Table]:
    return {
        "administrations": loader.Table(
            Administration,
            (
                "organization_id participant_id instrument instrument_version "
                "administered_on administered_by_id answers answered complete total "
                "timepoint notes created_at"
            ).split(),
            unindexed=True,
        ),
    }


@transaction.atomic
def seed_plans(organizations, *, seed: int, today: date | None = None) -> dict[str, int]:
    """Wellness plans and BARC-10 administrations for the participants of those of
    `organizations` that have none yet. Returns the rows written per table."""
    today = today or timezone.localdate()
    loader.prepare_postgresql()
    t = tables()
    # Organizations that have scores (or plans) already, seeded or in use, keep theirs.
    scored = set(
        Administration.objects.filter(organization__in=organizations)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    for table in t.values():
        table.begin()
    # Each kind from its own stream: topping up one gives what a fresh seed would.
    scores = Scores(t["administrations"], random.Random(f"scores-{seed}"), today)
    staff = {}
    for oid, pk in (
        User.objects.filter(organization__in=organizations, role__in=[Role.PEER, Role.SUPERVISOR])
        .order_by("pk")
        .values_list("organization_id", "pk")
    ):
        staff.setdefault(oid, []).append(pk)
    for someone in people(organizations, today):
        if someone.organization_id not in scored:
            scores.participant(someone, staff[someone.organization_id])
    for table in t.values():
        table.flush()
    loader.check_pending()
    written = {}
    for name, table in t.items():
        table.finish()
        written[name] = table.written
    loader.end_checks()
    return written
