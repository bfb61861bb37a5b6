"""Directory entries and referrals for tests and the sweeps. Directory rows are made
directly (they are the deployment's shared data, like an import makes them); a referral
that the actions can make should be made through them once they exist."""

from datetime import time

from django.utils import timezone

from .models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    Need,
    Phone,
    Referral,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

NEEDS_TAXONOMY = "Peerwell needs"


def need_term(need: str) -> TaxonomyTerm:
    """The demo taxonomy's term for a need (made once)."""
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=NEEDS_TAXONOMY, defaults={"description": "What a person needs help with."}
    )
    term, _ = TaxonomyTerm.objects.get_or_create(
        taxonomy=taxonomy,
        code=need,
        defaults={"name": Need(need).label, "description": str(Need(need).label)},
    )
    return term


def make_directory_service(
    name="Harbor House Housing Help",
    *,
    need=Need.HOUSING,
    postal_code="07102",
    latitude=40.7357,
    longitude=-74.1724,
    languages=("en",),
    byday="MO,TU,WE,TH,FR",
    opens_at=time(9),
    closes_at=time(17),
    verified_by=None,
    **fields,
) -> Service:
    """A service with its organization, one physical location (address and phone), a
    weekly schedule, languages and a need."""
    org = DirectoryOrganization.objects.create(
        name=fields.pop("organization_name", f"{name} Inc."),
        description="A provider in the directory.",
    )
    service = Service.objects.create(
        organization=org,
        name=name,
        description=fields.pop("description", "Helps people find and keep a home."),
        verified_at=timezone.now() if verified_by else None,
        verified_by=verified_by,
        **fields,
    )
    location = Location.objects.create(
        organization=org, name=f"{name} office", latitude=latitude, longitude=longitude
    )
    Address.objects.create(
        location=location,
        address_1="1 Broad Street",
        city="Newark",
        state_province="NJ",
        postal_code=postal_code,
    )
    at = ServiceAtLocation.objects.create(service=service, location=location)
    Phone.objects.create(service=service, number="973-555-0100")
    Schedule.objects.create(
        service=service,
        service_at_location=at,
        freq="WEEKLY",
        byday=byday,
        opens_at=opens_at,
        closes_at=closes_at,
        description="Weekdays 9 to 5",
    )
    for code in languages:
        Language.objects.create(
            service=service, code=code, name={"en": "English", "es": "Spanish"}.get(code, code)
        )
    term = need_term(need)
    Attribute.objects.create(
        link_id=service.id, link_entity="service", taxonomy_term=term, service=service
    )
    return service


def make_referral(participant, *, by, service=None, need=Need.HOUSING, **fields) -> Referral:
    """A proposed referral, straight into the table (the actions may replace this)."""
    return Referral.objects.create(
        organization=participant.organization,
        participant=participant,
        service=service,
        provider_name=service.name if service else fields.pop("provider_name", "Harbor House"),
        need=need,
        made_by=by,
        **fields,
    )
