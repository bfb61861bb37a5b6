"""The disclosure packet's "Assessments" section, through `disclose()`: every
administration with its date, instrument, total or "incomplete", and answers, sent only
when a consent names assessments."""

from datetime import date

import pytest
from django.test import RequestFactory

from peerwell import testing
from peerwell.consents.actions import disclose
from peerwell.consents.packet import build_packet

pytestmark = pytest.mark.django_db


def packet(peer, participant, information):
    testing.make_consent(participant, witnessed_by=peer, information=",".join(information))
    request = RequestFactory().post("/")
    request.user = peer
    disclosure = disclose(
        request=request,
        participant=participant,
        recipient="Riverside Housing Authority",
        information=information,
        purpose="Housing",
    )
    return {section.title: section for section in build_packet(disclosure, peer)}


def test_the_assessments_section_lists_each_administration_with_its_answers(
    peer, participant, administer
):
    administer(participant, date(2026, 1, 5), values=[5, 4, 6, 3, 5, 4, 6, 5, 4, 5])
    administer(participant, date(2026, 4, 5), values=[6] * 9 + [""])
    section = packet(peer, participant, ["assessments"])["Assessments"]
    assert [str(c) for c in section.columns] == ["Date", "Instrument", "Total", "Answers"]
    (first, second) = section.rows
    assert first[:3] == ("Jan 5, 2026", "BARC-10", 47)
    assert first[3].splitlines()[0] == (
        "1. There are more important things to me in life than using substances.: 5 (Agree)"
    )
    assert (second[0], str(second[2])) == ("Apr 5, 2026", "Incomplete")
    assert second[3].splitlines()[-1] == (
        "10. I am making good progress on my recovery journey.: No answer"
    )


def test_without_administrations_the_section_says_there_are_none(peer, participant):
    section = packet(peer, participant, ["assessments"])["Assessments"]
    assert section.rows == [] and section.empty == "Peerwell holds none for this participant."


def test_a_consent_that_does_not_name_assessments_sends_none(peer, participant, administer):
    administer(participant, value=4)
    assert "Assessments" not in packet(peer, participant, ["contact"])


def test_the_whole_record_includes_the_assessments(peer, participant, administer):
    administer(participant, value=4)
    assert packet(peer, participant, ["whole_record"])["Assessments"].rows[0][2] == 40
