"""A disclosure whose consent names the wellness plan sends it: strengths, the four
dimensions, goals and steps, and the plan for a recurrence of symptoms."""

import pytest
from django.test import RequestFactory

from peerwell import testing
from peerwell.consents.actions import disclose
from peerwell.consents.packet import build_packet
from peerwell.plans.testing import make_plan, make_step

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
    return {str(section.title): section for section in build_packet(disclosure, peer)}


def test_a_consent_naming_the_plan_sends_it(peer, participant):
    plan = make_plan(participant, by=peer, triggers="Payday.")
    make_step(plan, by=peer, what="Call the clinic", due_on=plan.started_on)
    section = packet(peer, participant, ["wellness_plan"])["Wellness plan"]
    facts = {str(label): value for label, value in section.facts}
    assert facts["Strengths"] == plan.strengths and facts["Triggers"] == "Payday."
    assert "Health: where they are now" in facts
    rows = [tuple(str(cell) for cell in row) for row in section.rows]
    assert ("Health", "A goal for my Health", "The participant", "Call the clinic") == rows[0][:4]
    assert any(row[1] == "A goal for my Purpose" for row in rows)


def test_a_consent_not_naming_the_plan_leaves_it_out(peer, participant):
    make_plan(participant, by=peer)
    assert "Wellness plan" not in packet(peer, participant, ["contact"])


def test_no_plan_says_so(peer, participant):
    section = packet(peer, participant, ["wellness_plan"])["Wellness plan"]
    assert section.empty == "No wellness plan recorded." and not section.facts
