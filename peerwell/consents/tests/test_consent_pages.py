"""What each consent page records when it is opened, and what it tells the person after
they act: the audit trail shows every look at a record, and every change is confirmed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.models import Disclosure

pytestmark = pytest.mark.django_db


def views_of(participant):
    return list(
        AuditEntry.objects.filter(action="view", participant=participant)
        .order_by("id")
        .values_list("actor__email", "detail", "path")
    )


def test_opening_each_consent_page_is_audited_once(as_user, peer, participant):
    consent = testing.make_consent(participant, witnessed_by=peer)
    client = as_user(peer)
    pages = [
        (reverse("consent_list", args=[participant.pk]), {"page": "consent_list"}),
        (reverse("consent_new", args=[participant.pk]), {"page": "consent_new"}),
        (
            reverse("consent_revoke", args=[participant.pk, consent.pk]),
            {"page": "consent_revoke"},
        ),
        (reverse("disclose", args=[participant.pk]), {"page": "disclose"}),
        (reverse("disclose_emergency", args=[participant.pk]), {"page": "disclose_emergency"}),
        (
            reverse("disclosure_accounting", args=[participant.pk]),
            {"page": "disclosure_accounting"},
        ),
    ]
    for url, _detail in pages:
        assert client.get(url).status_code == 200
    assert views_of(participant) == [(peer.email, detail, url) for url, detail in pages]


def test_acting_is_confirmed_and_each_opening_is_audited(as_user, peer, participant, org):
    client = as_user(peer)
    new = client.post(
        reverse("consent_new", args=[participant.pk]),
        {
            "disclosing_party": org.name,
            "information": ["contact"],
            "recipient": "Harbor Housing Services",
            "purpose": "Housing application",
            "told_right_to_revoke": "on",
            "revocation_method": "In writing, to the program director.",
            "conditioning": "not_conditioned",
            "expiry_event": "When the application is decided",
            "signature": "Alex Rivera",
            "signed_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert new.redirect_chain[0][0] == reverse("consent_list", args=[participant.pk])
    assert "Consent recorded." in new.content.decode()
    consent = participant.consents.get()
    revoked = client.post(reverse("consent_revoke", args=[participant.pk, consent.pk]), follow=True)
    assert revoked.redirect_chain[0][0] == reverse("consent_list", args=[participant.pk])
    assert "The consent is revoked." in revoked.content.decode()
    # The record is opened to act (the form sent) and again for the list shown after it;
    # the change itself has its own row.
    assert [detail["page"] for _, detail, _ in views_of(participant)] == [
        "consent_new",
        "consent_list",
        "consent_revoke",
        "consent_list",
    ]
    changes = AuditEntry.objects.filter(participant=participant).exclude(action="view")
    assert sorted(changes.values_list("action", flat=True)) == ["create", "update"]


def test_a_refused_disclosure_keeps_the_form_and_records_no_disclosure(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("disclose", args=[participant.pk]),
        {"recipient": "Harbor County Court", "information": ["contact"], "purpose": "Court"},
    )
    assert response.status_code == 200
    assert response.context["form"]["recipient"].value() == "Harbor County Court"
    assert not Disclosure.objects.exists()
    # Only the opening of the record is in the trail: nothing was exported.
    rows = AuditEntry.objects.filter(participant=participant)
    assert list(rows.values_list("action", "detail")) == [("view", {"page": "disclose"})]


def test_the_disclose_form_suggests_each_consented_recipient_once(as_user, peer, participant):
    for recipient in ("Riverside Housing Authority", "Harbor Clinic", "Harbor Clinic"):
        testing.make_consent(participant, witnessed_by=peer, recipient=recipient)
    testing.make_consent(
        participant, witnessed_by=peer, recipient="Old Landlord", revoked_at=timezone.now()
    )
    response = as_user(peer).get(reverse("disclose", args=[participant.pk]))
    offered = re.findall(r'name="recipient" value="([^"]*)"', response.content.decode())
    assert offered == ["Harbor Clinic", "Riverside Housing Authority"]


def test_the_accounting_lists_three_years_of_disclosures(as_user, peer, participant):
    def disclosed(days_ago, recipient):
        Disclosure.objects.create(
            organization=participant.organization,
            participant=participant,
            recipient=recipient,
            information="contact",
            disclosed_by=peer,
            disclosed_at=timezone.now() - timedelta(days=days_ago),
        )

    disclosed(10, "Recent Recipient")
    disclosed(3 * 365 - 1, "Almost Three Years")
    disclosed(3 * 365 + 2, "Too Long Ago")
    page = as_user(peer).get(reverse("disclosure_accounting", args=[participant.pk]))
    shown = [d.recipient for d in page.context["disclosures"]]
    assert shown == ["Recent Recipient", "Almost Three Years"]
