"""Making a referral from the participant's record and moving it through its statuses,
as a peer sees it on the pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.navigation import actions
from peerwell.navigation.models import Referral, ReferralKind, ReferralStatus
from peerwell.navigation.testing import make_directory_service, make_referral


def new_url(participant):
    return reverse("referral_new", args=[participant.pk])


def page(referral):
    return reverse("referral", args=[referral.pk])


def typed_in(**fields):
    return {
        "provider_name": "Harbor Legal Aid",
        "provider_contact": "973-555-0199",
        "kind": "referral",
        "need": "legal",
        "note": "Needs help with an old fine.",
        "follow_up_days": "7",
        "send": "now",
        **fields,
    }


def test_a_typed_in_provider_sent_now_has_its_follow_up_date(as_user, peer, participant):
    response = as_user(peer).post(new_url(participant), typed_in(warm_handoff="on"))
    referral = Referral.objects.get()
    assert response["Location"] == page(referral)
    assert (referral.provider_name, referral.need, referral.status) == (
        "Harbor Legal Aid",
        "legal",
        ReferralStatus.SENT,
    )
    assert referral.warm_handoff and referral.note == "Needs help with an old fine."
    assert referral.follow_up_on == timezone.localdate() + timedelta(days=7)
    assert AuditEntry.objects.filter(
        action="create", model="navigation.referral", participant=participant
    ).exists()


def test_a_directory_service_is_preselected_with_its_name_and_phone(as_user, peer, participant):
    service = make_directory_service("Harbor House Housing Help")
    client = as_user(peer)
    html = client.get(new_url(participant) + f"?service={service.pk}").content.decode()
    assert "Harbor House Housing Help" in html and "973-555-0100" in html
    client.post(
        new_url(participant) + f"?service={service.pk}",
        {
            "service": str(service.pk),
            "kind": "referral",
            "need": "housing",
            "send": "proposed",
            "follow_up_days": "7",
        },
    )
    referral = Referral.objects.get()
    assert referral.service == service and referral.provider_name == service.name
    assert referral.provider_contact == "973-555-0100"
    assert referral.status == ReferralStatus.PROPOSED and referral.follow_up_on is None


def test_no_provider_comes_back_with_what_was_typed(as_user, peer, participant):
    response = as_user(peer).post(
        new_url(participant), typed_in(provider_name="", note="Kept note")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "type the provider" in body and "Kept note" in body
    assert not Referral.objects.exists()


def test_back_to_treatment_is_always_for_treatment(as_user, peer, participant):
    as_user(peer).post(new_url(participant), typed_in(kind="back-to-treatment", need="housing"))
    referral = Referral.objects.get()
    assert (referral.kind, referral.need) == (ReferralKind.BACK_TO_TREATMENT, "treatment")


def test_from_a_recurrence_escalation_it_is_linked_with_the_time_to_hand_off(
    as_user, peer, participant
):
    raised = timezone.now() - timedelta(hours=5)
    escalation = testing.make_escalation(participant, owner=peer, raised_at=raised)
    client = as_user(peer)
    shown = client.get(reverse("checkins_escalation", args=[escalation.pk])).content.decode()
    assert "Refer back to treatment" in shown
    url = new_url(participant) + f"?escalation={escalation.pk}"
    assert "recurrence flagged" in client.get(url).content.decode()
    client.post(url, typed_in(kind="referral", need="housing", escalation=str(escalation.pk)))
    referral = Referral.objects.get()
    assert referral.escalation == escalation and referral.kind == ReferralKind.BACK_TO_TREATMENT
    assert "5.0 hours from the flag to the hand-off" in client.get(page(referral)).content.decode()


def test_a_crisis_escalation_links_nothing(as_user, peer, participant):
    escalation = testing.make_escalation(participant, owner=peer, kind="crisis")
    as_user(peer).post(new_url(participant) + f"?escalation={escalation.pk}", typed_in())
    assert Referral.objects.get().escalation is None


def move(client, referral, to, **data):
    referral.refresh_from_db()
    return client.post(page(referral), {"to": to, "version": referral.version, **data})


def test_each_status_change_keeps_its_date_and_an_audit_row(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    client = as_user(peer)
    for to in ("sent", "accepted", "completed"):
        response = move(client, referral, to)
        assert response.status_code == 302 and response["Location"] == page(referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.sent_at and referral.accepted_at and referral.closed_at
    assert referral.follow_up_on == timezone.localdate(referral.sent_at) + timedelta(days=7)
    assert AuditEntry.objects.filter(action="update", object_id=str(referral.pk)).count() == 3
    html = client.get(page(referral)).content.decode()
    assert "Status history" in html and "Mark " not in html


def test_declined_keeps_the_reason(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    client = as_user(peer)
    move(client, referral, "sent")
    move(client, referral, "declined", reason="No openings until spring.")
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.reason == "No openings until spring."


def test_not_completed_needs_a_reason(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    client = as_user(peer)
    move(client, referral, "sent")
    response = move(client, referral, "not-completed", reason="")
    assert response.status_code == 200
    assert "Say why it was not completed." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"
    move(client, referral, "not-completed", reason="Moved out of state.")
    referral.refresh_from_db()
    assert referral.status == "not-completed" and referral.closed_at


def test_a_move_the_status_does_not_allow_is_refused(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    client = as_user(peer)
    response = move(client, referral, "completed")
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "cannot be marked completed now: it is proposed" in shown
    referral.refresh_from_db()
    assert referral.status == "proposed" and referral.closed_at is None


def test_a_stale_page_or_a_second_click_never_applies_twice(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    client = as_user(peer)
    stale_version = referral.version
    client.post(page(referral), {"to": "sent", "version": stale_version})
    referral.refresh_from_db()
    sent_at = referral.sent_at
    response = client.post(page(referral), {"to": "sent", "version": stale_version})
    assert "Someone changed this referral" in client.get(response["Location"]).content.decode()
    referral.refresh_from_db()
    assert referral.sent_at == sent_at and referral.version == stale_version + 1


def test_the_action_refuses_a_closed_referral(peer, participant):
    referral = make_referral(participant, by=peer)
    actions.move_referral(by=peer, referral=referral, to="declined", version=referral.version)
    try:
        actions.move_referral(by=peer, referral=referral, to="sent", version=referral.version)
    except actions.ReferralRefused as refused:
        assert "it is declined" in str(refused)
    else:
        raise AssertionError("a declined referral was sent")


def test_the_list_is_newest_first_and_the_record_shows_the_latest(as_user, peer, participant):
    make_referral(
        participant,
        by=peer,
        provider_name="Older Place",
        proposed_at=timezone.now() - timedelta(days=3),
    )
    make_referral(participant, by=peer, provider_name="Newer Place")
    client = as_user(peer)
    html = client.get(reverse("referrals", args=[participant.pk])).content.decode()
    assert html.index("Newer Place") < html.index("Older Place")
    record = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "Newer Place" in record and "New referral" in record
    assert f"/directory/?participant={participant.pk}" in record


def test_a_peer_outside_the_caseload_is_sent_to_emergency_access(as_user, org, participant, peer):
    referral = make_referral(participant, by=peer)
    other = testing.make_user(org, "peer")
    response = as_user(other).get(page(referral))
    assert response.status_code == 302 and "emergency" in response["Location"]


def test_each_status_form_has_its_own_field_ids(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    client = as_user(peer)
    move(client, referral, "sent")
    html = client.get(page(referral)).content.decode()
    # Declined and not completed each ask a reason: two text areas, two labels.
    assert 'id="id_declined_reason"' in html and 'id="id_not-completed_reason"' in html
    assert 'for="id_declined_reason"' in html and html.count('id="id_reason"') == 0


def test_a_malformed_service_id_is_no_service(as_user, peer, participant):
    response = as_user(peer).get(new_url(participant) + "?service=not-a-uuid")
    assert response.status_code == 200
    assert "Find a service in the directory" in response.content.decode()
