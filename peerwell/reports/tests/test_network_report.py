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
    assert ">15<" in body  # Riverside's total
    # Riverside's Spanish (3) is small, and so is what English leaves: both are hidden.
    assert ">12<" not in body and ">3<" not in body and ">not shown<" in body
    assert "fewer than 11" in body and ">4<" not in body  # everything at Harbor
    # No names: funders never see rows.
    assert "Rivera" not in body and "Alex" not in body


def test_funder_cannot_list_participants(as_user, org):
    funder = testing.make_user(org, "funder")
    testing.make_participant(org)
    assert as_user(funder).get(reverse("participant_list")).status_code == 403


def test_a_small_count_cannot_be_worked_out_by_subtraction(as_user, org):
    # The filed example: 153 = 119 + 32 + 2. With 153, 119 and 32 on the page, the 2
    # would follow by subtraction; so the next smallest count is hidden too.
    funder = testing.make_user(org, "funder")
    for language, count in (("en", 119), ("es", 32), ("other", 2)):
        for _ in range(count):
            testing.make_participant(org, language=language)
    response = as_user(funder).get(reverse("network_report"))
    body = response.content.decode()
    assert response.status_code == 200
    assert ">153<" in body and ">119<" in body
    assert ">32<" not in body and ">2<" not in body
    assert body.count(">not shown<") == 2
