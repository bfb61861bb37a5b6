"""The list of text replies a peer reads, and "Mark as read"."""

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.messaging.models import InboundMessage

_sids = iter(range(1, 10_000))


def reply(participant, reader, body="Can someone call me after work?", **fields):
    fields.setdefault("kind", "other")
    return InboundMessage.objects.create(
        organization=participant.organization,
        from_number=str(participant.phone),
        to_number="+12155550100",
        body=body,
        provider_id=f"SM{next(_sids)}",
        participant=participant,
        for_user=reader,
        **fields,
    )


def test_a_peer_sees_their_unread_replies_with_the_persons_name(as_user, peer, participant):
    reply(participant, peer, body="Rough week, can we talk?")
    page = as_user(peer).get("/messages/")
    assert page.status_code == 200
    assert "Rough week, can we talk?" in page.content.decode()
    assert participant.display_name in page.content.decode()
    assert f"/participants/{participant.pk}/" in page.content.decode()


def test_replies_for_someone_else_ratings_and_read_ones_are_not_listed(
    as_user, org, peer, participant
):
    colleague = testing.make_user(org, "peer")
    reply(participant, colleague, body="For the colleague")
    reply(participant, peer, body="Already read", read_at="2026-11-01T10:00Z")
    reply(participant, peer, body="4", kind="rating")
    page = as_user(peer).get("/messages/").content.decode()
    assert "For the colleague" not in page and "Already read" not in page
    assert "No texts to read" in page


def test_showing_the_list_is_audited_naming_each_participant(as_user, org, peer, participant):
    other = testing.make_participant(org)  # not on the peer's caseload: the reply is theirs
    reply(participant, peer)
    reply(other, peer)
    as_user(peer).get("/messages/")
    named = set(
        AuditEntry.objects.filter(actor=peer, action="view").values_list(
            "participant_id", flat=True
        )
    )
    assert named == {participant.pk, other.pk}


def test_mark_as_read_takes_it_off_the_list(as_user, peer, participant):
    text = reply(participant, peer, body="Thanks for the call")
    client = as_user(peer)
    response = client.post(f"/messages/{text.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/messages/"
    text.refresh_from_db()
    assert text.read_at is not None
    assert "Thanks for the call" not in client.get("/messages/").content.decode()
    assert AuditEntry.objects.filter(
        actor=peer, action="update", participant=participant, fields=["read_at"]
    ).exists()


def test_a_peer_outside_the_caseload_cannot_mark_a_colleagues_reply(
    as_user, org, peer, participant
):
    text = reply(participant, peer)
    outsider = testing.make_user(org, "peer")
    response = as_user(outsider).post(f"/messages/{text.pk}/read/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/participants/{participant.pk}/emergency/")
    text.refresh_from_db()
    assert text.read_at is None


def test_another_organizations_reply_is_404(as_user, other_org, peer):
    theirs = testing.make_participant(other_org)
    text = reply(theirs, testing.make_user(other_org, "peer"))
    assert as_user(peer).post(f"/messages/{text.pk}/read/").status_code == 404


def test_volunteers_have_no_texts_to_read(as_user, org):
    assert as_user(testing.make_user(org, "volunteer")).get("/messages/").status_code == 403
