"""The audit trail as CSV: safe to open in a spreadsheet, and its own audit row records
the filter the server applied, nothing else from the address."""

import csv
import io

import pytest
from django.urls import reverse

from peerwell.audit.actions import record
from peerwell.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def export(client, **query):
    response = client.get(reverse("audit_export"), query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_records_only_the_filter_it_applied(as_user, supervisor, participant):
    client = as_user(supervisor)
    client.get(
        reverse("audit_export"),
        {"evil": "1", "participant": participant.pk, "action": "view", "page": "3"},
    )
    entry = AuditEntry.objects.get(action="export", actor=supervisor)
    assert entry.detail == {
        "what": "audit",
        "filter": {"participant": participant.pk, "action": "view"},
    }


def test_the_export_records_the_staff_member_filtered_on_by_number(as_user, supervisor, peer):
    as_user(supervisor).get(reverse("audit_export"), {"actor": peer.pk})
    entry = AuditEntry.objects.get(action="export", actor=supervisor)
    assert entry.detail == {"what": "audit", "filter": {"actor": peer.pk}}


def test_a_filter_that_is_not_valid_is_recorded_as_none_applied(as_user, supervisor, peer):
    record(actor=peer, action="view")
    record(actor=peer, action="emergency", reason="Crisis call")
    rows = export(as_user(supervisor), participant="five", action="view")
    # Nothing was filtered, so the whole trail was exported and its row says so.
    assert {"view", "emergency"} <= {r[2] for r in rows[1:]}
    entry = AuditEntry.objects.get(action="export", actor=supervisor)
    assert entry.detail == {"what": "audit", "filter": {}}
