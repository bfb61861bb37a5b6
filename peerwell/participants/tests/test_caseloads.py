import re
from datetime import date

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


def test_moving_people_to_the_peer_who_has_them_is_refused_plainly(
    as_user, org, supervisor, peer, participant
):
    response = as_user(supervisor).post(
        reverse("caseloads") + f"?from={peer.pk}",
        {"participants": [participant.pk], "to_peer": peer.pk},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"They are already on {peer.full_name}&#x27;s caseload." in body
    assert Assignment.objects.count() == 0


def test_assigning_the_same_peer_again_is_refused_plainly(as_user, supervisor, peer, participant):
    response = as_user(supervisor).post(
        reverse("participant_assign", args=[participant.pk]), {"assigned_peer": peer.pk}
    )
    assert response.status_code == 200
    assert "Choose another peer specialist." in response.content.decode()
    assert Assignment.objects.count() == 0


def test_the_move_list_shows_language_and_last_contact(as_user, org, supervisor, peer):
    reached = testing.make_participant(org, assigned_peer=peer, last_name="Reached", language="es")
    testing.make_contact(reached, peer, contact_date=date(2026, 3, 4))
    testing.make_participant(org, assigned_peer=peer, last_name="Waiting")
    body = as_user(supervisor).get(reverse("caseloads") + f"?from={peer.pk}").content.decode()
    assert re.search(r"Reached, \w+<span[^>]*>Spanish · Last contact: Mar 4, 2026</span>", body)
    assert re.search(r"Waiting, \w+<span[^>]*>English · Last contact: never</span>", body)


def test_select_all_without_scripts_ticks_every_box(as_user, org, supervisor, peer):
    for _ in range(3):
        testing.make_participant(org, assigned_peer=peer)
    client = as_user(supervisor)
    url = reverse("caseloads") + f"?from={peer.pk}"
    body = client.get(url).content.decode()
    assert body.count('name="participants"') == 3 and " checked" not in body
    assert f'href="?from={peer.pk}&amp;all=1">Select all</a>' in body
    body = client.get(url + "&all=1").content.decode()
    assert body.count("checked") == 3
    assert f'href="?from={peer.pk}">Clear all</a>' in body


@pytest.mark.parametrize(
    ("language", "moving", "message"),
    [
        ("en", 1, "1 participant moved to"),
        ("en", 3, "3 participants moved to"),
        ("es", 1, "1 participante trasladado a"),
        ("es", 3, "3 participantes trasladados a"),
    ],
)
def test_the_move_is_counted_in_words_in_both_languages(
    as_user, org, supervisor, peer, language, moving, message
):
    other_peer = testing.make_user(org, "peer")
    people = [testing.make_participant(org, assigned_peer=peer) for _ in range(moving)]
    client = as_user(supervisor)
    response = client.post(
        reverse("caseloads") + f"?from={peer.pk}",
        {"participants": [p.pk for p in people], "to_peer": other_peer.pk},
        headers={"accept-language": language},
        follow=True,
    )
    assert f"{message} {other_peer.full_name}." in response.content.decode()
