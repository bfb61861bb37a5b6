"""Recovery Wellness Plans and BARC-10 administrations for a seed.

About six in ten active participants (a quarter of those who left) have a wellness plan
made with their peer: strengths, where they are in each of SAMHSA's four dimensions, one
to three goals with steps (some done or dropped, some due soon or overdue), barriers and
a plan for a recurrence of symptoms, most of them agreed and signed; in Spanish for
Spanish speakers. Most participants answered the BARC-10 at intake and at later
timepoints (30, 90, 180 days, then every 180), their recovery capital mostly rising over
time; a few sittings are incomplete and never scored (`scores`). Each organization uses
the shipped recovery-capital schedule, every other one SUPRT's timepoints too, so the due
and overdue lists have work on them.

It runs after the rest of the seed, over the participants already written, with its own
random streams: the rest of a seed stays as it was. The same pass tops up a database
seeded before plans existed (`seed_plans`; the bench's `prepare` calls it): organizations
that already have plans, or administrations, keep theirs."""

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from peerwell.assessments import schedules
from peerwell.assessments.models import Administration, ScheduleRule
from peerwell.core.fields import encrypt
from peerwell.orgs.models import Role, User
from peerwell.participants.models import Participant, StatusChange
from peerwell.plans.models import Goal, PlanVersion, Step, WellnessPlan

from . import loader, plan_words
from .scores import Scores

PLANNED_SHARE = 0.6  # of active participants with us two weeks or more
PLANNED_SHARE_LEFT = 0.25  # of those who left: their plan stays on the record
AGREED_SHARE = 0.85
REVIEW_DAYS = 90
STEP_WINDOW = (3, 120)  # a step is due this many days after the plan began or its review
# Signatures drawn on the pad, in its normal form (core.signature): a few to reuse.
DRAWINGS = 8


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


def _drawing(rng: random.Random) -> str:
    """A scrawl across the pad, in the normal form the signature field stores."""
    x, y = rng.randint(20, 80), rng.randint(90, 130)
    path = [f"M{x} {y}"]
    while x < 540:
        x += rng.randint(12, 40)
        y = min(190, max(10, y + rng.randint(-35, 35)))
        path.append(f"L{x} {y}")
    return "".join(path)


class Plans:
    """Wellness plans with their goals, steps and earlier versions, one participant at
    a time. Each distinct text is encrypted once and its token reused (text.Pool)."""

    def __init__(self, t: dict[str, loader.Table], rng: random.Random, today: date):
        self.t, self.rng, self.today = t, rng, today
        self.now = datetime.combine(today, time(0), tzinfo=UTC)
        self.tokens: dict[str, str] = {}
        self.drawings = [self._token(_drawing(rng)) for _ in range(DRAWINGS)]

    def _token(self, text: str) -> str:
        if text not in self.tokens:
            self.tokens[text] = encrypt(text) if text else ""
        return self.tokens[text]

    def _pick(self, words: dict, language: str) -> str:
        return self._token(self.rng.choice(words[language]))

    def participant(self, someone, staff: list[int]) -> None:
        rng, today = self.rng, self.today
        share = PLANNED_SHARE if someone.status == "active" else PLANNED_SHARE_LEFT
        if (today - someone.intake).days < 14 or rng.random() > share:
            return
        last = min(someone.until, today - timedelta(days=1))
        started = someone.intake + timedelta(days=rng.randint(3, 45))
        if started > last:
            return
        language = "es" if someone.language == "es" else "en"
        by = someone.peer_id if someone.peer_id and rng.random() < 0.9 else rng.choice(staff)
        # Reviewed every 90 days while they keep at it; a missed one is "review due".
        reviewed = None
        while (started if reviewed is None else reviewed) + timedelta(days=REVIEW_DAYS) <= last:
            if rng.random() > (0.95 if someone.status == "active" else 0.6):
                break
            base = started if reviewed is None else reviewed
            reviewed = base + timedelta(days=REVIEW_DAYS + rng.randint(-7, 10))
            reviewed = min(reviewed, last)
        review_on = (reviewed or started) + timedelta(days=REVIEW_DAYS)
        edits = rng.choice((0,) * 11 + (1,) * 6 + (2,) * 3)
        version = 1 + edits
        agreed_on = agreed_version = None
        name, drawing = "", ""
        if rng.random() < AGREED_SHARE:
            agreed_on = min(started + timedelta(days=rng.randint(0, 7)), last)
            # Most agreed to what the plan says now; some before its latest change.
            agreed_version = version if rng.random() < 0.8 else max(1, version - 1)
            name = someone.full_name
            drawing = rng.choice(self.drawings) if rng.random() < 0.5 else ""
        pid = self.t["wellness_plans"].add(
            someone.organization_id, someone.pk, True,
            self._pick(plan_words.STRENGTHS, language),
            *(self._pick(plan_words.NOW[language], d) for d in plan_words.DIMENSIONS),
            self._pick(plan_words.BARRIERS, language),
            self._pick(plan_words.TRIGGERS, language),
            self._pick(plan_words.WARNING_SIGNS, language),
            self._pick(plan_words.WHAT_HELPS, language),
            self._pick(plan_words.PEOPLE, language),
            self._pick(plan_words.SUPPORT_WANTED, language),
            started, review_on, reviewed, name, drawing, agreed_on, agreed_version, by, version,
        )  # fmt: skip
        goals = self.goals(someone, pid, started, reviewed or started, language, last)
        self.versions(someone, pid, edits, by, started, last, goals)

    def goals(self, someone, pid, started, base, language, last) -> list[dict]:
        """One to three goals in different dimensions, each with its steps; returns
        them as the plan's version snapshot has them (actions.snapshot)."""
        rng, oid = self.rng, someone.organization_id
        count = rng.choice((1,) * 3 + (2,) * 4 + (3,) * 3)
        made = []
        for position, dimension in enumerate(rng.sample(plan_words.DIMENSIONS, count)):
            text, steps = rng.choice(plan_words.GOALS[language][dimension])
            gid = self.t["goals"].add(oid, pid, dimension, self._token(text), position)
            snapshot = {"id": gid, "dimension": dimension, "text": text, "steps": []}
            for n, (who, what) in enumerate(steps[: rng.randint(1, len(steps))]):
                snapshot["steps"].append(
                    self.step(someone, pid, gid, started, base, n, who, what, last)
                )
            made.append(snapshot)
        return made

    def step(self, someone, pid, gid, started, base, position, who, what, last) -> dict:
        rng, today = self.rng, self.today
        due = None
        if rng.random() < 0.85:
            due = base + timedelta(days=rng.randint(*STEP_WINDOW))
        # Done or dropped mostly once due; the rest still open (overdue, or coming up).
        roll = rng.random()
        if due is None:
            status = "done" if roll < 0.3 else "open"
        elif due <= min(last, today - timedelta(days=3)):
            status = "done" if roll < 0.6 else ("dropped" if roll < 0.72 else "open")
        else:
            status = "done" if roll < 0.15 and someone.status == "active" else "open"
        done_at = None
        if status == "done":
            day = (due or started) + timedelta(days=rng.randint(-5, 3))
            done_at = min(_at(max(started, min(day, last)), rng), self.now)
        moved = None
        if status == "open" and due and rng.random() < 0.1:
            moved = due - timedelta(days=rng.randint(7, 30))
            moved = moved if moved >= started else None
        kind, name = (who, "") if who in ("participant", "peer") else ("other", who)
        sid = self.t["steps"].add(
            someone.organization_id, gid, pid, started, kind, self._token(name),
            self._token(what), due, status, done_at, moved, position,
        )  # fmt: skip
        return {
            "id": sid,
            "who": kind,
            "who_name": name,
            "what": what,
            "due_on": due.isoformat() if due else None,
            "status": status,
        }

    def versions(self, someone, pid, edits, by, started, last, goals) -> None:
        """The plan's earlier versions: the first edit added its last goal (or changed
        the strengths), a second one moved the review date."""
        rng = self.rng
        span = max(0, (last - started).days)
        for version in range(1, edits + 1):
            at = _at(started + timedelta(days=rng.randint(0, span)), self.rng)
            at = min(at, self.now)
            if version == 1 and len(goals) > 1:
                fields, previous = ["goals"], {"goals": goals[:-1]}
            elif version == 1:
                older = rng.choice(plan_words.STRENGTHS["es" if someone.language == "es" else "en"])
                fields, previous = ["strengths"], {"strengths": older}
            else:
                first_review = started + timedelta(days=REVIEW_DAYS)
                fields, previous = ["review_on"], {"review_on": first_review.isoformat()}
            self.t["plan_versions"].add(
                someone.organization_id, pid, version, by, at, fields,
                encrypt(json.dumps(previous)),
            )  # fmt: skip


def _columns(names: str) -> list[str]:
    return names.split()


def tables() -> dict[str, loader.Table]:
    return {
        "wellness_plans": loader.Table(
            WellnessPlan,
            _columns(
                "organization_id participant_id is_current strengths health_now home_now "
                "community_now purpose_now barriers triggers warning_signs what_helps "
                "people_to_call support_wanted started_on review_on reviewed_on agreed_name "
                "agreed_drawing agreed_on agreed_version created_by_id version"
            ),
        ),
        "goals": loader.Table(
            Goal, _columns("organization_id plan_id dimension text position"), unindexed=True
        ),
        "steps": loader.Table(
            Step,
            _columns(
                "organization_id goal_id plan_id plan_started_on who who_name what due_on "
                "status done_at rescheduled_from position"
            ),
            unindexed=True,
        ),
        "plan_versions": loader.Table(
            PlanVersion,
            _columns(
                "organization_id plan_id version changed_by_id changed_at fields previous_values"
            ),
        ),
        "administrations": loader.Table(
            Administration,
            _columns(
                "organization_id participant_id instrument instrument_version "
                "administered_on administered_by_id answers answered complete total "
                "timepoint notes created_at"
            ),
            unindexed=True,
        ),
    }


def _having(model, organizations) -> set[int]:
    return set(
        model.objects.filter(organization__in=organizations)
        .values_list("organization_id", flat=True)
        .distinct()
    )


@transaction.atomic
def seed_plans(organizations, *, seed: int, today: date | None = None) -> dict[str, int]:
    """Wellness plans and BARC-10 administrations for the participants of
    `organizations`: plans in those that have none yet, administrations likewise (an
    organization in use, or topped up before, keeps what it has). Returns the rows
    written per table."""
    today = today or timezone.localdate()
    loader.prepare_postgresql()
    planned = _having(WellnessPlan, organizations)
    scored = _having(Administration, organizations)
    t = tables()
    for table in t.values():
        table.begin()
    # Each kind from its own stream: topping up one gives what a fresh seed would.
    plans = Plans(t, random.Random(f"plans-{seed}"), today)
    scores = Scores(t["administrations"], random.Random(f"scores-{seed}"), today)
    staff = {}
    for oid, pk in (
        User.objects.filter(organization__in=organizations, role__in=[Role.PEER, Role.SUPERVISOR])
        .order_by("pk")
        .values_list("organization_id", "pk")
    ):
        staff.setdefault(oid, []).append(pk)
    # Reading every participant takes a while at 200,000: only when there is work.
    wanted = [o for o in organizations if o.pk not in planned or o.pk not in scored]
    for someone in people(wanted, today) if wanted else ():
        oid = someone.organization_id
        if oid not in planned:
            plans.participant(someone, staff[oid])
        if oid not in scored:
            scores.participant(someone, staff[oid])
    for table in t.values():
        table.flush()
    loader.check_pending()
    written = {}
    for name, table in t.items():
        table.finish()
        written[name] = table.written
    loader.end_checks()
    written["schedule_rules"] = _schedules(organizations)
    return written


def _schedules(organizations) -> int:
    """The recovery-capital schedule for every organization without one, and SUPRT's
    timepoints for every other (the funded programs), as an admin chooses them."""
    shipped = schedules.shipped_schedules()
    using = set(ScheduleRule.objects.values_list("organization_id", flat=True).distinct())
    made = 0
    for n, org in enumerate(organizations):
        if org.pk in using:
            continue
        for key in ("recovery-capital", "suprt") if n % 2 == 0 else ("recovery-capital",):
            made += schedules.load_schedule(organization=org, schedule=shipped[key])["created"]
    return made
