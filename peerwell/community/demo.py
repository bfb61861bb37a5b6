"""The demo organization's community week (`peerwell demo`): the recovery center, two
partner sites and two van stops, with weekly meetings (one in Spanish), a support group,
a Tuesday pop-up, a monthly family group, the van every other week, a six-session class,
a Saturday social, one date cancelled and one moved. So the public schedule and its
feeds are not empty on first run.

Fixed names and get_or_create: loading twice changes nothing. Dates are counted from the
day the demo is first loaded, so the series are running and the exceptions are upcoming."""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Event, EventChange, Site, Van
from .recurrence import build_rule, event_dates

# Newark, New Jersey: the demo's town (its ZIP codes are in the "near me" table).
SITES = [
    {
        "name": "Harbor Recovery Community Center",
        "kind": "center",
        "street": "60 Park Place",
        "city": "Newark",
        "postal_code": "07102",
        "latitude": 40.7370,
        "longitude": -74.1689,
        "accessibility_notes": "Step-free entrance and an elevator to the second floor.",
    },
    {
        "name": "St. Columba's Church Hall",
        "kind": "partner",
        "street": "40 Pennsylvania Avenue",
        "city": "Newark",
        "postal_code": "07114",
        "latitude": 40.7225,
        "longitude": -74.1796,
        "partner_contact": "Rev. Ana Ortiz",
        "partner_phone": "(973) 555-0142",
        "agreement_note": "Hall on Tuesdays 11 to 3 and Thursday evenings; we set up and clean.",
        "accessibility_notes": "Ramp at the side door on Pennsylvania Avenue.",
    },
    {
        "name": "Newark Public Library, North Branch",
        "kind": "partner",
        "street": "722 Summer Avenue",
        "city": "Newark",
        "postal_code": "07104",
        "latitude": 40.7714,
        "longitude": -74.1665,
        "partner_contact": "Marcus Lee, branch manager",
        "partner_phone": "(973) 555-0187",
        "agreement_note": "Community room on the first Thursday evening of each month.",
        "accessibility_notes": "Step-free; accessible restrooms on the ground floor.",
    },
    {
        "name": "Van stop: Military Park",
        "kind": "van_stop",
        "street": "Park Place and Broad Street",
        "city": "Newark",
        "postal_code": "07102",
        "latitude": 40.7389,
        "longitude": -74.1709,
    },
    {
        "name": "Van stop: Lincoln Park",
        "kind": "van_stop",
        "street": "Lincoln Park and Broad Street",
        "city": "Newark",
        "postal_code": "07102",
        "latitude": 40.7302,
        "longitude": -74.1739,
    },
]
VAN = "Recovery on the Road van"
CENTER, CHURCH, LIBRARY, MILITARY_PARK, LINCOLN_PARK = (s["name"] for s in SITES)


def _weekday_on_or_after(day, weekday: int):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def events(start) -> list[dict]:
    """The demo's events, their series started in the week before `start` (a Monday)."""
    earlier = start - timedelta(days=7)
    mon, tue, wed, thu, fri, sat = (earlier + timedelta(days=n) for n in range(6))
    first_thursday = _weekday_on_or_after(earlier.replace(day=1), 3)
    return [
        dict(
            title="All Recovery Meeting",
            kind="all_recovery",
            site=CENTER,
            first_date=mon,
            starts_at=time(18),
            ends_at=time(19, 30),
            repeat="weekly",
            description="Every pathway to recovery is welcome. Coffee from 5:30.",
        ),
        dict(
            title="Reunión de Recuperación para Todos",
            kind="all_recovery",
            site=CENTER,
            first_date=wed,
            starts_at=time(18),
            ends_at=time(19, 30),
            repeat="weekly",
            language="es",
            description="Todas las vías de recuperación son bienvenidas.",
        ),
        dict(
            title="SMART Recovery and 12-step support group",
            kind="support_group",
            site=CHURCH,
            first_date=thu,
            starts_at=time(19),
            ends_at=time(20, 30),
            repeat="weekly",
            description="Tools from SMART Recovery and the Twelve Steps, side by side.",
        ),
        dict(
            title="Pop-up recovery center",
            kind="pop_up",
            site=CHURCH,
            first_date=tue,
            starts_at=time(11),
            ends_at=time(15),
            repeat="weekly",
            language="en_es",
            description="Drop in: talk with a peer, naloxone, rides, clothing closet.",
        ),
        dict(
            title="Family group",
            kind="family_group",
            site=LIBRARY,
            first_date=first_thursday,
            starts_at=time(18, 30),
            ends_at=time(20),
            repeat="monthly",
            description="For family and friends of people in recovery.",
        ),
        dict(
            title="Recovery van at Military Park",
            kind="pop_up",
            site=MILITARY_PARK,
            first_date=fri,
            starts_at=time(10),
            ends_at=time(13),
            repeat="biweekly",
            van=True,
        ),
        dict(
            title="Recovery van at Lincoln Park",
            kind="pop_up",
            site=LINCOLN_PARK,
            first_date=fri + timedelta(days=7),
            starts_at=time(10),
            ends_at=time(13),
            repeat="biweekly",
            van=True,
        ),
        dict(
            title="Stress management (6 sessions)",
            kind="life_skills",
            life_skill="stress",
            site=CENTER,
            first_date=tue + timedelta(days=7),
            starts_at=time(17),
            ends_at=time(18, 30),
            repeat="weekly",
            count=6,
            sessions_to_complete=5,
            capacity=15,
            description="Six weekly sessions; come to five to complete the class.",
        ),
        dict(
            title="Saturday social: bowling",
            kind="social",
            site=CENTER,
            first_date=sat,
            starts_at=time(14),
            ends_at=time(16),
            repeat="weekly",
            description="Alcohol- and drug-free fun. We meet at the center and go together.",
        ),
    ]


@transaction.atomic
def load_demo_community(org, *, facilitator=None, today=None) -> None:
    """The demo's sites, van and events for `org`; nothing changes when they are there."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    sites = {}
    for fields in SITES:
        fields = dict(fields)
        name = fields.pop("name")
        sites[name], _ = Site.objects.get_or_create(organization=org, name=name, defaults=fields)
    van, _ = Van.objects.get_or_create(organization=org, name=VAN)
    made = {}
    for fields in events(monday):
        fields = dict(fields)
        title = fields.pop("title")
        first = fields["first_date"]
        if fields["repeat"] in ("weekly", "biweekly") and not fields.get("count"):
            # Running for a season already, so the demo has weeks of attendance behind it
            # (a class starts afresh; an even number of weeks keeps every other week on
            # the same weeks).
            first -= timedelta(weeks=12)
            fields["first_date"] = first
        fields["rule"] = build_rule(fields.pop("repeat"), first, count=fields.pop("count", None))
        fields["site"] = sites[fields["site"]]
        fields["van"] = van if fields.pop("van", False) else None
        fields["facilitator"] = facilitator
        event, created = Event.objects.get_or_create(organization=org, title=title, defaults=fields)
        if created:
            made[title] = event
    # One date cancelled for a holiday, one moved: the next ones within the two weeks the
    # public page shows, made only with their events, so a second load adds none.
    if group := made.get("SMART Recovery and 12-step support group"):
        day = event_dates(group, today + timedelta(days=1), today + timedelta(days=13))[0]
        EventChange.objects.create(
            organization=org,
            event=group,
            original_date=day,
            cancelled=True,
            note="Holiday: the hall is closed",
            changed_by=facilitator,
        )
    if meeting := made.get("All Recovery Meeting"):
        day = event_dates(meeting, today + timedelta(days=1), today + timedelta(days=13))[0]
        EventChange.objects.create(
            organization=org,
            event=meeting,
            original_date=day,
            new_date=day + timedelta(days=1),
            new_starts_at=time(18),
            new_ends_at=time(19, 30),
            note="The room is in use that evening",
            changed_by=facilitator,
        )
