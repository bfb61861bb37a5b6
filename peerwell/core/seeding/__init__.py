"""Realistic synthetic data, deterministic for a seed: organizations, staff and
participants, and what a program's records hold after two years of work (contacts,
follow-ups, status and stage changes, family members, consents and disclosures).

A statewide network (200,000 participants, ten million contacts) seeds in minutes on
PostgreSQL: activity goes in with COPY (see `loader`). Everything is one transaction, so
an interrupted seed leaves nothing behind."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from peerwell.participants.models import Participant
from peerwell.reports.counts import recount

from . import checkins, loader
from .activity import Activity, tables
from .community import seed_community
from .directory import seed_directory, service_count
from .people import (
    DEMO_PASSWORD,
    NOTE_SNIPPETS,
    PARTICIPANT_COLUMNS,
    new_organization,
    plan_participants,
    seed_staff,
)
from .plans import seed_plans
from .referrals import seed_referrals
from .text import Pool

__all__ = ["DEMO_PASSWORD", "SeedResult", "seed"]


@dataclass
class SeedResult:
    organizations: list = field(default_factory=list)
    staff: int = 0
    participants: int = 0
    # Rows written per table of activity: "contacts", "follow_ups", "consents", ...
    rows: dict = field(default_factory=dict)


@transaction.atomic
def seed(
    *,
    orgs: int,
    participants: int,
    seed: int = 1,
    contacts_per_participant: int = 50,
    progress: bool = True,
    prefix: str = "seed",
    today=None,
    checkin_share: float = 0.4,
    directory_services: int | None = None,
    community: bool = True,
) -> SeedResult:
    """Adds `orgs` organizations sharing `participants` participants between them, with
    `contacts_per_participant` contacts per participant on average (more for those in the
    program longer, about one in eight an attempt), and `checkin_share` of the active
    participants enrolled in check-in calls (1.0 at the bench's scale: everyone, for
    about as many enrolments as participants). Dates are relative to `today` (default:
    the local date). The shared resource directory gets `directory_services` services
    (default: one per ten participants, at least a few hundred; 0 for none), and
    `community` its community's sites, events and their year of history."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    fake_en, fake_es = Faker("en_US"), Faker("es_MX")
    fake_en.seed_instance(seed)
    fake_es.seed_instance(seed + 1)
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing per user would take minutes
    result = SeedResult()
    per_org = [participants // orgs + (1 if i < participants % orgs else 0) for i in range(orgs)]
    loader.prepare_postgresql()
    people = loader.Table(Participant, PARTICIPANT_COLUMNS, unindexed=True)
    activity_tables = {"participants": people, **tables(), **checkins.tables()}
    for table in activity_tables.values():
        table.begin()
    activity = Activity(
        activity_tables,
        rng,
        fake_en,
        fake_es,
        per_participant=contacts_per_participant,
        today=today,
        checkins=checkins.CheckIns(activity_tables, seed, share=checkin_share, today=today),
    )
    participant_notes = Pool(NOTE_SNIPPETS)
    bar = tqdm(total=participants, desc="participants", unit="", disable=not progress)
    for i in range(orgs):
        org = new_organization(rng, i, prefix=prefix, seed=seed)
        result.organizations.append(org)
        staff = seed_staff(org, fake_en, password, peers=max(2, per_org[i] // 100))
        result.staff += len(staff) + 6  # peers and supervisors, an admin, five volunteers
        peers = [u for u in staff if u.role == "peer"]
        for start in range(0, per_org[i], 1000):
            plans = plan_participants(
                people,
                org,
                min(1000, per_org[i] - start),
                rng,
                fake_en,
                fake_es,
                peers,
                today=today,
                quiet_days=org.inactive_after_days,
                notes=participant_notes,
            )
            activity.organization(org, plans, staff)
            result.participants += len(plans)
            bar.update(len(plans))
    bar.close()
    for table in activity_tables.values():
        table.flush()
    loader.check_pending()
    for name, table in activity_tables.items():
        table.finish()
        result.rows[name] = table.written
    result.rows.pop("participants")
    loader.end_checks()
    # Wellness plans and assessments last, from their own random stream (seeding.plans).
    result.rows.update(seed_plans(result.organizations, seed=seed, today=today))
    # Referrals after plans, from their own stream too (seeding.referrals).
    result.rows.update(seed_referrals(result.organizations, seed=seed, today=today))
    # The community's year after that, from its own stream (seeding.community); the demo
    # lays out its own program first, then writes the history over it.
    if community:
        result.rows.update(seed_community(result.organizations, seed=seed, today=today))
    # The directory last of all, from its own random stream too (seeding.directory).
    if directory_services is None:
        directory_services = service_count(participants)
    result.rows.update(
        seed_directory(services=directory_services, seed=seed, prefix=prefix, today=today)
    )
    # Possible duplicates: the supervisors' stored list, filled as `find_duplicates` does.
    from peerwell.participants.pairs import rebuild_all

    rebuild_all(result.organizations)
    recount()  # the network report's counts (reports/counts.py), checked once at the end
    return result
