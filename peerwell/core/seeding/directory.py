"""The resource directory at scale for a seed: about one service per ten participants
(never fewer than MIN_SERVICES), so the bench's statewide network of 200,000
participants has 20,000 services. Providers with one or two locations spread over New
Jersey's ZIP code centroids, weekly hours (a few open around the clock), English on
every service and Spanish or another language on many, and one or two needs each from
the "Peerwell needs" taxonomy.

Runs after the rest of the seed, from its own random stream, like plans: the rest of a
seed stays as it was. Ids are uuid5 of the seed, its prefix and a row number, so a seed
is the same every time. Rows go in with bulk_create (HSDS keys are UUIDs, which the
integer-keyed `loader` does not assign)."""

import random
import uuid
from datetime import UTC, datetime, time, timedelta

from peerwell.navigation.demo import need_terms
from peerwell.navigation.models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    Need,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from peerwell.navigation.opening import refresh_open_periods
from peerwell.navigation.zipcodes import nj_centroids

MIN_SERVICES = 300
PARTICIPANTS_PER_SERVICE = 10
BATCH = 2000
NAMESPACE = uuid.UUID("0b8f5f0e-3c55-4c1f-8f0a-6a3b2d1e9c47")

KINDS = {
    Need.HOUSING: ["Housing Help Desk", "Shelter and Housing Services", "Rental Assistance"],
    Need.EMPLOYMENT: ["Job Center", "Workforce Development", "Career Services"],
    Need.EDUCATION: ["Adult Learning Center", "GED Classes", "Literacy Program"],
    Need.HEALTH_CARE: ["Community Health Center", "Family Clinic", "Health Services"],
    Need.MENTAL_HEALTH: ["Counseling Center", "Behavioral Health Services", "Wellness Center"],
    Need.TREATMENT: ["Outpatient Recovery Program", "Addiction Treatment", "Recovery Clinic"],
    Need.RECOVERY_HOUSING: ["Recovery Residence", "Sober Living Home", "Oxford House"],
    Need.BENEFITS: ["Benefits Enrollment Office", "SNAP and Medicaid Help", "Benefits Desk"],
    Need.LEGAL: ["Legal Aid Office", "Tenant Rights Clinic", "Expungement Clinic"],
    Need.CITIZENSHIP: ["Reentry Rights Clinic", "ID and License Restoration", "Reentry Center"],
    Need.CHILD_CARE: ["Child Care Resource Center", "Early Learning Center", "Day Care"],
    Need.TRANSPORTATION: ["Ride Assistance Program", "Community Transit", "Medical Rides"],
    Need.FAMILY: ["Family Support Center", "Parent Support Group", "Family Services"],
    Need.OTHER: ["Community Food Pantry", "Soup Kitchen", "Clothing Closet"],
}
WHAT = {
    Need.HOUSING: "help finding a room or apartment, rental assistance and shelter",
    Need.EMPLOYMENT: "resume help, job leads and interview practice",
    Need.EDUCATION: "high school equivalency, English and computer classes",
    Need.HEALTH_CARE: "primary care on a sliding fee scale",
    Need.MENTAL_HEALTH: "counseling and psychiatric care, with walk-in hours",
    Need.TREATMENT: "outpatient treatment and medication for opioid use disorder",
    Need.RECOVERY_HOUSING: "sober living with house meetings and peer support",
    Need.BENEFITS: "help applying for SNAP, cash assistance and Medicaid",
    Need.LEGAL: "free civil legal help with evictions, expungement and appeals",
    Need.CITIZENSHIP: "restoring voting rights, a driver's license and ID documents",
    Need.CHILD_CARE: "licensed child care and help paying for it",
    Need.TRANSPORTATION: "rides to appointments and reduced-fare bus passes",
    Need.FAMILY: "support groups and counseling for families",
    Need.OTHER: "groceries, hot meals and clothing",
}
OWNERS = ["Community Services", "Outreach", "Alliance", "Partners", "Network", "Mission"]
STREETS = ["Main Street", "Broad Street", "Market Street", "Park Avenue", "Washington Street"]
HOURS = [
    ("MO,TU,WE,TH,FR", time(9), time(17)),
    ("MO,TU,WE,TH,FR", time(8, 30), time(16, 30)),
    ("MO,WE,FR", time(10), time(18)),
    ("TU,TH,SA", time(9), time(15)),
    ("MO,TU,WE,TH,FR", time(12), time(20)),
    ("MO,TU,WE,TH,FR,SA,SU", time(0), time(0)),  # around the clock
]
HOURS_WEIGHTS = [30, 20, 15, 10, 20, 5]
OTHER_LANGUAGES = [
    ("pt", "Portuguese"),
    ("ht", "Haitian Creole"),
    ("pl", "Polish"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("ko", "Korean"),
    ("gu", "Gujarati"),
]
AREA_CODES = ["201", "609", "732", "856", "908", "973"]


def service_count(participants: int) -> int:
    return max(MIN_SERVICES, participants // PARTICIPANTS_PER_SERVICE)


class Ids:
    def __init__(self, prefix: str, seed: int):
        self.base = f"{prefix}/{seed}"

    def __call__(self, kind: str, n) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"{self.base}/{kind}/{n}")


def seed_directory(*, services: int, seed: int, prefix: str, today) -> dict[str, int]:
    """Writes `services` services with their providers, locations, hours, languages and
    needs, then the open periods. Returns rows written per table."""
    if services <= 0:
        return {}
    rng = random.Random(f"directory-{seed}")
    ids = Ids(prefix, seed)
    terms = need_terms()
    places = nj_centroids()
    now = datetime.combine(today, time(12), tzinfo=UTC)
    rows = {name: [] for name in ("orgs", "locations", "addresses", "services", "at", "phones",
                                  "schedules", "languages", "attributes")}  # fmt: skip
    needs = list(KINDS)
    made = 0
    o = 0
    while made < services:
        zip_code, town, lat, lon = rng.choice(places)
        org = DirectoryOrganization(
            id=ids("organization", o),
            name=f"{town} {rng.choice(OWNERS)}",
            description=f"A provider in {town}.",
        )
        rows["orgs"].append(org)
        locations = []
        for k in range(1 if rng.random() < 0.7 else 2):
            location = Location(
                id=ids("location", f"{o}-{k}"),
                organization=org,
                name=f"{org.name}, site {k + 1}",
                latitude=round(lat + rng.uniform(-0.01, 0.01), 6),
                longitude=round(lon + rng.uniform(-0.01, 0.01), 6),
            )
            locations.append(location)
            rows["locations"].append(location)
            rows["addresses"].append(
                Address(
                    id=ids("address", f"{o}-{k}"),
                    location=location,
                    address_1=f"{rng.randint(1, 999)} {rng.choice(STREETS)}",
                    city=town,
                    state_province="NJ",
                    postal_code=zip_code,
                )
            )
        for _ in range(min(rng.randint(2, 6), services - made)):
            _service(rows, ids, rng, made, org, town, locations, needs, terms, now)
            made += 1
        o += 1
    written = {}
    tables = (
        ("organizations", DirectoryOrganization),
        ("locations", Location),
        ("addresses", Address),
        ("services", Service),
        ("services_at_locations", ServiceAtLocation),
        ("phones", Phone),
        ("schedules", Schedule),
        ("languages", Language),
        ("needs", Attribute),
    )
    for (name, model), key in zip(tables, rows, strict=True):
        model.objects.bulk_create(rows[key], batch_size=BATCH)
        written[f"directory_{name}"] = len(rows[key])
    # The seeded services' hours only (a count that does not depend on what else the
    # database holds), a batch of ids at a time: SQLite limits a query's parameters.
    ids = [service.pk for service in rows["services"]]
    written["directory_open_periods"] = sum(
        refresh_open_periods(service_ids=ids[i : i + BATCH], start=today)
        for i in range(0, len(ids), BATCH)
    )
    return written


def _service(rows, ids, rng, n, org, town, locations, needs, terms, now) -> None:
    need = rng.choice(needs)
    kind = rng.choice(KINDS[need])
    service = Service(
        id=ids("service", n),
        organization=org,
        name=f"{town} {kind}",
        description=f"{kind}: {WHAT[need]}.",
    )
    roll = rng.random()
    if roll < 0.6:
        service.verified_at = now - timedelta(days=rng.randint(1, 170))
    elif roll < 0.9:
        service.verified_at = now - timedelta(days=rng.randint(190, 700))
    service.verify_before_use = rng.random() < 0.05
    rows["services"].append(service)
    at = ServiceAtLocation(id=ids("at", n), service=service, location=locations[0])
    rows["at"].append(at)
    if len(locations) > 1 and rng.random() < 0.5:
        rows["at"].append(
            ServiceAtLocation(id=ids("at2", n), service=service, location=locations[1])
        )
    rows["phones"].append(
        Phone(
            id=ids("phone", n),
            service=service,
            number=f"{rng.choice(AREA_CODES)}-555-{rng.randint(100, 199):04d}",
            type="voice",
        )
    )
    byday, opens, closes = rng.choices(HOURS, HOURS_WEIGHTS)[0]
    rows["schedules"].append(
        Schedule(
            id=ids("schedule", n),
            service=service,
            service_at_location=at,
            freq="WEEKLY",
            byday=byday,
            opens_at=opens,
            closes_at=closes,
        )
    )
    if byday == "MO,TU,WE,TH,FR" and rng.random() < 0.2:  # Saturday mornings too
        rows["schedules"].append(
            Schedule(
                id=ids("saturday", n),
                service=service,
                service_at_location=at,
                freq="WEEKLY",
                byday="SA",
                opens_at=time(9),
                closes_at=time(13),
            )
        )
    codes = [("en", "English")]
    if rng.random() < 0.4:
        codes.append(("es", "Spanish"))
    if rng.random() < 0.08:
        codes.append(rng.choice(OTHER_LANGUAGES))
    for code, name in codes:
        rows["languages"].append(
            Language(id=ids(f"language-{code}", n), service=service, code=code, name=name)
        )
    chosen = {need}
    if rng.random() < 0.3:
        chosen.add(rng.choice(needs))
    for other in sorted(chosen):
        rows["attributes"].append(
            Attribute(
                id=ids(f"attribute-{other}", n),
                service=service,
                link_id=service.id,
                link_entity="service",
                taxonomy_term=terms[str(other)],
            )
        )
