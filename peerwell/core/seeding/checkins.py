"""Telephone Recovery Support for a seed: who is enrolled in check-ins, twelve weeks of
their calls and what each attempt found, the escalations those calls raised, and the
requests for a call still waiting.

It draws from its own random stream, so adding check-ins left every other seeded row as
it was. Reached calls write their contact into the service log (kind check-in, by
phone), as `log_call` does, on top of the contacts per participant asked for: about 4%
more contacts at the default share, 8% when everyone is enrolled (the bench)."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from peerwell.checkins.escalations import REASONS
from peerwell.checkins.models import (
    CallAttempt,
    CallRequest,
    CheckInCall,
    Enrolment,
    EnrolmentChange,
    Escalation,
)
from peerwell.orgs.models import Role, User

from .checkin_words import (
    ENDED_REASONS,
    OUTCOMES,
    REQUEST_NAMES,
    REQUEST_TIMES,
    SAFETY_NOTES,
    SUMMARIES,
)
from .loader import Table
from .text import Pool

HISTORY_DAYS = 84  # twelve weeks of past calls
MAX_ATTEMPTS, RETRY_DAYS, UNREACHED_LIMIT = 3, 2, 3  # CheckInRules' defaults
# Monday 1970-01-05: every-two-weeks enrolments call in the weeks of their parity.
EPOCH_MONDAY = date(1970, 1, 5)
CADENCES = ("weekly",) * 75 + ("twice_weekly",) * 12 + ("fortnightly",) * 13
# Mostly weekdays; a few people asked for a weekend call.
WEEKDAY_DRAW = (0, 1, 2, 3, 4) * 23 + (5, 6) * 4
TWICE = ((0, 3), (1, 4), (0, 2), (2, 4), (1, 3))
WINDOW_STARTS = (9, 10, 10, 11, 13, 14, 15, 16, 17, 18)
PREFERENCES = ("",) * 85 + ("woman",) * 8 + ("man",) * 5 + ("nonbinary",) * 2
# Each person's usual rating, and how a week moves it: now and then a hard one.
RATINGS = (2,) * 10 + (3,) * 30 + (4,) * 40 + (5,) * 20
MOVES = (-1,) * 15 + (0,) * 60 + (1,) * 22 + (-2,) * 3
RECOVERY = ("yes",) * 72 + ("no",) * 8 + ("not_asked",) * 20
MINUTES = (5, 8, 10, 12, 15, 15, 20, 25, 30, 45)
RESOURCES = ("", "", "", "", "988 card", "Meeting list", "Food pantry hours", "Naloxone kit")
# How long the owner has, by kind, as `raise_escalation` sets it from the default rules.
RESPOND_WITHIN = {
    "recurrence": timedelta(hours=24),
    "crisis": timedelta(minutes=60),
    "resource": timedelta(days=3),
    "unreached": timedelta(days=3),
    "low_rating": timedelta(hours=24),
}
HANDED_TO = ("988", "988", "911", "on_call", "stayed")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _columns(names: str) -> list[str]:
    return names.split()


def tables() -> dict[str, Table]:
    """The check-in tables; calls and attempts, the largest, load without their indexes."""
    return {
        "enrolments": Table(
            Enrolment,
            _columns(
                "organization_id participant_id family_member_id cadence channel "
                + " ".join(WEEKDAYS)
                + " week_parity window_start window_end time_zone language caller_preference "
                "safety_notes starts_on ends_on status paused_until enrolled_by_id created_at"
            ),
        ),
        "enrolment_changes": Table(
            EnrolmentChange, _columns("organization_id enrolment_id action by_id at until reason")
        ),
        "calls": Table(
            CheckInCall,
            _columns(
                "organization_id enrolment_id participant_id family_member_id due_date channel "
                "language status try_on attempts self_rating flagged_low closed_at created_at"
            ),
            unindexed=True,
        ),
        "call_attempts": Table(
            CallAttempt,
            _columns(
                "organization_id call_id caller_id outcome called_at minutes self_rating "
                "maintaining_recovery summary resources_shared contact_id"
            ),
            unindexed=True,
        ),
        "escalations": Table(
            Escalation,
            _columns(
                "organization_id kind participant_id family_member_id call_id owner_id "
                "follow_up_id raised_by_id raised_at respond_by notes handed_to closed_at "
                "closed_by_id outcome"
            ),
        ),
        "call_requests": Table(
            CallRequest,
            _columns(
                "organization_id first_name phone best_times language may_text received_at "
                "status handled_by_id handled_at enrolment_id"
            ),
        ),
    }


def call_days(start: date, end: date, weekdays, parity: int | None) -> list[date]:
    """The days from `start` to `end` an enrolment calls on (parity: every two weeks)."""
    days = []
    for weekday in weekdays:
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        while day <= end:
            if parity is None or ((day - EPOCH_MONDAY).days // 7) % 2 == parity:
                days.append(day)
            day += timedelta(days=7)
    return sorted(days)


class CheckIns:
    """Writes one participant's check-ins at a time, next to their other activity."""

    def __init__(self, t: dict[str, Table], seed: int, *, share: float, today: date):
        self.t = t
        self.rng = random.Random(f"checkins-{seed}")
        self.share = share
        # Fewer of those no longer active were ever enrolled; at a share of 1, all were.
        self.share_others = share**2
        self.today = today
        self.zone = settings.TIME_ZONE
        self.tz = ZoneInfo(self.zone)
        self.safety = Pool(SAFETY_NOTES)
        self.summaries = {k: Pool(v) for k, v in SUMMARIES.items()}
        with translation.override("en"):  # the task's words, as `raise_escalation` writes them
            self.reasons = {str(k): Pool([str(v)]) for k, v in REASONS.items()}
        self.outcomes = Pool(OUTCOMES)
        self.ended = Pool(ENDED_REASONS)
        # The start of `today` where the calls are made: nothing seeded is later.
        self.now = datetime.combine(today, time(0), tzinfo=self.tz).astimezone(UTC)
        self.callers: list[int] = []

    def organization(self, org, staff) -> None:
        """Volunteers make most calls, peer specialists the rest."""
        volunteers = list(
            User.objects.filter(organization=org, role=Role.VOLUNTEER)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        peers = [u.pk for u in staff if u.role == Role.PEER]
        self.callers = volunteers * 2 + peers or [u.pk for u in staff]
        self.supervisors = [u.pk for u in staff if u.role == Role.SUPERVISOR] or peers
        rng = self.rng
        for _ in range(3 + int(len(peers) * self.share)):
            self.call_request(org.pk, rng.random() < 0.7)

    def call_request(self, oid, new: bool) -> None:
        rng = self.rng
        received = self._at(self.today - timedelta(days=rng.randint(0, 6 if new else 90)), 9, 21)
        handled = None if new else min(received + timedelta(days=rng.randint(0, 3)), self.now)
        self.t["call_requests"].add(
            oid,
            rng.choice(REQUEST_NAMES),
            f"+1{rng.choice(('215', '267', '610', '973'))}555{rng.randint(100, 199):04d}",
            rng.choice(REQUEST_TIMES),
            "es" if rng.random() < 0.25 else "en",
            rng.random() < 0.5,
            received,
            "new" if new else "closed",
            None if new else rng.choice(self.supervisors),
            handled,
            None,
        )

    def _at(self, day: date, first_hour: int, last_hour: int) -> datetime:
        local = time(self.rng.randint(first_hour, last_hour - 1), self.rng.randint(0, 59))
        return min(datetime.combine(day, local, tzinfo=self.tz).astimezone(UTC), self.now)

    def participant(self, oid, plan, peer, family, *, history: bool) -> int:
        """Enrolls the participant (and maybe a family member) with the set's share;
        returns how many contacts their reached calls wrote to the service log."""
        rng, p = self.rng, plan.participant
        share = self.share if p.status == "active" else self.share_others
        made = 0
        # Calls need a number to dial (the enrolment form refuses one without).
        if p.phone and rng.random() < share:
            made += self.enrolment(oid, plan, peer, p.pk, None, p.may_text, history)
        for fm in family:
            if p.status == "active" and rng.random() < self.share * 0.3:
                made += self.enrolment(oid, plan, peer, p.pk, fm, False, history)
        return made

    def enrolment(self, oid, plan, peer, pid, fm, may_text, history) -> int:
        rng, today, p = self.rng, self.today, plan.participant
        owner = peer or rng.choice(self.supervisors)
        cadence = rng.choice(CADENCES)
        weekdays = (
            TWICE[rng.randrange(5)] if cadence == "twice_weekly" else (rng.choice(WEEKDAY_DRAW),)
        )
        channel = "text" if may_text and rng.random() < 0.15 else "call"
        start_hour = rng.choice(WINDOW_STARTS)
        window = (time(start_hour), time(min(20, start_hour + rng.choice((2, 2, 3, 4)))))
        # A recurrence never ends the calls: active participants' enrolments mostly go on.
        active = p.status == "active"
        last = plan.last_contact or today
        first = plan.enrolled if active else max(plan.enrolled, last - timedelta(days=365))
        starts = first + timedelta(days=rng.randint(0, max(0, (today - first).days - 1)))
        if not active:
            starts = min(starts, last)
        status, stop, until = "active", None, None
        roll = rng.random()
        if not active:
            # Their calls stopped around the last time anyone reached them.
            status = "paused" if p.status == "inactive" and roll < 0.4 else "ended"
            stop = starts + timedelta(days=rng.randint(0, (last - starts).days))
        elif roll < 0.07:
            # Finished the first twelve weeks or more and chose to stop.
            status = "ended"
            stop = starts + timedelta(days=rng.randint(0, max(0, (today - starts).days - 1)))
        elif roll < 0.15:
            status = "paused"
            stop = max(starts, today - timedelta(days=rng.randint(1, 40)))
            until = stop + timedelta(days=rng.randint(14, 60)) if rng.random() < 0.5 else None
            until = until if until is not None and until > today else None
        parity = ((starts - EPOCH_MONDAY).days // 7) % 2
        enrolled_at = self._at(starts - timedelta(days=rng.randint(0, 7)), 9, 18)
        eid = self.t["enrolments"].add(
            oid,
            None if fm else pid,
            fm,
            cadence,
            channel,
            *(d in weekdays for d in range(7)),
            parity,
            *window,
            self.zone,
            p.language,
            rng.choice(PREFERENCES),
            self.safety.pick(rng) if rng.random() < 0.06 else "",
            starts,
            stop if status == "ended" else None,
            status,
            until,
            owner,
            enrolled_at,
        )
        changes = self.t["enrolment_changes"]
        changes.add(oid, eid, "enrolled", owner, enrolled_at, None, "")
        if status != "active":
            # Never before the enrolment (at the same moment, its id orders it after).
            at = max(self._at(stop, 9, 18), enrolled_at)
            reason = self.ended.pick(rng) if status == "ended" else ""
            changes.add(oid, eid, status, owner, at, until, reason)
        if not history:
            return 0
        end = today - timedelta(days=1) if status == "active" else stop - timedelta(days=1)
        days = call_days(
            max(starts, today - timedelta(days=HISTORY_DAYS)),
            end,
            weekdays,
            parity if cadence == "fortnightly" else None,
        )
        reachable = plan.last_contact is not None
        # A participant's reached calls stop at their last contact once they left us.
        reach_until = today if active else last
        call = (oid, eid, None if fm else pid, fm, p.language)
        return self.calls(call, days, channel, window, owner, pid, reachable, reach_until)

    def calls(self, call, days, channel, window, owner, pid, reachable, reach_until) -> int:
        rng, t, today = self.rng, self.t, self.today
        oid, eid, person, fm, language = call
        made, unreached_run, ratings = 0, 0, []
        usual = rng.choice(RATINGS)
        summaries = self.summaries["es" if language == "es" else "en"]
        for due in days:
            created = self._at(due, 6, 7)
            if channel == "text":
                replied = rng.random() < 0.65
                rating = min(5, max(1, usual + rng.choice(MOVES))) if replied else None
                t["calls"].add(
                    oid, eid, person, fm, due, "text", language,
                    "answered" if replied else "texted", due, 0, rating, False,
                    self._at(due, 10, 20) if replied else None, created,
                )  # fmt: skip
                continue
            roll = rng.random() if reachable and due <= reach_until else 0.7
            if roll < 0.60:
                tries = ["no_answer"] * rng.choice((0,) * 70 + (1,) * 22 + (2,) * 8) + ["reached"]
            elif roll < 0.63:
                tries = ["declined"]
            elif roll < 0.645:
                tries = ["wrong_number"]
            else:
                tries = ["no_answer"] * MAX_ATTEMPTS
            tries = [o if o != "no_answer" or rng.random() < 0.55 else "voicemail" for o in tries]
            # Attempts spread over the retry days; those not yet due stay in the queue.
            offsets = [0] + sorted(rng.randint(0, RETRY_DAYS - 1) for _ in tries[1:])
            done = [(o, due + timedelta(days=d)) for o, d in zip(tries, offsets, strict=True)]
            made_so_far = [(o, d) for o, d in done if d < today]
            open_call = len(made_so_far) < len(done)
            final = made_so_far[-1][0] if made_so_far else None
            if open_call:
                status = "retry"
            else:
                status = {"reached": "reached", "declined": "declined"}.get(final, "not_reached")
            rating = None
            if final == "reached" and not open_call:
                rating = min(5, max(1, usual + rng.choice(MOVES)))
            low = False
            if rating is not None:
                recent = ratings[-4:]
                low = len(recent) == 4 and rating <= sum(recent) / 4 - 2
                ratings.append(rating)
            attempts, closed, first = [], None, window[0]
            for outcome, day in made_so_far:
                if closed and closed.astimezone(self.tz).date() == day:
                    at = closed + timedelta(minutes=rng.randint(30, 90))  # tried again later
                else:
                    local = time(first.hour, rng.randint(0, 59))
                    at = datetime.combine(day, local, tzinfo=self.tz).astimezone(UTC)
                attempts.append((outcome, at, rng.choice(self.callers)))
                closed = at
            cid = t["calls"].add(
                oid, eid, person, fm, due, "call", language, status,
                today if open_call else (made_so_far[-1][1] if made_so_far else due),
                len(made_so_far), rating, low, None if open_call else closed, created,
            )  # fmt: skip
            contact = None
            for outcome, at, caller in attempts:
                if outcome == "reached":
                    minutes = rng.choice(MINUTES)
                    summary = summaries.pick(rng)
                    shared = rng.choice(RESOURCES)
                    local = at.astimezone(self.tz)
                    contact = t["contacts"].add(
                        oid, pid, caller, fm, "check_in", "reached", True, bool(shared),
                        False, False, local.date(), local.time().replace(second=0), minutes,
                        "phone", "", summary, at,
                    )  # fmt: skip
                    made += 1
                    t["call_attempts"].add(
                        oid, cid, caller, outcome, at, minutes, rating,
                        rng.choice(RECOVERY), summary, shared, contact,
                    )  # fmt: skip
                else:
                    t["call_attempts"].add(
                        oid, cid, caller, outcome, at, None, None, "", "", "", None
                    )  # fmt: skip
            if status == "not_reached":
                unreached_run += 1
            elif status == "reached":
                unreached_run = 0
            if not attempts:
                continue
            caller, at = attempts[-1][2], attempts[-1][1]
            kinds = []
            if unreached_run == UNREACHED_LIMIT:
                kinds.append(("unreached", None))
                unreached_run = 0
            if low:
                kinds.append(("low_rating", caller))
            if status == "reached":
                roll = rng.random()
                if roll < 0.02:
                    kinds.append(("recurrence", caller))
                elif roll < 0.023:
                    kinds.append(("crisis", caller))
                elif roll < 0.05:
                    kinds.append(("resource", caller))
            for kind, by in kinds:
                self.escalation(oid, kind, person, fm, pid, cid, owner, by, at, contact)
        return made

    def escalation(self, oid, kind, person, fm, pid, cid, owner, by, at, contact) -> None:
        rng = self.rng
        respond_by = at + RESPOND_WITHIN[kind]
        closed = None
        # Older ones were dealt with, nearly all in time; the last week's are still open.
        if at < self.now - timedelta(days=7) or rng.random() < 0.4:
            closed = min(at + RESPOND_WITHIN[kind] * rng.uniform(0.2, 1.3), self.now)
        due = at.astimezone(self.tz).date()
        follow_up = self.t["follow_ups"].add(
            oid, pid, owner, contact, due, self.reasons[kind].pick(rng), closed
        )
        self.t["escalations"].add(
            oid, kind, person, fm, cid, owner, follow_up, by, at, respond_by,
            "", rng.choice(HANDED_TO) if kind == "crisis" else "",
            closed, owner if closed else None, self.outcomes.pick(rng) if closed else "",
        )  # fmt: skip
