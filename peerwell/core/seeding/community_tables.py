"""What the community seed (`seeding.community`) writes: its program of events, the
towns and partner sites it places them in, and the bulk tables it loads."""

from datetime import time

from peerwell.community.models import Attendee, InstrumentalHelp, Session, VolunteerHours
from peerwell.contacts.models import Contact

from . import loader

# New Jersey towns with their ZIP centroids (the public schedule's "near me").
TOWNS = [
    ("Newark", "07102", 40.7357, -74.1724),
    ("Trenton", "08608", 40.2206, -74.7597),
    ("Camden", "08102", 39.9448, -75.1188),
    ("Paterson", "07505", 40.9168, -74.1718),
    ("Jersey City", "07302", 40.7178, -74.0431),
    ("Elizabeth", "07201", 40.6640, -74.2107),
    ("New Brunswick", "08901", 40.4862, -74.4518),
    ("Atlantic City", "08401", 39.3643, -74.4229),
    ("Toms River", "08753", 39.9537, -74.1979),
    ("Vineland", "08360", 39.4864, -75.0260),
]
PARTNERS = [
    ("St. Paul's Church hall", "Rev. Denise Ortiz"),
    ("Public library, community room", "Marcus Hill, branch manager"),
    ("Family Health Center", "Janet Cruz, outreach coordinator"),
    ("YMCA", "Tom Becker, program director"),
    ("County One-Stop Career Center", "Priya Shah"),
    ("Oxford House (visitors' night)", "House president"),
]
# (title, kind, how it repeats, starts at, minutes, more): an RCO's program. Every
# program has the first CORE_EVENTS (each kind, and a meeting in Spanish); a larger one
# runs the rest too.
EVENTS = [
    ("All Recovery Meeting", "all_recovery", "weekly", time(18), 90, {}),
    ("SMART Recovery", "support_group", "weekly", time(18, 30), 90, {"pathway": "clinical"}),
    ("Pop-up recovery center", "pop_up", "weekly", time(11), 180, {}),
    ("Family group", "family_group", "monthly", time(18), 90, {}),
    ("Bowling night", "social", "monthly", time(19), 120, {"capacity": 24}),
    ("Stress management", "life_skills", "weekly", time(17, 30), 90,
     {"topic": "stress", "sessions": 6, "complete": 5, "capacity": 15}),
    ("Recovery coach training", "training", "monthly", time(9), 420, {}),
    ("Reunión de Recuperación para Todos", "all_recovery", "weekly", time(19), 90,
     {"language": "es"}),
    ("All Recovery Meeting (morning)", "all_recovery", "weekly", time(10), 60, {}),
    ("Medication-supported recovery group", "support_group", "weekly", time(17), 60,
     {"pathway": "medication"}),
    ("Pop-up recovery center", "pop_up", "biweekly", time(14), 180, {}),
    ("Resume and job skills", "life_skills", "weekly", time(13), 120,
     {"topic": "jobs", "sessions": 4, "complete": 3, "capacity": 12}),
]  # fmt: skip
CORE_EVENTS = 8


def session_table() -> loader.Table:
    return loader.Table(
        Session,
        "organization_id event_id held_on head_count door_count notes recorded_by_id "
        "recorded_at version".split(),
    )


def contact_table() -> loader.Table:
    return loader.Table(
        Contact,
        (
            "organization_id participant_id staff_id kind outcome emotional informational "
            "instrumental affiliational contact_date start_time duration_minutes mode place "
            "created_at version"
        ).split(),
    )


def attendee_table() -> loader.Table:
    return loader.Table(
        Attendee,
        "organization_id session_id participant_id status self_checked_in contact_id "
        "checked_in_at confirmed_by_id confirmed_at".split(),
    )


def hours_table() -> loader.Table:
    return loader.Table(
        VolunteerHours,
        "organization_id person_id worked_on minutes program what source source_key "
        "session_id status reviewed_by_id reviewed_at created_at".split(),
    )


def help_table() -> loader.Table:
    return loader.Table(
        InstrumentalHelp,
        "organization_id kind quantity given_on participant_id contact_id site_id note "
        "logged_by_id created_at".split(),
    )
