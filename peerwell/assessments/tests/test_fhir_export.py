"""One administration leaves as FHIR R4 (Questionnaire + QuestionnaireResponse in a
collection Bundle), validated by the R4B models of fhir.resources, and only under a
consent that names the provider and covers assessments."""

import json
from datetime import date

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from peerwell import testing
from peerwell.assessments import fhir
from peerwell.assessments.models import Administration, DisclosedAdministration
from peerwell.audit.models import AuditEntry
from peerwell.consents.actions import REDISCLOSURE_NOTICE
from peerwell.consents.models import Disclosure

PROVIDER = "Riverside Treatment Center"
SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Somewhat disagree"}
SCALE |= {4: "Somewhat agree", 5: "Agree", 6: "Strongly agree"}


@pytest.fixture(autouse=True)
def barc10(monkeypatch):
    """A definition of the BARC-10's shape (ten items, the 1-6 scale)."""
    definition = fhir.Definition(
        code="barc10",
        name="BARC-10",
        title="Brief Assessment of Recovery Capital",
        version="2017",
        citation="Vilsaint et al. 2017, Drug and Alcohol Dependence 177:71-76",
        items=tuple(fhir._Item(f"barc{n}", f"Statement {n}") for n in range(1, 11)),
        scale=tuple(fhir._Choice(value, label) for value, label in SCALE.items()),
    )
    monkeypatch.setattr(fhir, "definition_for", lambda key: definition)
    return definition


def administer(participant, answers, **fields):
    complete = len(answers) == 10
    return Administration.objects.create(
        organization=participant.organization,
        participant=participant,
        instrument="barc10",
        instrument_version="1",
        administered_on=date(2026, 11, 2),
        administered_by=participant.assigned_peer,
        answers=json.dumps(answers),
        answered=len(answers),
        complete=complete,
        total=sum(answers.values()) if complete else None,
        **fields,
    )


def all_answered():
    return {f"barc{n}": 1 + n % 6 for n in range(1, 11)}  # 2,3,4,5,6,1,2,3,4,5: 35


def resources(body):
    Bundle.model_validate(body)
    questionnaire, response = (entry["resource"] for entry in body["entry"])
    return (
        Questionnaire.model_validate(questionnaire),
        QuestionnaireResponse.model_validate(response),
    )


def test_a_complete_administration_is_a_valid_bundle_with_its_total(participant):
    administration = administer(participant, all_answered())
    body = fhir.bundle(administration, notice=REDISCLOSURE_NOTICE)
    assert body["type"] == "collection"
    questionnaire, response = resources(body)
    assert len(questionnaire.item) == 11 and questionnaire.item[0].type == "choice"
    assert [o.valueCoding.display for o in questionnaire.item[0].answerOption][-1] == (
        "Strongly agree"
    )
    assert response.status == "completed"
    assert response.questionnaire == f"{questionnaire.url}|{questionnaire.version}"
    answers = {item.linkId: item.answer[0] for item in response.item}
    assert answers["barc1"].valueCoding.code == "2"
    assert answers["total"].valueInteger == 35


def test_an_incomplete_administration_is_in_progress_and_never_has_a_total(participant):
    answers = {k: v for k, v in all_answered().items() if k not in ("barc3", "barc9")}
    administration = administer(participant, answers)
    _questionnaire, response = resources(fhir.bundle(administration, notice="notice"))
    assert response.status == "in-progress"
    linked = [item.linkId for item in response.item]
    assert "total" not in linked and "barc3" not in linked and len(linked) == 8
    assert "8 of 10 items answered" in response.text.div


def test_the_file_carries_part_2_security_labels_and_the_redisclosure_notice(participant):
    body = fhir.bundle(administer(participant, all_answered()), notice=REDISCLOSURE_NOTICE)
    _questionnaire, response = resources(body)
    codes = {label.code for label in response.meta.security}
    assert {"R", "42CFRPart2", "NORDSCLCD"} <= codes
    assert {label["code"] for label in body["meta"]["security"]} == codes
    assert "42 CFR part 2" in response.text.div


def consent_for(participant, information="assessments", **fields):
    return testing.make_consent(
        participant,
        witnessed_by=participant.assigned_peer,
        recipient=PROVIDER,
        information=information,
        **fields,
    )


def export_url(administration):
    return reverse("assessment_export", args=[administration.participant_id, administration.pk])


def test_without_a_consent_for_assessments_the_page_says_so(participant, as_user, peer):
    consent_for(participant, information="contact")
    html = as_user(peer).get(export_url(administer(participant, all_answered()))).content
    assert "No valid consent covers assessments" in html.decode()


def test_an_export_without_consent_is_refused_and_nothing_is_disclosed(participant, as_user, peer):
    consent_for(participant, information="contact")
    administration = administer(participant, all_answered())
    response = as_user(peer).post(
        export_url(administration), {"recipient": PROVIDER, "purpose": "Care coordination"}
    )
    assert response.status_code == 200
    assert "does not cover: Assessments" in response.content.decode()
    assert "Care coordination" in response.content.decode()
    assert not Disclosure.objects.exists() and not DisclosedAdministration.objects.exists()


def test_a_revoked_consent_allows_no_export(participant, as_user, peer):
    from django.utils import timezone

    consent_for(participant, revoked_at=timezone.now(), revoked_by=peer)
    response = as_user(peer).post(
        export_url(administer(participant, all_answered())),
        {"recipient": PROVIDER, "purpose": "Care coordination"},
    )
    assert "No valid consent names" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_an_export_under_consent_is_recorded_then_downloaded(participant, as_user, peer):
    consent = consent_for(participant)
    administration = administer(participant, all_answered())
    client = as_user(peer)
    page = client.get(export_url(administration)).content.decode()
    assert PROVIDER in page
    response = client.post(
        export_url(administration), {"recipient": PROVIDER, "purpose": "Care coordination"}
    )
    disclosure = Disclosure.objects.get()
    assert (disclosure.consent, disclosure.recipient) == (consent, PROVIDER)
    assert disclosure.information == "assessments"
    assert disclosure.notice == REDISCLOSURE_NOTICE
    sent = DisclosedAdministration.objects.get()
    assert (sent.disclosure, sent.administration) == (disclosure, administration)
    download = client.get(response["Location"])
    assert download["Content-Type"] == "application/fhir+json"
    assert download["Content-Disposition"].startswith('attachment; filename="barc10-2026-11-02')
    _questionnaire, qr = resources(json.loads(download.content))
    assert qr.subject.display == participant.full_name
    assert AuditEntry.objects.filter(
        action="export",
        model="assessments.administration",
        object_id=str(administration.pk),
        participant=participant,
    ).exists()


def test_fetching_the_file_again_discloses_nothing_more(participant, as_user, peer):
    consent_for(participant)
    administration = administer(participant, all_answered())
    client = as_user(peer)
    response = client.post(
        export_url(administration), {"recipient": PROVIDER, "purpose": "Care coordination"}
    )
    client.get(response["Location"])
    client.get(response["Location"])
    assert Disclosure.objects.count() == 1


def test_an_incomplete_administration_may_be_exported(participant, as_user, peer):
    consent_for(participant)
    administration = administer(participant, {"barc1": 4})
    client = as_user(peer)
    assert "It is incomplete" in client.get(export_url(administration)).content.decode()
    response = client.post(
        export_url(administration), {"recipient": PROVIDER, "purpose": "Care coordination"}
    )
    _questionnaire, qr = resources(json.loads(client.get(response["Location"]).content))
    assert qr.status == "in-progress"


def test_another_participants_file_is_not_found(participant, as_user, peer, org):
    consent_for(participant)
    client = as_user(peer)
    response = client.post(
        export_url(administer(participant, all_answered())),
        {"recipient": PROVIDER, "purpose": "Care coordination"},
    )
    sent = DisclosedAdministration.objects.get()
    someone = testing.make_participant(org, assigned_peer=peer)
    wrong = reverse("assessment_export_file", args=[someone.pk, sent.pk])
    assert client.get(wrong).status_code == 404
    assert client.get(response["Location"]).status_code == 200


def test_the_codes_are_from_fhir_r4_value_sets(participant):
    """fhir.resources checks structure and types, not which codes a field allows: these
    are checked against the R4 value sets here."""
    for answers, status in ((all_answered(), "completed"), ({"barc2": 3}, "in-progress")):
        body = fhir.bundle(administer(participant, answers), notice="notice")
        questionnaire, response = resources(body)
        assert body["type"] in {"document", "message", "transaction", "collection"}
        assert questionnaire.status in {"draft", "active", "retired", "unknown"}
        assert {item.type for item in questionnaire.item} <= {"choice", "integer"}
        assert response.status == status
        assert response.text.status in {"generated", "extensions", "additional", "empty"}
        assert response.text.div.startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
