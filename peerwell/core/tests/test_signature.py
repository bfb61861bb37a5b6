"""Signatures drawn on screen: kept with the typed name, encrypted, shown as an image, and
never trusted as markup."""

import time
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from peerwell.consents.models import Consent
from peerwell.core.signature import (
    DRAWING_NEEDS_NAME,
    DRAWING_TOO_SHORT,
    DRAWING_UNREADABLE,
    MAX_LENGTH,
    MAX_POINTS,
    normalize,
)
from peerwell.participants.models import Participant, ParticipantVersion
from peerwell.participants.tests.test_enrollment_details import intake

pytestmark = pytest.mark.django_db

# A short stroke as the pad sends it, with the spacing browsers vary in.
DRAWN = "M10 20 L 40,60 L80.4 90M100 100L120 130L150 110"
STORED = "M10 20L40 60L80 90M100 100L120 130L150 110"


def test_path_data_is_written_back_in_one_form():
    assert normalize(DRAWN) == STORED
    assert normalize("  ") == ""


@pytest.mark.parametrize(
    "data",
    [
        '"/><script>alert(1)</script>',
        "M10 20 Z",
        "L10 20L30 40",  # a stroke must start with M
        "M10 20L700 40",  # off the pad
        "M10 -5L20 30",
        "M1 1" + "L2 2" * MAX_POINTS,
        "M1 " + "1" * 400,  # a number too long for a float
        "M 1e3 5L2 2L3 3",
    ],
)
def test_anything_but_strokes_on_the_pad_is_refused(data):
    with pytest.raises(ValueError):
        normalize(data)


def test_enrollment_keeps_the_drawing_encrypted_and_shows_it(as_user, peer):
    client = as_user(peer)
    response = client.post(
        reverse("participant_enroll"), intake(peer, services_consent_drawing=DRAWN)
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.services_consent_drawing == STORED
    with connection.cursor() as cursor:
        cursor.execute("SELECT services_consent_drawing FROM participants_participant")
        assert "M10 20" not in cursor.fetchone()[0]
    page = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert f'<path d="{STORED}"' in page
    assert 'role="img" aria-label="Drawn signature"' in page


def test_an_unreadable_drawing_is_refused_and_the_form_kept(as_user, peer):
    response = as_user(peer).post(
        reverse("participant_enroll"),
        intake(peer, services_consent_drawing='"><script>alert(1)</script>'),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(str(DRAWING_UNREADABLE)) in body
    assert 'value="Dana Whitfield"' in body
    assert "<script>alert(1)" not in body
    assert not Participant.objects.exists()


def test_a_tap_is_not_a_signature(as_user, peer):
    response = as_user(peer).post(
        reverse("participant_enroll"), intake(peer, services_consent_drawing="M5 5L5 6")
    )
    assert escape(str(DRAWING_TOO_SHORT)) in response.content.decode()
    assert not Participant.objects.exists()


def test_a_drawing_needs_the_typed_name_too(as_user, peer):
    response = as_user(peer).post(
        reverse("participant_enroll"),
        intake(peer, services_consent_name="", services_consent_drawing=DRAWN),
    )
    body = response.content.decode()
    assert escape(str(DRAWING_NEEDS_NAME)) in body
    # The drawing comes back to the pad, to be drawn again by the page's script.
    assert f'value="{DRAWN}"' in body
    assert not Participant.objects.exists()


def test_signing_later_records_the_witness_and_keeps_the_earlier_version(as_user, peer, org):
    client = as_user(peer)
    client.post(reverse("participant_enroll"), intake(peer, services_consent_name=""))
    participant = Participant.objects.get()
    assert participant.services_consent_witness is None
    data = intake(
        peer,
        services_consent_drawing=DRAWN,
        services_consent_date=date.today().isoformat(),
        version=participant.version,
    )
    response = client.post(reverse("participant_edit", args=[participant.pk]), data)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.services_consent_drawing == STORED
    assert participant.services_consent_witness == peer
    version = ParticipantVersion.objects.get(participant=participant)
    assert "services_consent_drawing" in version.fields
    history = client.get(reverse("participant_history", args=[participant.pk])).content.decode()
    assert "Drawn signature" in history


def test_a_part_2_consent_keeps_its_drawing(as_user, peer, participant):
    from peerwell.consents.tests.test_consent_form import consent_data

    client = as_user(peer)
    response = client.post(
        reverse("consent_new", args=[participant.pk]), consent_data(signature_drawing=DRAWN)
    )
    assert response.status_code == 302
    assert Consent.objects.get().signature_drawing == STORED
    page = client.get(reverse("consent_list", args=[participant.pk])).content.decode()
    assert f'<path d="{STORED}"' in page


def _signature_of(points: int) -> str:
    """A long signature as the pad writes it: strokes of 100 points across the pad."""
    path = []
    for i in range(points):
        x, y = (i * 7) % 601, (i * 13) % 201
        path.append(f"{'M' if i % 100 == 0 else 'L'}{x} {y}")
    return "".join(path)


# The inputs that made the parser try every position again (or overflow): long runs of
# spaces, of digits, of separators and of commands cut short, each as long as allowed.
WORST = {
    "spaces": "M" + " " * (MAX_LENGTH - 2) + "x",
    "spaces after a point": "M1 1" + " " * (MAX_LENGTH - 5) + "x",
    "digits": "M" + "1" * (MAX_LENGTH - 2) + "x",
    "digits after a point": "M1 " + "1" * (MAX_LENGTH - 4) + "x",
    "separators": "M1" + ", " * ((MAX_LENGTH - 3) // 2) + "x",
    "partial commands": ("M1 " * MAX_LENGTH)[: MAX_LENGTH - 1] + "x",
    "bare commands": ("M " * MAX_LENGTH)[: MAX_LENGTH - 1] + "x",
}


@pytest.mark.parametrize("data", WORST.values(), ids=WORST.keys())
def test_the_worst_drawing_is_refused_in_linear_time(data):
    assert len(data) <= MAX_LENGTH
    started = time.perf_counter()
    with pytest.raises(ValueError):
        normalize(data)
    # Linear parsing takes milliseconds; trying each position again took many seconds.
    assert time.perf_counter() - started < 0.5


def test_the_worst_drawing_gets_the_plain_message_and_the_form_is_kept(as_user, peer):
    started = time.perf_counter()
    response = as_user(peer).post(
        reverse("participant_enroll"), intake(peer, services_consent_drawing=WORST["spaces"])
    )
    assert time.perf_counter() - started < 2
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(str(DRAWING_UNREADABLE)) in body
    assert 'value="Dana Whitfield"' in body
    assert not Participant.objects.exists()


def test_a_number_too_long_is_unreadable_not_an_error(as_user, peer):
    response = as_user(peer).post(
        reverse("participant_enroll"),
        intake(peer, services_consent_drawing="M1 " + "9" * 400 + "L2 2L3 3"),
    )
    assert response.status_code == 200
    assert escape(str(DRAWING_UNREADABLE)) in response.content.decode()


def test_a_signature_of_the_most_points_allowed_is_kept(as_user, peer, participant):
    from peerwell.consents.tests.test_consent_form import consent_data

    drawn = _signature_of(MAX_POINTS)
    # With the spacing some browsers add, still within the field's length.
    spaced = drawn.replace("L", " L ").replace("M", " M ")
    assert len(spaced) <= MAX_LENGTH
    response = as_user(peer).post(
        reverse("consent_new", args=[participant.pk]), consent_data(signature_drawing=spaced)
    )
    assert response.status_code == 302
    assert Consent.objects.get().signature_drawing == drawn
