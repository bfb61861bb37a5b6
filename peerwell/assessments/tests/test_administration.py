"""Recording an administration through the record page: the ten answers as radio
groups, out-of-scale answers refused with the input kept, missing items saved as
incomplete and never scored."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from peerwell import testing
from peerwell.assessments.models import Administration
from peerwell.assessments.scoring import OUT_OF_SCALE
from peerwell.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def new_url(participant):
    return reverse("assessment_new", args=[participant.pk])


def form_data(values, day="2026-01-05", **extra):
    data = {f"item_barc{n}": str(v) for n, v in enumerate(values, start=1) if v != ""}
    data.update(administered_on=day, timepoint="Intake", notes="", **extra)
    return data


def test_the_form_shows_each_item_as_a_fieldset_with_its_statement(as_user, peer, participant):
    page = as_user(peer).get(new_url(participant)).content.decode()
    assert page.count("<fieldset") == 10
    assert "<legend" in page
    assert escape("1. There are more important things to me in life than using substances.") in page
    assert page.count('type="radio"') == 60


def test_a_complete_administration_is_saved_with_its_total(as_user, peer, participant):
    response = as_user(peer).post(new_url(participant), form_data([5, 4, 6, 3, 5, 4, 6, 5, 4, 5]))
    assert response.status_code == 302
    assert response["Location"] == reverse("participant_assessments", args=[participant.pk])
    saved = Administration.objects.get(participant=participant)
    assert (saved.complete, saved.total, saved.answered) == (True, 47, 10)
    assert (saved.administered_by, saved.instrument, saved.timepoint) == (peer, "barc10", "Intake")


def test_saving_writes_an_audit_row_naming_the_participant(as_user, peer, participant):
    as_user(peer).post(new_url(participant), form_data([4] * 10))
    assert AuditEntry.objects.filter(
        action="create", model="assessments.administration", participant=participant
    ).exists()


def test_missing_items_are_saved_as_incomplete_with_no_total(as_user, peer, participant):
    client = as_user(peer)
    response = client.post(new_url(participant), form_data([6, 6, "", 6, 6, "", 6, 6, 6, 6]))
    saved = Administration.objects.get(participant=participant)
    assert (saved.complete, saved.total, saved.answered) == (False, None, 8)
    page = client.get(response["Location"]).content.decode()
    assert "2 of 10 items have no answer" in page
    assert "Incomplete: 2 items missing" in page


def test_an_answer_outside_the_scale_is_refused_and_the_other_answers_kept(
    as_user, peer, participant
):
    response = as_user(peer).post(new_url(participant), form_data([5, 9, 3, 3, 3, 3, 3, 3, 3, 3]))
    assert response.status_code == 200
    assert not Administration.objects.exists()
    page = response.content.decode()
    assert escape(str(OUT_OF_SCALE)) in page
    assert 'value="5" id="id_item_barc1_4" class="usa-radio__input" checked' in page


def test_a_date_in_the_future_is_refused_with_the_answers_kept(as_user, peer, participant):
    response = as_user(peer).post(
        new_url(participant), form_data([2] * 10, day=date(2099, 1, 1).isoformat())
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert not Administration.objects.exists()


def test_the_page_warns_how_many_items_are_missing_when_the_form_comes_back(
    as_user, peer, participant
):
    response = as_user(peer).post(
        new_url(participant), form_data(["", "", 3, 3, 3, 3, 3, 3, 3, 3], day="")
    )
    assert response.status_code == 200
    assert "2 items have no answer" in response.content.decode()


def test_in_spanish_the_page_says_no_published_translation_exists(as_user, peer, participant):
    client = as_user(peer)
    client.cookies["django_language"] = "es"
    page = client.get(new_url(participant), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "No existe una traducción publicada del BARC-10" in page
    assert 'lang="en"' in page
    assert escape("There are more important things to me in life than using substances.") in page


def test_a_peer_outside_the_caseload_is_sent_to_emergency_access(as_user, org, participant):
    outsider = testing.make_user(org, "peer")
    response = as_user(outsider).post(new_url(participant), form_data([4] * 10))
    assert response.status_code == 302
    assert "emergency" in response["Location"]
    assert not Administration.objects.exists()


def test_another_organizations_participant_is_not_found(as_user, other_org):
    someone = testing.make_participant(other_org)
    staff = testing.make_user(testing.make_org(), "supervisor")
    assert as_user(staff).get(new_url(someone)).status_code == 404


def test_an_unknown_instrument_is_not_found(as_user, peer, participant):
    assert as_user(peer).get(new_url(participant) + "?instrument=phq9").status_code == 404
