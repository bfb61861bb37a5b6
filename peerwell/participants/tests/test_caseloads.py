import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.participants.models import Assignment

pytestmark = pytest.mark.django_db


def test_supervisor_sees_loads_and_moves_participants(as_user, org, supervisor, peer):
    other_peer = testing.make_user(org, "peer")
    moving = [testing.make_participant(org, assigned_peer=peer) for _ in range(3)]
    client = as_user(supervisor)
    page = client.get(reverse("caseloads")).content.decode()
    assert peer.full_name in page and ">3<" in page
    url = reverse("caseloads") + f"?from={peer.pk}"
    response = client.post(
        url, {"participants": [moving[0].pk, moving[1].pk], "to_peer": other_peer.pk}
    )
    assert response.status_code == 302
    for p in moving:
        p.refresh_from_db()
    assert [p.assigned_peer for p in moving] == [other_peer, other_peer, peer]
    assert Assignment.objects.filter(peer=other_peer).count() == 2


def test_moving_nobody_gets_a_clear_message(as_user, supervisor, peer, participant):
    response = as_user(supervisor).post(
        reverse("caseloads") + f"?from={peer.pk}", {"to_peer": peer.pk}
    )
    assert "Choose at least one participant to move." in response.content.decode()


def test_cannot_move_another_organizations_participant(as_user, other_org, supervisor, peer):
    stranger = testing.make_participant(other_org)
    response = as_user(supervisor).post(
        reverse("caseloads") + f"?from={peer.pk}",
        {"participants": [stranger.pk], "to_peer": peer.pk},
    )
    assert response.status_code == 200
    stranger.refresh_from_db()
    assert stranger.assigned_peer is None


def test_caseloads_page_query_count_is_fixed(
    as_user, org, supervisor, django_assert_max_num_queries
):
    client = as_user(supervisor)
    peer = testing.make_user(org, "peer")
    testing.make_participant(org, assigned_peer=peer)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("caseloads") + f"?from={peer.pk}")
    baseline = len(few.captured_queries)
    for _ in range(5):
        another = testing.make_user(org, "peer")
        testing.make_participant(org, assigned_peer=another)
        testing.make_participant(org, assigned_peer=peer)
    with django_assert_max_num_queries(baseline):
        client.get(reverse("caseloads") + f"?from={peer.pk}")
