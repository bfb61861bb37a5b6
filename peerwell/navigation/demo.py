"""The demo's directory (`peerwell demo`, `make run`): the real statewide lines that New
Jersey's peer recovery pages name, each marked "verify before use", and a few dozen
synthetic local services in the Newark, Trenton and Camden areas, one for every need in
each, with weekly hours, English and Spanish, and the "Peerwell needs" taxonomy.

Every row has a fixed UUID (uuid5 of a name), so loading twice changes nothing."""

import uuid
from dataclasses import dataclass, field, replace
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from . import zipcodes
from .models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    LocationType,
    Need,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .opening import refresh_open_periods

NAMESPACE = uuid.UUID("6f3e4a52-8a1e-4d36-9a57-2d1c3e0b9f11")
NEEDS_TAXONOMY = "Peerwell needs"  # the same name as testing.need_term's
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
VERIFY_NOTE = (
    "A statewide line listed on New Jersey's peer recovery pages. Check the number and "
    "hours with the provider before you give them to someone: verify before use."
)


def demo_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    organization: str
    description: str
    needs: tuple[str, ...]
    phone: str = ""
    website: str = ""
    # (byday, opens, closes, in words); opens == closes == midnight: all day.
    hours: tuple = (EVERY_DAY, time(0), time(0), "Open 24 hours, every day")
    languages: tuple[str, ...] = ("en", "es")
    zip_code: str = ""
    street: str = ""
    city: str = ""
    verify_before_use: bool = False
    verified_days_ago: int | None = None
    extra: dict = field(default_factory=dict)


# The phone numbers are the published statewide numbers as we know them. They MUST be
# verified with each provider before a deployment relies on them: every one of these
# entries is marked "verify before use" on every page. Where we were not sure of a
# number, the entry gives only its website.
STATEWIDE = [
    Entry(
        "988",
        "988 Suicide & Crisis Lifeline",
        "988 Suicide & Crisis Lifeline",
        "Call or text 988, or chat at 988lifeline.org, for someone to talk to in a suicidal, "
        "mental health or substance use crisis. " + VERIFY_NOTE,
        (Need.MENTAL_HEALTH, Need.TREATMENT),
        phone="988",
        website="https://988lifeline.org/",
    ),
    Entry(
        "nj-mental-health-cares",
        "New Jersey Mental Health Cares hotline",
        "New Jersey Mental Health Cares",
        "The state's behavioral health information and referral line: help finding mental "
        "health services and support. " + VERIFY_NOTE,
        (Need.MENTAL_HEALTH,),
        phone="1-866-202-4357",
        website="https://www.njmentalhealthcares.org/",
        hours=(WEEKDAYS, time(8), time(20), "Weekdays 8 a.m. to 8 p.m."),
    ),
    Entry(
        "reachnj",
        "ReachNJ addiction help line",
        "ReachNJ",
        "New Jersey's addiction help line: talk with a recovery specialist and get "
        "connected to treatment, whatever your insurance. " + VERIFY_NOTE,
        (Need.TREATMENT, Need.RECOVERY_HOUSING),
        phone="1-844-732-2465",
        website="https://www.reachnj.gov/",
    ),
    Entry(
        "peer-recovery-warm-line",
        "Peer Recovery Warm Line",
        "Peer Recovery Warm Line",
        "Talk with a peer in recovery, any time, before things become a crisis. " + VERIFY_NOTE,
        (Need.MENTAL_HEALTH, Need.TREATMENT, Need.OTHER),
        phone="1-877-292-5588",
    ),
    Entry(
        "nj-housing-resource-center",
        "New Jersey Housing Resource Center",
        "New Jersey Housing and Mortgage Finance Agency",
        "A free statewide listing of affordable and accessible rental housing, searchable "
        "online. " + VERIFY_NOTE,
        (Need.HOUSING,),
        website="https://www.njhousing.gov/",
        hours=("", None, None, "Online at any time"),
        languages=("en",),
    ),
    Entry(
        "nj-familycare",
        "NJ FamilyCare (Medicaid) enrollment",
        "NJ FamilyCare",
        "Apply for New Jersey's publicly funded health insurance (Medicaid and CHIP), or "
        "get help with an application. " + VERIFY_NOTE,
        (Need.HEALTH_CARE, Need.BENEFITS),
        phone="1-800-701-0710",
        website="https://njfamilycare.dhs.state.nj.us/",
        hours=(WEEKDAYS, time(8), time(20), "Weekdays 8 a.m. to 8 p.m."),
    ),
]
STATEWIDE = [replace(e, verify_before_use=True) for e in STATEWIDE]

# Synthetic local services: (area, area code, city, ZIPs, streets).
AREAS = [
    (
        "Newark",
        "973",
        "Newark",
        ("07102", "07103", "07104", "07105", "07106", "07107", "07108", "07112", "07114"),
        ("Broad Street", "Market Street", "Springfield Avenue", "Ferry Street", "Clinton Avenue"),
    ),
    (
        "Trenton",
        "609",
        "Trenton",
        ("08608", "08609", "08610", "08611", "08618", "08629", "08638"),
        (
            "East State Street",
            "South Broad Street",
            "Hamilton Avenue",
            "Perry Street",
            "Chambers Street",
        ),
    ),
    (
        "Camden",
        "856",
        "Camden",
        ("08102", "08103", "08104", "08105"),
        ("Broadway", "Federal Street", "Haddon Avenue", "Market Street", "Kaighn Avenue"),
    ),
]
# For each need: (service name after the area's, what it does, hours).
LOCAL = {
    Need.HOUSING: (
        "Housing Help Desk",
        "Help finding a room or apartment, rental assistance and shelter placement.",
    ),
    Need.EMPLOYMENT: (
        "Job Center",
        "Resume help, job leads and interview practice, with second-chance employers.",
    ),
    Need.EDUCATION: (
        "Adult Learning Center",
        "GED and high school equivalency classes, English classes and tutoring.",
    ),
    Need.HEALTH_CARE: (
        "Community Health Center",
        "Primary care on a sliding fee scale, with or without insurance.",
    ),
    Need.MENTAL_HEALTH: (
        "Counseling Center",
        "Counseling and psychiatric care for adults; walk-in hours on weekdays.",
    ),
    Need.TREATMENT: (
        "Outpatient Recovery Program",
        "Outpatient treatment for substance use, including medication for opioid use disorder.",
    ),
    Need.RECOVERY_HOUSING: (
        "Recovery Residence",
        "Sober living homes for people in recovery, with house meetings and peer support.",
    ),
    Need.BENEFITS: (
        "Benefits Enrollment Office",
        "Help applying for SNAP, cash assistance, Medicaid and Social Security.",
    ),
    Need.LEGAL: (
        "Legal Aid Office",
        "Free civil legal help: evictions, expungement, child support and benefits appeals.",
    ),
    Need.CITIZENSHIP: (
        "Reentry Rights Clinic",
        "Voting rights, a driver's license and ID documents again after incarceration.",
    ),
    Need.CHILD_CARE: (
        "Child Care Resource Center",
        "Help finding licensed child care and paying for it with a subsidy.",
    ),
    Need.TRANSPORTATION: (
        "Ride Assistance Program",
        "Rides to medical appointments and reduced-fare bus passes.",
    ),
    Need.FAMILY: (
        "Family Support Center",
        "Support groups and counseling for families of people in recovery.",
    ),
    Need.OTHER: ("Community Food Pantry", "Groceries once a week and hot meals on weekdays."),
}
LOCAL_HOURS = [
    (WEEKDAYS, time(9), time(17), "Weekdays 9 a.m. to 5 p.m."),
    ("MO,WE,FR", time(10), time(18), "Monday, Wednesday and Friday 10 a.m. to 6 p.m."),
    (
        "TU,TH,SA",
        time(8, 30),
        time(16, 30),
        "Tuesday, Thursday and Saturday 8:30 a.m. to 4:30 p.m.",
    ),
    (WEEKDAYS, time(12), time(20), "Weekdays noon to 8 p.m."),
]


def local_entries() -> list[Entry]:
    out = []
    for a, (area, code, city, zips, streets) in enumerate(AREAS):
        for n, (need, (kind, what)) in enumerate(LOCAL.items()):
            i = a * len(LOCAL) + n
            out.append(
                Entry(
                    f"{area}-{need}".lower(),
                    f"{area} {kind}",
                    f"{area} {kind} Inc.",
                    what,
                    (need,),
                    phone=f"{code}-555-01{i % 100:02d}",  # 555-01xx: fictional numbers
                    hours=LOCAL_HOURS[i % len(LOCAL_HOURS)],
                    languages=("en", "es") if i % 3 else ("en",),
                    zip_code=zips[i % len(zips)],
                    street=f"{100 + 7 * i} {streets[i % len(streets)]}",
                    city=city,
                    # Most checked lately; every fourth not for over half a year.
                    verified_days_ago=400 if i % 4 == 3 else 20 + i,
                )
            )
    return out


def need_terms() -> dict[str, TaxonomyTerm]:
    """The "Peerwell needs" taxonomy, one term per need (term code == Need value)."""
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=demo_id("taxonomy", NEEDS_TAXONOMY),
        defaults={"name": NEEDS_TAXONOMY, "description": "What a person needs help with."},
    )
    terms = {}
    for need in Need:
        terms[need.value], _ = TaxonomyTerm.objects.update_or_create(
            id=demo_id("term", need.value),
            defaults={
                "taxonomy": taxonomy,
                "taxonomy_name": NEEDS_TAXONOMY,
                "code": need.value,
                "name": str(need.label),
                "description": str(need.label),
            },
        )
    return terms


def _save(entry: Entry, terms: dict, now) -> Service:
    key = entry.key
    org, _ = DirectoryOrganization.objects.update_or_create(
        id=demo_id("organization", key),
        defaults={
            "name": entry.organization,
            "description": entry.description,
            "website": entry.website,
            "verify_before_use": entry.verify_before_use,
        },
    )
    verified_at = None
    if entry.verified_days_ago is not None:
        verified_at = (now - timedelta(days=entry.verified_days_ago)).replace(
            hour=15, minute=0, second=0, microsecond=0
        )
    service, _ = Service.objects.update_or_create(
        id=demo_id("service", key),
        defaults={
            "organization": org,
            "name": entry.name,
            "description": entry.description,
            "url": entry.website,
            "verify_before_use": entry.verify_before_use,
            "verified_at": verified_at,
        },
    )
    at = None
    if entry.zip_code:
        lat, lon = zipcodes.centroid(entry.zip_code)
        location, _ = Location.objects.update_or_create(
            id=demo_id("location", key),
            defaults={
                "organization": org,
                "name": f"{entry.name}, {entry.city}",
                "location_type": LocationType.PHYSICAL,
                "latitude": lat,
                "longitude": lon,
            },
        )
        Address.objects.update_or_create(
            id=demo_id("address", key),
            defaults={
                "location": location,
                "address_1": entry.street,
                "city": entry.city,
                "state_province": "NJ",
                "postal_code": entry.zip_code,
            },
        )
        at, _ = ServiceAtLocation.objects.update_or_create(
            id=demo_id("service-at-location", key),
            defaults={"service": service, "location": location},
        )
    if entry.phone:
        Phone.objects.update_or_create(
            id=demo_id("phone", key),
            defaults={"service": service, "number": entry.phone, "type": "voice"},
        )
    byday, opens, closes, words = entry.hours
    Schedule.objects.update_or_create(
        id=demo_id("schedule", key),
        defaults={
            "service": service,
            "service_at_location": at,
            "freq": "WEEKLY" if byday else "",
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "description": words,
        },
    )
    for code in entry.languages:
        Language.objects.update_or_create(
            id=demo_id("language", key, code),
            defaults={"service": service, "code": code, "name": LANGUAGE_NAMES[code]},
        )
    for need in entry.needs:
        Attribute.objects.update_or_create(
            id=demo_id("attribute", key, need),
            defaults={
                "service": service,
                "link_id": service.id,
                "link_entity": "service",
                "taxonomy_term": terms[str(need)],
            },
        )
    return service


@transaction.atomic
def load_demo_directory(*, now=None) -> list[Service]:
    """Writes (or rewrites in place) the demo directory and its open periods."""
    now = now or timezone.now()
    terms = need_terms()
    services = [_save(entry, terms, now) for entry in [*STATEWIDE, *local_entries()]]
    refresh_open_periods(service_ids=[s.pk for s in services])
    return services
