import csv
import io

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.actions import record
from peerwell.audit.models import AuditEntry
from peerwell.core.appendonly import AppendOnly

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted_through_the_application(peer):
    entry = record(actor=peer, action="view")
    entry.reason = "edited"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()


def test_supervisor_browses_by_participant_and_by_staff_member(as_user, org, supervisor, peer):
    mine = testing.make_participant(org, assigned_peer=peer)
    other = testing.make_participant(org, assigned_peer=peer)
    peer_client = as_user(peer)
    peer_client.get(reverse("participant_detail", args=[mine.pk]))
    peer_client.get(reverse("participant_detail", args=[other.pk]))
    client = as_user(supervisor)
    by_participant = client.get(reverse("audit_list"), {"participant": mine.pk}).content.decode()
    assert mine.display_name in by_participant and other.display_name not in by_participant
    by_staff = client.get(reverse("audit_list"), {"actor": peer.pk}).content.decode()
    assert mine.display_name in by_staff and other.display_name in by_staff


def test_csv_export_lists_entries_and_is_itself_audited(as_user, supervisor, peer, participant):
    as_user(peer).get(reverse("participant_detail", args=[participant.pk]))
    client = as_user(supervisor)
    response = client.get(reverse("audit_export"), {"participant": participant.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "When"
    assert any(
        r[1] == peer.email and r[2] == "view" and r[5] == str(participant.pk) for r in rows[1:]
    )
    assert AuditEntry.objects.filter(action="export", actor=supervisor).exists()


def test_refused_access_is_recorded(as_user, other_org, peer):
    stranger = testing.make_participant(other_org)
    assert as_user(peer).get(reverse("participant_detail", args=[stranger.pk])).status_code == 404
    entry = AuditEntry.objects.get(action="refused", actor=peer)
    assert entry.detail["pk"] == str(stranger.pk)


def test_supervisors_never_see_another_organizations_trail(as_user, other_org, supervisor):
    outsider = testing.make_user(other_org, "peer")
    record(actor=outsider, action="view", detail={"marker": "elsewhere"})
    body = as_user(supervisor).get(reverse("audit_list")).content.decode()
    assert outsider.full_name not in body


def test_audit_page_query_count_is_fixed(
    as_user, org, supervisor, peer, django_assert_max_num_queries
):
    client = as_user(supervisor)
    for _ in range(3):
        record(actor=peer, action="view", obj=testing.make_participant(org))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("audit_list"))
    for _ in range(40):
        record(actor=peer, action="view", obj=testing.make_participant(org))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("audit_list")).status_code == 200


def test_the_trail_pages_without_counting_every_row(as_user, org, supervisor, peer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peerwell.audit.views import PAGE_SIZE

    participant = testing.make_participant(org, assigned_peer=peer)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organization=org,
            actor=peer,
            action="view",
            model="participants.participant",
            object_id=str(participant.pk),
            participant=participant,
        )
        for _ in range(PAGE_SIZE + 5)
    )
    client = as_user(supervisor)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("audit_list")).content.decode()
    # "Page N of M" counted the whole trail, which grows with every page anyone opens.
    assert not [q for q in queries if "COUNT(" in q["sql"] and "audit_auditentry" in q["sql"]]
    assert "Page 1<" in first and "page=2" in first and "Previous" not in first
    second = client.get(reverse("audit_list") + "?page=2").content.decode()
    assert "Page 2<" in second and "page=1" in second and "page=3" not in second
    # Past the end, or nonsense, shows the newest page.
    assert "Page 1<" in client.get(reverse("audit_list") + "?page=99").content.decode()
    assert "Page 1<" in client.get(reverse("audit_list") + "?page=x").content.decode()
