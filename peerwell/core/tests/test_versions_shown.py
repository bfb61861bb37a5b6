"""How an earlier version reads on a history page: each field by its label, choices by
theirs, staff by name, a drawing as its image, yes or no, and a field since removed as
it was stored."""

import json

import pytest

from peerwell.participants.models import ParticipantVersion

pytestmark = pytest.mark.django_db


def test_earlier_values_read_as_people_wrote_them(org, peer):
    version = ParticipantVersion(
        previous_values=json.dumps(
            {
                "old_intake_code": "A-7",  # a field the record no longer has
                "assigned_peer": peer.pk,
                "services_consent_witness": 999999,  # nobody this user can see
                "language": "es",
                "stage": "",
                "may_call": True,
                "may_text": False,
                "services_consent_drawing": "M10 10L20 20L30 10",
            }
        )
    )
    items = version.previous_items({peer.pk: peer.full_name})
    labels = [label for label, _ in items]
    values = dict(items)
    assert labels[:2] == ["old_intake_code", "Assigned peer specialist"]
    assert values["old_intake_code"] == "A-7"
    assert values["Assigned peer specialist"] == peer.full_name
    assert values["Services consent witness"] == 999999
    assert (values["Preferred language"], values["Stage relative to treatment"]) == ("Spanish", "")
    assert (values["May call"], values["May text"]) == ("Yes", "No")
    drawing = values["Drawn signature"]
    assert drawing.startswith('<svg class="pw-signature-image"')
    assert 'aria-label="Drawn signature"' in drawing and 'd="M10 10L20 20L30 10"' in drawing
    assert version.staff_ids() == {peer.pk, 999999}


def test_a_version_with_no_stored_values_shows_none():
    assert ParticipantVersion(previous_values="").previous_items() == []
