"""BARC-10 administrations for a seed (see `plans`, which runs this): most
participants answered at intake and at later timepoints (30, 90, 180 days, then every
180), their recovery capital mostly rising quickly at first and then levelling off; a
few sittings are incomplete and never scored (Vilsaint et al. 2017 for the instrument).

Answers are stored as the app stores them: {item id: answer} as JSON, encrypted."""

import json
import math
import random
from datetime import UTC, date, datetime, time, timedelta

from peerwell.assessments import instruments

from .plan_words import ASSESSMENT_NOTES
from .text import Pool

INSTRUMENT = "barc10"
# The shipped recovery-capital schedule (assessments/schedules/recovery-capital.json):
# days after intake of each timepoint, its label, and how far off the day it happened,
# within the schedule's window.
TIMEPOINTS = ((0, "Intake", 0, 10), (30, "30 days", -5, 7), (90, "90 days", -10, 14))
REPEAT_FROM, REPEAT_DAYS, REPEAT_LABEL = 180, 180, "Every 180 days"
# SUPRT's closeout, within 30 days of discharge: for some of those discharged.
CLOSEOUT, CLOSEOUT_SHARE = "Closeout", 0.5
SCORED_SHARE = 0.85  # of participants, who answered at least once
MISSED_SHARE = 0.2  # of later timepoints, skipped: the overdue list
INCOMPLETE_SHARE = 0.04  # of sittings, with one to three items unanswered
VARIANTS = 6  # answer patterns encrypted per total


def instrument():
    """The BARC-10's definition version and item ids, from its shipped definition."""
    barc10 = instruments.get(INSTRUMENT)
    return barc10.version, [item.id for item in barc10.items]


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


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(13, 22), rng.randint(0, 59)), tzinfo=UTC)


class Scores:
    """BARC-10 sittings, one participant at a time, into the `administrations` table."""

    def __init__(self, table, rng: random.Random, today: date):
        self.table, self.rng, self.today = table, rng, today
        self.version, items = instrument()
        self.answers = Answers(rng, items)
        self.notes = {k: Pool(v) for k, v in ASSESSMENT_NOTES.items()}

    def timepoints(self, someone):
        """(day, label) of each sitting, up to the day before today or their leaving."""
        rng = self.rng
        last = min(someone.until, self.today - timedelta(days=1))
        points = list(TIMEPOINTS)
        offset = REPEAT_FROM
        while someone.intake + timedelta(days=offset) <= last:
            points.append((offset, REPEAT_LABEL, -20, 20))
            offset += REPEAT_DAYS
        for n, (days, label, early, late) in enumerate(points):
            if n and rng.random() < MISSED_SHARE:
                continue
            day = someone.intake + timedelta(days=days + rng.randint(early, late))
            if someone.intake <= day <= last:
                yield day, label
        if someone.status == "discharged" and rng.random() < CLOSEOUT_SHARE:
            day = someone.until + timedelta(days=rng.randint(0, 20))
            if day < self.today:
                yield day, CLOSEOUT

    def participant(self, someone, staff: list[int]) -> None:
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
