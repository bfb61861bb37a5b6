"""Headers every page carries, and friendly refusals."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_csp_forbids_inline_code_and_framing(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert b"<script>" not in response.content and b" style=" not in response.content


def test_pages_with_participant_data_are_never_cached(as_user, peer, participant):
    for url in (reverse("caseload"), reverse("participant_detail", args=[participant.pk])):
        assert "no-store" in as_user(peer).get(url)["Cache-Control"]


def test_csrf_failure_gets_a_plain_page(peer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": peer.email, "password": "x"})
    assert response.status_code == 403
    assert "This form expired" in response.content.decode()


def test_unknown_participant_is_a_404_page(as_user, peer):
    response = as_user(peer).get("/participants/999999/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_production_settings_refuse_to_start_without_secrets(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "PEERWELL_DEMO"}
    }
    env.update(DJANGO_SETTINGS_MODULE="peerwell.settings", PEERWELL_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "peerwell.cli", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
