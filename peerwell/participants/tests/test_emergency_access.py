"""Emergency access opens a record outside a peer's caseload for an hour, then closes it."""

import html
from datetime import timedelta

import pytest
from django.template.defaultfilters import time as time_filter
from django.urls import reverse
from django.utils import timezone

from peerwell import testing

pytestmark = pytest.mark.django_db

MINUTE = 60


def test_emergency_access_ends_after_its_hour(clock, as_user, org, peer):
    someone_else = testing.make_participant(org)
    record = reverse("participant_detail", args=[someone_else.pk])
    emergency = reverse("participant_emergency", args=[someone_else.pk])
    client = as_user(peer)
    client.post(emergency, {"reason": "Participant called the warm line in distress"})
    # The peer keeps working, so the session never goes idle: only the grant's hour counts.
    for _ in range(5):
        clock.shift(10 * MINUTE)
        assert client.get(record).status_code == 200
    clock.shift(9 * MINUTE)  # 59 minutes after the grant
    assert client.get(record).status_code == 200
    clock.shift(2 * MINUTE)  # 61 minutes
    response = client.get(record)
    assert response.status_code == 302
    assert response["Location"] == emergency


REASON = "Participant called the warm line in distress; their peer is on leave"


def banner(response) -> str:
    body = html.unescape(response.content.decode())
    if "pw-emergency-banner" not in body:
        return ""
    return " ".join(body.split("pw-emergency-banner", 1)[1].split("</section>", 1)[0].split())


def test_every_page_of_the_record_says_emergency_access_is_open_until_when(
    clock, as_user, org, peer, participant
):
    someone_else = testing.make_participant(org, first_name="Marisol", last_name="Quintero")
    client = as_user(peer)
    opened = client.post(
        reverse("participant_emergency", args=[someone_else.pk]), {"reason": REASON}, follow=True
    )
    ends = time_filter(timezone.localtime(timezone.now() + timedelta(hours=1)), "TIME_FORMAT")
    said = banner(opened)
    assert "You opened the record of Marisol Quintero" in said and f"It ends at {ends}." in said
    assert REASON in said
    for name in ("consent_list", "log_contact", "participant_history", "disclosure_accounting"):
        assert REASON in banner(client.get(reverse(name, args=[someone_else.pk]))), name
    # Their own caseload's records, and pages that are no record, carry no banner.
    assert banner(client.get(reverse("participant_detail", args=[participant.pk]))) == ""
    assert banner(client.get(reverse("caseload"))) == ""
    for _ in range(7):  # still working, so the session never goes idle
        clock.shift(9 * MINUTE)
        client.get(reverse("caseload"))
    after = client.get(reverse("participant_emergency", args=[someone_else.pk]))
    assert after.status_code == 200 and banner(after) == ""


def test_a_family_members_page_shows_the_banner_for_the_record_opened(
    as_user, org, peer, supervisor
):
    someone_else = testing.make_participant(org, first_name="Marisol", last_name="Quintero")
    member = testing.make_family_member(someone_else)
    client = as_user(peer)
    client.post(reverse("participant_emergency", args=[someone_else.pk]), {"reason": REASON})
    assert "Marisol Quintero" in banner(client.get(reverse("family_member", args=[member.pk])))
    # A supervisor opens any record of the organization: no emergency access, no banner.
    page = as_user(supervisor).get(reverse("participant_detail", args=[someone_else.pk]))
    assert page.status_code == 200 and banner(page) == ""


def test_the_banner_shows_the_latest_reason_given(as_user, org, peer):
    someone_else = testing.make_participant(org)
    client = as_user(peer)
    door = reverse("participant_emergency", args=[someone_else.pk])
    client.post(door, {"reason": "First call about housing"})
    client.post(door, {"reason": "Second call, now about a crisis"})
    said = banner(client.get(reverse("participant_detail", args=[someone_else.pk])))
    assert "Second call, now about a crisis" in said and "First call" not in said


def test_supervisors_see_who_used_emergency_access_to_whose_record_and_why(
    as_user, org, other_org, peer, supervisor
):
    someone_else = testing.make_participant(org, first_name="Marisol", last_name="Quintero")
    as_user(peer).post(reverse("participant_emergency", args=[someone_else.pk]), {"reason": REASON})
    stranger = testing.make_user(other_org, "peer", full_name="Far Away")
    elsewhere = testing.make_participant(other_org, first_name="Lee", last_name="Stone")
    as_user(stranger).post(
        reverse("participant_emergency", args=[elsewhere.pk]), {"reason": "Elsewhere"}
    )
    page = as_user(supervisor).get(reverse("emergency_accesses"))
    body = html.unescape(page.content.decode())
    row = " ".join(body.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split())
    assert peer.full_name in row and "Marisol Quintero" in row and REASON in row
    trail = reverse("audit_list") + f"?participant={someone_else.pk}"
    assert f'href="{trail}"' in body
    assert "Far Away" not in body and "Lee Stone" not in body and "Elsewhere" not in row
    # The audit trail page leads there.
    assert (
        reverse("emergency_accesses")
        in as_user(supervisor).get(reverse("audit_list")).content.decode()
    )


def test_the_list_of_emergency_accesses_is_for_supervisors_and_admins(as_user, peer, admin):
    assert as_user(peer).get(reverse("emergency_accesses")).status_code == 403
    assert as_user(admin).get(reverse("emergency_accesses")).status_code == 200
