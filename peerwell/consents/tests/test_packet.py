"""The information sent with a disclosure: exactly what the disclosure names."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwell import testing

pytestmark = pytest.mark.django_db

RECIPIENT = "Riverside Housing Authority"
ADDRESS = "12 Juniper Lane, Apt 4"
NOTE = "Talked through the housing interview; nervous but ready."


@pytest.fixture
def record(participant, peer):
    participant.address = ADDRESS
    participant.email = "alex@example.org"
    participant.save()
    testing.make_contact(participant, peer, notes=NOTE, duration_minutes=45, kind="coaching")
    testing.make_contact(participant, peer, contact_date=date(2026, 10, 5), informational=True)
    return participant


def disclose(client, participant, information, recipient=RECIPIENT):
    return client.post(
        reverse("disclose", args=[participant.pk]),
        {"recipient": recipient, "information": information, "purpose": "Housing application"},
        follow=True,
    )


def test_contact_details_go_without_the_service_log(as_user, peer, record):
    testing.make_consent(record, witnessed_by=peer, information="contact")
    body = disclose(as_user(peer), record, ["contact"]).content.decode()
    assert ADDRESS in body and "alex@example.org" in body
    assert "(215) 555-0123" in body
    assert "Service log summary" not in body
    assert NOTE not in body


def test_service_log_summary_counts_services_without_notes_or_address(as_user, peer, record):
    testing.make_consent(record, witnessed_by=peer, information="service_log")
    body = disclose(as_user(peer), record, ["service_log"]).content.decode()
    assert "Service log summary" in body
    # Two services, one hour in all; counted by kind and by kind of support.
    assert "<dd>2</dd>" in body and "<dd>1.0</dd>" in body
    assert "Recovery coaching" in body and "Emotional: 2" in body and "Informational: 1" in body
    assert NOTE not in body
    assert ADDRESS not in body


def test_whole_record_sends_the_notes_and_status_history(as_user, peer, record):
    testing.make_consent(record, witnessed_by=peer, information="whole_record")
    body = disclose(as_user(peer), record, ["whole_record"]).content.decode()
    assert ADDRESS in body and NOTE in body
    assert "Enrollment and status" in body
    # Parts of the record Peerwell does not keep yet say so instead of going out blank.
    assert "Assessments" in body and "Peerwell holds none for this participant." in body
    assert "Wellness plan" in body and "No wellness plan recorded." in body


def test_a_refused_disclosure_shows_none_of_the_record(as_user, peer, record):
    testing.make_consent(record, witnessed_by=peer, information="contact")
    body = disclose(as_user(peer), record, ["contact"], recipient="Harbor County Court")
    assert ADDRESS not in body.content.decode()


def test_emergency_disclosure_carries_what_it_names(as_user, peer, record):
    response = as_user(peer).post(
        reverse("disclose_emergency", args=[record.pk]),
        {
            "recipient": "St. Mary's Emergency Department",
            "information": ["contact"],
            "nature": "Unresponsive at the drop-in center.",
        },
        follow=True,
    )
    body = response.content.decode()
    assert ADDRESS in body and "42 CFR part 2" in body
    assert NOTE not in body


def test_the_packet_takes_the_same_queries_however_long_the_history(as_user, peer, record):
    testing.make_consent(record, witnessed_by=peer, information="whole_record")
    client = as_user(peer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = disclose(client, record, ["whole_record"])
        assert response.status_code == 200
        return len(queries)

    short = count()
    for day in range(1, 29):
        testing.make_contact(record, peer, contact_date=date(2026, 9, day))
    assert count() == short
