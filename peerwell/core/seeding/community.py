"""The community's year for a seed: sites (the recovery center, partner sites, van
stops), the van, recurring events of every kind with a few dates cancelled or moved,
the sessions held over the last year with their head counts, the participants signed
in (each with their affiliational contact in the service log; informational for a class
session), class enrolments and completions, volunteer hours (logged and derived, mostly
approved), staff certifications expiring across the next two years, and the
instrumental help given.

Like the referrals (`seeding.referrals`) it runs after the rest of the seed, over the
rows already written, with its own random stream; an organization that has sites keeps
them, so it also tops up a database seeded before the community existed."""

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from peerwell.community.models import (
    ClassEnrolment,
    EventChange,
    Session,
    Site,
    Van,
)
from peerwell.community.models import Event as CommunityEvent
from peerwell.community.recurrence import build_rule, rule_dates
from peerwell.contacts.models import Contact
from peerwell.core.fields import encrypt
from peerwell.orgs.models import Role, User
from peerwell.participants.models import Participant

from . import loader
from .community_tables import (
    CORE_EVENTS,
    EVENTS,
    PARTNERS,
    TOWNS,
    attendee_table,
    contact_table,
    help_table,
    hours_table,
    session_table,
)

# How far back sessions were recorded.
HISTORY_DAYS = 365
SESSION_NOTES = [
    "Good energy tonight; two first-timers stayed after to talk.",
    "Topic: handling the holidays. Shared phone list.",
    "Quiet week. Coffee ran out early, bring more.",
    "Guest speaker from the housing navigator's office.",
    "",
]


def _sites_for(org, rng: random.Random, people: int) -> list[Site]:
    town, postal, lat, lon = TOWNS[org.pk % len(TOWNS)]
    partners = min(len(PARTNERS), 2 + people // 1500)
    sites = [
        Site(
            organization=org,
            name=f"{org.name} recovery center",
            kind="center",
            street=f"{rng.randint(10, 990)} Main Street",
            city=town,
            postal_code=postal,
            latitude=lat,
            longitude=lon,
        )
    ]
    for n, (name, contact) in enumerate(PARTNERS[:partners]):
        other_town, other_postal, other_lat, other_lon = TOWNS[(org.pk + n + 1) % len(TOWNS)]
        sites.append(
            Site(
                organization=org,
                name=name,
                kind="partner",
                street=f"{rng.randint(1, 400)} Elm Street",
                city=other_town,
                postal_code=other_postal,
                latitude=other_lat + rng.uniform(-0.02, 0.02),
                longitude=other_lon + rng.uniform(-0.02, 0.02),
                partner_contact=contact,
                partner_phone=f"973-555-{rng.randint(100, 999):04d}",
                agreement_note="Room on the agreed evening; we set up and clean up.",
            )
        )
    for n in range(2 + people // 3000):
        other_town, other_postal, other_lat, other_lon = TOWNS[(org.pk + 3 * n + 2) % len(TOWNS)]
        spot = ("plaza", "park", "station")[n % 3]
        sites.append(
            Site(
                organization=org, name=f"Van stop: {other_town} {spot}",
                kind="van_stop", city=other_town, postal_code=other_postal,
                latitude=other_lat, longitude=other_lon,
            )
        )  # fmt: skip
    return Site.objects.bulk_create(sites)


def _events_for(org, sites, vans, runners, volunteers, rng, today, program) -> list:
    """The program; an All Recovery Meeting is run by a certified peer, anything else by
    a peer, a supervisor or a volunteer."""
    center, partners = sites[0], [s for s in sites if s.kind == "partner"]
    stops = [s for s in sites if s.kind == "van_stop"]
    everyone = runners + volunteers
    events = []
    for n, (title, kind, repeat, start, minutes, extra) in enumerate(program):
        first = today - timedelta(days=rng.randint(30, 500))
        where = center if kind in ("all_recovery", "life_skills", "training") else (
            rng.choice(partners or [center]))  # fmt: skip
        van = None
        if kind == "pop_up" and stops:
            where = stops[n % len(stops)]
            van = vans[n % len(vans)]
            # One van: each stop on its own weekday, so no two bookings overlap.
            first += timedelta(days=(n - first.weekday()) % 7)
        count = extra.get("sessions")
        if count:
            first = today - timedelta(days=rng.randint(7, 60))
        rule = build_rule(repeat, first, count=count)
        events.append(
            CommunityEvent(
                organization=org, title=title, kind=kind, site=where, van=van,
                life_skill=extra.get("topic", ""), pathway=extra.get("pathway", ""),
                language=extra.get("language", "en"), capacity=extra.get("capacity"),
                facilitator_id=rng.choice(runners if kind == "all_recovery" else everyone),
                first_date=first, starts_at=start,
                ends_at=(datetime.combine(first, start) + timedelta(minutes=minutes)).time(),
                rule=rule, sessions_to_complete=extra.get("complete"),
                is_public=kind != "training", description=extra.get("about", ""),
            )
        )  # fmt: skip
    return CommunityEvent.objects.bulk_create(events)


def _changes_for(events, rng, today) -> dict:
    """A few dates of each event cancelled or moved: (event id, date) -> change."""
    changes = []
    for event in events:
        dates = rule_dates(event.rule, event.first_date, today - timedelta(days=HISTORY_DAYS),
                           today + timedelta(days=60))  # fmt: skip
        for day in dates:
            roll = rng.random()
            if roll < 0.04:
                changes.append(
                    EventChange(
                        organization_id=event.organization_id,
                        event=event,
                        original_date=day,
                        cancelled=True,
                        note="Holiday",
                    )
                )
            elif roll < 0.05:
                changes.append(
                    EventChange(
                        organization_id=event.organization_id, event=event, original_date=day,
                        new_date=day + timedelta(days=1), new_starts_at=event.starts_at,
                        new_ends_at=event.ends_at, note="Moved: the room is taken",
                    )
                )  # fmt: skip
    EventChange.objects.bulk_create(changes, batch_size=5000)
    return {(c.event_id, c.original_date): c for c in changes}


class Tables:
    def __init__(self):
        self.sessions, self.attendees = session_table(), attendee_table()
        self.contacts, self.hours, self.help = contact_table(), hours_table(), help_table()
        self.all = [self.sessions, self.contacts, self.attendees, self.hours, self.help]


def _history(t: Tables, event, changes, people, rng, today, notes, *, most: int):
    """The sessions held and who was signed in (up to `most` known people a session, only
    people enrolled by then); returns how many and attendance per person."""
    attended: dict[int, int] = {}
    dates = rule_dates(event.rule, event.first_date, today - timedelta(days=HISTORY_DAYS),
                       today - timedelta(days=1))  # fmt: skip
    held = 0
    class_people = None
    if event.sessions_to_complete:
        class_people = [pk for pk, intake in people if intake <= event.first_date]
        class_people = class_people[: rng.randint(min(8, most + 2), 14)]
    for day in dates:
        change = changes.get((event.pk, day))
        if (change and change.cancelled) or rng.random() < 0.08:
            continue
        on = change.new_date if change else day
        if class_people is None:
            eligible = [pk for pk, intake in people if intake <= on]
            known = rng.sample(eligible, min(len(eligible), rng.randint(0, most)))
        else:
            known = class_people
        if class_people is not None:
            known = [p for p in known if rng.random() < 0.85]
        head = len(known) + rng.randint(2, 18)
        at = datetime.combine(on, event.ends_at, tzinfo=UTC) + timedelta(hours=5)
        sid = t.sessions.add(event.organization_id, event.pk, day, head, rng.randint(0, 4),
                             rng.choice(notes), event.facilitator_id, at, 1)  # fmt: skip
        minutes = int((datetime.combine(on, event.ends_at) - datetime.combine(on, event.starts_at))
                      .total_seconds() // 60)  # fmt: skip
        for pid in known:
            cid = t.contacts.add(
                event.organization_id, pid, event.facilitator_id, "group", "reached",
                False, class_people is not None, False, class_people is None, on, event.starts_at,
                minutes, "in_person", event.title[:200], at, 1,
            )  # fmt: skip
            t.attendees.add(event.organization_id, sid, pid, "confirmed", False, cid, at,
                            event.facilitator_id, at)  # fmt: skip
            attended[pid] = attended.get(pid, 0) + 1
        if event.facilitator_id in t.volunteers:
            t.hours.add(event.organization_id, event.facilitator_id, on, minutes + 30, "groups",
                        event.title[:200], "event", f"session:{sid}", sid, "approved",
                        t.approver[event.organization_id], at, at)  # fmt: skip
        held += 1
    return held, attended


def _people(organizations, today) -> dict[int, list[tuple[int, date]]]:
    """Who may be signed in, per organization, with their intake date: active people with
    no change of status (nobody is seen after they went quiet or left), enrolled more
    than two weeks ago (some new people have had no contact yet)."""
    found: dict[int, list[tuple[int, date]]] = {}
    rows = (
        Participant.objects.filter(organization__in=organizations, merged_into__isnull=True,
                                   status="active", status_changes__isnull=True,
                                   created_at__date__lte=today - timedelta(days=14))
        .order_by("pk")
        .values_list("organization_id", "pk", "created_at")
    )  # fmt: skip
    for oid, pk, created in rows.iterator(chunk_size=10_000):
        found.setdefault(oid, []).append((pk, created.date()))
    return found


def _volunteer_hours(t: Tables, oid, volunteers, rng, today) -> None:
    """Each volunteer's weekly shifts (calls, the center, the van) over the year; the last
    weeks' still waiting for approval, a few returned."""
    for vid in volunteers:
        for week in range(52):
            day = today - timedelta(days=7 * week + rng.randint(0, 6))
            if rng.random() < 0.25 or day > today:
                continue
            program = rng.choice(["trs", "trs", "center", "pop_up", "outreach"])
            waiting = week < 2
            status = "pending" if waiting else "returned" if rng.random() < 0.03 else "approved"
            at = datetime.combine(day, time(22), tzinfo=UTC)
            reviewer, reviewed = (None, None) if waiting else (t.approver[oid], at)
            minutes = rng.choice([60, 90, 120, 180, 240])
            t.hours.add(oid, vid, day, minutes, program, "Weekly shift", "logged", "", None,
                        status, reviewer, reviewed, at)  # fmt: skip


def _certifications(organizations, rng, today) -> int:
    from peerwell.community.models import Certification

    certified = []
    holders = User.objects.filter(organization__in=organizations,
                                  role__in=[Role.PEER, Role.SUPERVISOR]).order_by("pk")  # fmt: skip
    for n, user in enumerate(holders.only("pk", "organization_id")):
        # Every fourth one due for renewal soon (or lately lapsed): the notices have work.
        soon = n % 4 == 0
        issued = today - timedelta(days=rng.randint(30, 700))
        expires = today + timedelta(days=rng.randint(-20, 60) if soon else rng.randint(61, 730))
        expires = max(expires, issued + timedelta(days=30))
        certified.append(
            Certification(
                organization_id=user.organization_id, holder_id=user.pk,
                name="Certified Peer Recovery Specialist",
                issuing_body="Certification Board of New Jersey",
                number=f"CPRS-{user.pk:06d}", issued_on=issued, expires_on=expires,
                ce_hours_required=30, ce_hours_done=rng.randint(0, 30),
            )
        )  # fmt: skip
    Certification.objects.bulk_create(certified, batch_size=5000)
    return len(certified)


def _help(t: Tables, oid, sites, people, staff, rng, today) -> None:
    """Rides, child care and the clothing closet over the year: every few days at a large
    program, weekly at a small one; about a third given to someone known."""
    for day_back in range(0, HISTORY_DAYS, 3 if len(people) >= 1000 else 7):
        day = today - timedelta(days=day_back)
        for kind in ("ride", "child_care", "clothing"):
            if rng.random() < 0.5:
                continue
            quantity = rng.randint(1, 12) if kind == "clothing" else rng.randint(1, 3)
            at = datetime.combine(day, time(20), tzinfo=UTC)
            by = rng.choice(staff)
            known = people and rng.random() < 0.35 and rng.choice(people)
            pid = known[0] if known and known[1] <= day else None
            cid = None
            if pid:
                cid = t.contacts.add(oid, pid, by, "instrumental", "reached", False, False, True,
                                     False, day, None, 30, "in_person", "", at, 1)  # fmt: skip
            t.help.add(oid, kind, quantity, day, pid, cid, rng.choice(sites).pk, "", by, at)


@transaction.atomic
def seed_community(
    organizations, *, seed: int, today: date | None = None, program: bool = True
) -> dict[str, int]:
    """The community's rows for `organizations` that have none yet. With `program`, their
    sites, van and events are made first; without it, the year's history (sessions,
    attendance, classes, hours, certifications, help) is written over the sites and
    events they already have (the demo's own). Returns the rows written per table."""
    today = today or timezone.localdate()
    done = Site.objects if program else Session.objects
    having = set(done.filter(organization__in=organizations)
                 .values_list("organization_id", flat=True).distinct())  # fmt: skip
    wanted = [o for o in organizations if o.pk not in having]
    if not wanted:
        return {"community_sessions": 0}
    loader.prepare_postgresql()
    rng = random.Random(f"community-{seed}")
    notes = [encrypt(n) if n else "" for n in SESSION_NOTES]
    people = _people(wanted, today)
    t = Tables()
    for table in t.all:
        table.begin()
    t.volunteers, t.approver = set(), {}
    counts = {"community_sites": 0, "community_events": 0, "community_changes": 0,
              "community_enrolments": 0}  # fmt: skip
    for org in wanted:
        staff = list(User.objects.filter(organization=org).order_by("pk").values_list("pk", "role"))
        runners = [pk for pk, role in staff if role in (Role.PEER, Role.SUPERVISOR)]
        volunteers = [pk for pk, role in staff if role == Role.VOLUNTEER]
        supervisors = [pk for pk, role in staff if role == Role.SUPERVISOR] or runners
        if not runners:
            continue
        t.volunteers.update(volunteers)
        t.approver[org.pk] = supervisors[0]
        mine = people.get(org.pk, [])
        if program:
            sites = _sites_for(org, rng, len(mine))
            enrolled = Participant.objects.filter(organization=org).count()
            program_size = min(len(EVENTS), max(CORE_EVENTS, enrolled // 300))
            vans = Van.objects.bulk_create([Van(organization=org, name="The van")])
            events = _events_for(
                org, sites, vans, runners, volunteers, rng, today, EVENTS[:program_size]
            )
            changes = _changes_for(events, rng, today)
            counts["community_sites"] += len(sites)
            counts["community_events"] += len(events)
            counts["community_changes"] += len(changes)
        else:
            sites = list(Site.objects.filter(organization=org).order_by("pk"))
            events = list(CommunityEvent.objects.filter(organization=org).order_by("pk"))
            changes = {
                (c.event_id, c.original_date): c
                for c in EventChange.objects.filter(organization=org)
            }
        for event in events:
            if not mine:
                break
            # Someone ran each session, whoever the event names now.
            event.facilitator_id = event.facilitator_id or rng.choice(runners)
            pool = sorted(rng.sample(mine, min(len(mine), 60)))
            # A few known faces at a small program's meetings, up to eight at a large one's.
            most = max(1, min(8, len(mine) // 40))
            _, attended = _history(t, event, changes, pool, rng, today, notes, most=most)
            if event.sessions_to_complete:
                counts["community_enrolments"] += _class(event, attended, pool, today)
        _volunteer_hours(t, org.pk, volunteers, rng, today)
        if sites:
            _help(t, org.pk, sites, mine, runners + volunteers, rng, today)
    for table in t.all:
        table.flush()
    loader.check_pending()
    for table in t.all:
        table.finish()
    loader.end_checks()
    counts["community_certifications"] = _certifications(wanted, rng, today)
    counts.update(community_sessions=t.sessions.written, community_attendees=t.attendees.written,
                  community_contacts=t.contacts.written, volunteer_hours=t.hours.written,
                  instrumental_help=t.help.written)  # fmt: skip
    return counts


def _class(event, attended: dict, pool, today) -> int:
    """The class's enrolments: everyone who came, completed once they reached the rule."""
    rows = []
    for pid, n in attended.items():
        done = n >= event.sessions_to_complete
        rows.append(
            ClassEnrolment(
                organization_id=event.organization_id, event_id=event.pk, participant_id=pid,
                enrolled_on=event.first_date, sessions_attended=n,
                status="completed" if done else "enrolled",
                completed_on=min(today, event.first_date + timedelta(weeks=n)) if done else None,
            )
        )  # fmt: skip
    ClassEnrolment.objects.bulk_create(rows)
    return len(rows)


__all__ = ["Contact", "seed_community"]
