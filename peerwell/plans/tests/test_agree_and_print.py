"""The participant agrees to the plan (typed name and the signature pad) and takes it
home: a printout in their language."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.plans import actions
from peerwell.plans.forms import AGREED_IN_FUTURE, AGREED_NAME_REQUIRED
from peerwell.plans.models import Goal
from peerwell.plans.testing import make_plan, make_step

pytestmark = pytest.mark.django_db
DRAWING = "M10 10L50 40L90 20"


def agree(client, participant, **changes):
    data = {
        "name": "Maria Lopez",
        "drawing": DRAWING,
        "agreed_on": timezone.localdate().isoformat(),
    }
    data.update(changes)
    return client.post(reverse("plan_agree", args=[participant.pk]), data)


def test_agreeing_keeps_the_typed_name_the_drawing_and_the_version(
    as_user, peer, plan, participant
):
    assert agree(as_user(peer), participant).status_code == 302
    plan.refresh_from_db()
    assert plan.agreed_name == "Maria Lopez" and plan.agreed_drawing == "M10 10L50 40L90 20"
    assert plan.agreed_version == plan.version
    page = as_user(peer).get(reverse("plan_detail", args=[participant.pk])).content.decode()
    assert "Agreed by Maria Lopez" in page and "changed since they agreed" not in page


def test_an_edit_after_agreeing_says_the_plan_changed_since(as_user, peer, plan, participant):
    agree(as_user(peer), participant)
    plan.refresh_from_db()
    goals = [(g.pk, g.dimension, g.text) for g in Goal.objects.filter(plan=plan)]
    actions.edit_plan(by=peer, plan=plan, version=plan.version, goals=goals, barriers="Rent")
    page = as_user(peer).get(reverse("plan_detail", args=[participant.pk])).content.decode()
    assert "changed since they agreed" in page


def test_agreeing_needs_the_typed_name(as_user, peer, plan, participant):
    response = agree(as_user(peer), participant, name="  ")
    assert escape(str(AGREED_NAME_REQUIRED)) in response.content.decode()
    plan.refresh_from_db()
    assert not plan.agreed_on


def test_agreeing_cannot_be_dated_in_the_future(as_user, peer, plan, participant):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = agree(as_user(peer), participant, agreed_on=tomorrow)
    assert escape(str(AGREED_IN_FUTURE)) in response.content.decode()


def test_the_printout_is_in_the_participants_language(as_user, org, peer):
    participant = testing.make_participant(org, assigned_peer=peer, language="es")
    plan = make_plan(participant, by=peer)
    make_step(plan, by=peer, what="Llamar a la clínica", due_on=plan.started_on)
    response = as_user(peer).get(reverse("plan_print", args=[participant.pk]))
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert "Mi Plan de Bienestar en la Recuperación" in page
    assert "Llamar a la clínica" in page
    # The staff member's own pages stay in their language.
    after = as_user(peer).get(reverse("plan_detail", args=[participant.pk])).content.decode()
    assert '<html lang="en"' in after


def test_the_printout_in_english_has_every_part_and_no_buttons(as_user, peer, plan, participant):
    make_step(plan, by=peer, what="Call the clinic", due_on=plan.started_on)
    page = as_user(peer).get(reverse("plan_print", args=[participant.pk])).content.decode()
    assert "My Recovery Wellness Plan" in page
    for part in (
        "My strengths",
        "Health",
        "Home",
        "Community",
        "Purpose",
        "Plan for a recurrence of symptoms",
        "Call the clinic",
        "988",
    ):
        assert part in page
    assert "plan-steps/" not in page  # no done / drop / reschedule on paper
