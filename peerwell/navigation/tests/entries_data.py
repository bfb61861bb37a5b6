"""A directory with something in every HSDS table the export and the API write: the
entries, API and export tests share it."""

from datetime import date, time

from peerwell.navigation.models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    TaxonomyTerm,
)
from peerwell.navigation.testing import make_directory_service, need_term


def rich_directory():
    """Two services of one organization (one with unmodelled HSDS fields in `more`), a
    second organization with no services but a location, and a child taxonomy term."""
    service = make_directory_service(
        "Harbor House Housing Help",
        eligibility_description="Adults in Essex County.",
        application_process="Call or walk in.",
        fees_description="Free.",
        url="https://harbor.example.org/",
        email="help@harbor.example.org",
        minimum_age=18,
        more={"cost_options": [{"id": "6b1a3c1e-1d43-4c53-9f5c-5a1f3e7f0c11", "option": "Free"}]},
    )
    organization = service.organization
    organization.more = {
        "funding": [{"id": "0c0e9a52-77b3-4f0b-a1a3-7a8f7c6d7e01", "source": "State grant"}]
    }
    organization.website = "https://harbor.example.org/"
    organization.save()
    second = make_directory_service(
        "Harbor House Job Club",
        need="employment",
        languages=("en", "es"),
        byday="TU,TH",
        opens_at=time(18),
        closes_at=time(20),
    )
    # One provider with two services: move the second's rows to the first's.
    old = second.organization
    Service.objects.filter(pk=second.pk).update(organization=organization)
    Location.objects.filter(organization=old).update(organization=organization)
    old.delete()
    phone = service.phones.get()
    Language.objects.create(phone=phone, code="es", name="Spanish")
    lonely = DirectoryOrganization.objects.create(
        name="Quiet Street Legal Aid", description="Free legal help."
    )
    place = Location.objects.create(
        organization=lonely, name="Quiet Street office", latitude=40.74, longitude=-74.17
    )
    Address.objects.create(
        location=place,
        address_1="5 Quiet Street",
        city="Newark",
        state_province="NJ",
        postal_code="07103",
    )
    Phone.objects.create(organization=lonely, number="973-555-0199", extension=12)
    Schedule.objects.create(
        location=place,
        freq="MONTHLY",
        byday="2TU",
        opens_at=time(10),
        closes_at=time(12),
        valid_from=date(2026, 1, 1),
    )
    housing = need_term("housing")
    child = TaxonomyTerm.objects.create(
        name="Emergency shelter",
        description="A bed tonight.",
        parent=housing,
        taxonomy=housing.taxonomy,
        code="housing-shelter",
    )
    Attribute.objects.create(
        link_id=place.id, link_entity="location", taxonomy_term=child, value="beds"
    )
    return service, second, lonely
