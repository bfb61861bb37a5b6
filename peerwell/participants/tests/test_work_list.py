"""'My caseload' is a work list: filter by status, sort by urgency and by last contact,
flag the people nobody has reached, call with one tap."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db


def names_in_order(body: str) -> list[str]:
    """The participants' names as the rows list them, top to bottom."""
    return re.findall(r'<th scope="row"><a class="usa-link" href="[^"]+">([^<]+)</a>', body)


def person(org, peer, last_name, *, enrolled_days_ago=60, **fields):
    return testing.make_participant(
        org,
        assigned_peer=peer,
        first_name="Sam",
        last_name=last_name,
        created_at=timezone.now() - timedelta(days=enrolled_days_ago),
        **fields,
    )


def contacted(participant, peer, days_ago):
    testing.make_contact(
        participant, peer, contact_date=timezone.localdate() - timedelta(days=days_ago)
    )


def test_discharged_people_leave_my_caseload_unless_the_filter_asks(as_user, org, peer):
    person(org, peer, "Active")
    person(org, peer, "Resting", status="inactive")
    person(org, peer, "Gone", status="discharged")
    client = as_user(peer)

    body = client.get(reverse("caseload")).content.decode()
    assert names_in_order(body) == ["Active, Sam", "Resting, Sam"]
    assert "2 participants" in body
    assert ">Inactive</td>" in body

    body = client.get(reverse("caseload"), {"status": "discharged"}).content.decode()
    assert names_in_order(body) == ["Gone, Sam"]
    assert ">Discharged</td>" in body
    assert '<option value="discharged" selected>' in body

    body = client.get(reverse("caseload"), {"status": "all"}).content.decode()
    assert names_in_order(body) == ["Active, Sam", "Gone, Sam", "Resting, Sam"]


def test_all_participants_shows_everyone_by_default(as_user, org, supervisor, peer):
    person(org, peer, "Active")
    person(org, peer, "Gone", status="discharged")
    body = as_user(supervisor).get(reverse("participant_list")).content.decode()
    assert names_in_order(body) == ["Active, Sam", "Gone, Sam"]


def test_sorts_by_last_contact_both_ways(as_user, org, peer):
    recent, old, never = (person(org, peer, n) for n in ("Recent", "Old", "Never"))
    contacted(recent, peer, 2)
    contacted(old, peer, 40)
    contacted(old, peer, 30)  # the latest contact counts
    client = as_user(peer)

    body = client.get(reverse("caseload"), {"sort": "last_contact"}).content.decode()
    assert names_in_order(body) == ["Never, Sam", "Old, Sam", "Recent, Sam"]
    header = '<th scope="col" aria-sort="ascending"><a class="usa-link pw-sort" href="{}">'
    assert header.format("?status=current&amp;sort=-last_contact") + "Last contact" in body

    body = client.get(reverse("caseload"), {"sort": "-last_contact"}).content.decode()
    assert names_in_order(body) == ["Recent, Sam", "Old, Sam", "Never, Sam"]
    assert body.count("aria-sort=") == 1 and 'aria-sort="descending"' in body


def test_most_urgent_first_puts_overdue_follow_ups_on_top(as_user, org, peer):
    today = timezone.localdate()
    soon, overdue, quiet, fresh = (
        person(org, peer, n) for n in ("Soon", "Overdue", "Quiet", "Fresh")
    )
    testing.make_follow_up(peer, participant=soon, due_date=today + timedelta(days=3))
    testing.make_follow_up(peer, participant=overdue, due_date=today - timedelta(days=5))
    contacted(quiet, peer, 50)  # no follow-up: longest without contact comes next
    contacted(fresh, peer, 1)

    body = as_user(peer).get(reverse("caseload"), {"sort": "follow_up"}).content.decode()
    assert names_in_order(body) == ["Overdue, Sam", "Soon, Sam", "Quiet, Sam", "Fresh, Sam"]
    assert "overdue</span>" in body
    body = as_user(peer).get(reverse("caseload"), {"sort": "-follow_up"}).content.decode()
    assert names_in_order(body)[:2] == ["Soon, Sam", "Overdue, Sam"]


def test_an_unknown_sort_or_status_falls_back_to_the_defaults(as_user, org, peer):
    person(org, peer, "Beta")
    person(org, peer, "Alpha")
    person(org, peer, "Gone", status="discharged")
    response = as_user(peer).get(reverse("caseload"), {"sort": "drop table", "status": "x"})
    assert response.status_code == 200
    assert names_in_order(response.content.decode()) == ["Alpha, Sam", "Beta, Sam"]


def test_people_nobody_has_reached_are_flagged_in_words(as_user, org, peer):
    person(org, peer, "Newcomer", enrolled_days_ago=3)
    person(org, peer, "Forgotten", enrolled_days_ago=60)
    reached = person(org, peer, "Reached", enrolled_days_ago=3)
    contacted(reached, peer, 1)
    person(org, peer, "Resting", status="inactive")
    body = as_user(peer).get(reverse("caseload"), {"status": "all"}).content.decode()
    rows = dict(zip(names_in_order(body), body.split('<th scope="row">')[1:], strict=True))
    assert "no contact yet" in rows["Newcomer, Sam"]
    assert "no contact in 14 days" not in rows["Newcomer, Sam"]
    assert "no contact in 14 days" in rows["Forgotten, Sam"]
    assert "no contact" not in rows["Reached, Sam"]
    assert "no contact" not in rows["Resting, Sam"]  # not active: no longer on the work list


def test_phone_numbers_are_tel_links_and_dates_carry_labels(as_user, org, peer):
    reached = person(org, peer, "Reached", phone="+12155550142")
    contacted(reached, peer, 1)
    body = as_user(peer).get(reverse("caseload")).content.decode()
    assert '<a class="usa-link" href="tel:+12155550142">(215) 555-0142</a>' in body
    assert '<span class="pw-cell-label">Last contact: </span>' in body


def test_pages_keep_the_filter_and_the_sort(as_user, org, peer):
    for n in range(26):
        person(org, peer, f"Person{n:02}")
    body = as_user(peer).get(reverse("caseload"), {"sort": "-name"}).content.decode()
    assert names_in_order(body)[0] == "Person25, Sam"
    assert 'href="?status=current&amp;sort=-name&amp;page=2"' in body


def test_sorted_pages_issue_the_same_queries_however_long_the_caseload(
    as_user, org, peer, django_assert_max_num_queries
):
    client = as_user(peer)
    participant = person(org, peer, "First")
    contacted(participant, peer, 3)
    url = reverse("caseload") + "?sort=follow_up"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    for n in range(30):
        more = person(org, peer, f"More{n}")
        contacted(more, peer, n)
        testing.make_follow_up(peer, participant=more)
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200
    assert Participant.objects.count() == 31
