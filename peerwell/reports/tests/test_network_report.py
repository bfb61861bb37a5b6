import pytest
from django.urls import reverse

from peerwell import testing

pytestmark = pytest.mark.django_db


def test_funder_sees_counts_across_organizations_with_small_counts_suppressed(
    as_user, org, other_org
):
    funder = testing.make_user(org, "funder")
    for _ in range(12):
        testing.make_participant(org, language="en")
    for _ in range(3):
        testing.make_participant(org, language="es")
    for _ in range(4):
        testing.make_participant(other_org, language="en")
    response = as_user(funder).get(reverse("network_report"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Recovery Community" in body and "Harbor CARES" in body
    assert ">15<" in body and ">12<" in body  # totals and English at Riverside
    assert "fewer than 11" in body  # Spanish at Riverside, everything at Harbor
    assert ">3<" not in body and ">4<" not in body
    # No names: funders never see rows.
    assert "Rivera" not in body and "Alex" not in body


def test_funder_cannot_list_participants(as_user, org):
    funder = testing.make_user(org, "funder")
    testing.make_participant(org)
    assert as_user(funder).get(reverse("participant_list")).status_code == 403
