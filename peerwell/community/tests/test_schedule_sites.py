"""Sites and vans through HTTP: made, edited without overwriting a colleague's save,
read by volunteers, refused with plain words."""

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.community import testing as community
from peerwell.community.models import Site, Van

pytestmark = pytest.mark.django_db


def site_data(**changes):
    data = {
        "name": "St. Columba Church hall",
        "kind": "partner",
        "street": "23 Pennsylvania Ave",
        "city": "Newark",
        "state": "NJ",
        "postal_code": "07114",
        "time_zone": "America/New_York",
        "partner_contact": "Rev. Ortiz",
        "partner_phone": "973-555-0142",
        "agreement_note": "Room 2 on Tuesdays.",
        "active": "on",
    }
    data.update(changes)
    return data


def test_a_partner_site_is_made_with_its_zip_centroid(as_user, peer, org):
    client = as_user(peer)
    response = client.post(reverse("community_site_new"), site_data())
    site = Site.objects.get(name="St. Columba Church hall")
    assert response.status_code == 302
    assert response["Location"] == reverse("community_site", args=[site.pk])
    assert site.organization == org
    assert site.latitude == pytest.approx(40.70, abs=0.1)
    assert site.longitude == pytest.approx(-74.17, abs=0.1)
    assert AuditEntry.objects.filter(action="create", model="community.site").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Rev. Ortiz" in page and "Room 2 on Tuesdays." in page


def test_typed_coordinates_are_kept(as_user, peer):
    as_user(peer).post(
        reverse("community_site_new"), site_data(latitude="40.7357", longitude="-74.1724")
    )
    assert Site.objects.get().latitude == 40.7357


def test_a_bad_time_zone_is_refused_with_the_input_kept(as_user, peer):
    response = as_user(peer).post(
        reverse("community_site_new"), site_data(time_zone="Mars/Olympus")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is not a time zone" in body and "Mars/Olympus" in body
    assert not Site.objects.exists()


def test_one_coordinate_alone_is_refused(as_user, peer):
    response = as_user(peer).post(reverse("community_site_new"), site_data(latitude="40.7"))
    assert response.status_code == 200
    assert "Give both the latitude and the longitude" in response.content.decode()


def test_a_second_site_with_the_same_name_is_refused(as_user, peer, org):
    community.make_site(org, name="St. Columba Church hall")
    response = as_user(peer).post(reverse("community_site_new"), site_data())
    assert response.status_code == 200
    assert "Another site already has this name." in response.content.decode()


def test_an_edit_does_not_overwrite_a_colleagues_save(as_user, peer, org):
    site = community.make_site(org)
    client = as_user(peer)
    url = reverse("community_site_edit", args=[site.pk])
    data = site_data(name=site.name, version="1")
    assert client.post(url, {**data, "accessibility_notes": "Ramp"}).status_code == 302
    stale = client.post(url, {**data, "accessibility_notes": "Stairs only"})
    assert stale.status_code == 200
    assert "Someone else saved this" in stale.content.decode()
    site.refresh_from_db()
    assert (site.accessibility_notes, site.version) == ("Ramp", 2)


def test_volunteers_read_sites_but_do_not_edit_them(as_user, org):
    site = community.make_site(org, name="Ironbound library")
    client = as_user(testing.make_user(org, "volunteer"))
    assert "Ironbound library" in client.get(reverse("community_sites")).content.decode()
    assert client.get(reverse("community_site", args=[site.pk])).status_code == 200
    assert client.get(reverse("community_site_new")).status_code == 403
    assert client.get(reverse("community_site_edit", args=[site.pk])).status_code == 404


def test_another_organizations_site_is_not_found(as_user, peer, other_org):
    site = community.make_site(other_org)
    assert as_user(peer).get(reverse("community_site", args=[site.pk])).status_code == 404


def test_a_van_is_added_on_the_list(as_user, supervisor, org):
    client = as_user(supervisor)
    response = client.post(reverse("community_vans"), {"name": "Blue van"})
    assert response.status_code == 302
    assert Van.objects.get().name == "Blue van"
    assert "Blue van" in client.get(reverse("community_vans")).content.decode()
    again = client.post(reverse("community_vans"), {"name": "blue van"})
    assert again.status_code == 200
    assert "There is already a van with this name." in again.content.decode()


def test_a_volunteer_cannot_add_a_van(as_user, org):
    client = as_user(testing.make_user(org, "volunteer"))
    page = client.get(reverse("community_vans")).content.decode()
    assert "Add the van" not in page
    client.post(reverse("community_vans"), {"name": "Sneaky van"})
    assert not Van.objects.exists()
