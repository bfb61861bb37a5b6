"""What refusals write to the log, and the icon browsers ask every site for."""

import logging
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_page_logs_one_warning_without_a_traceback(as_user, peer, caplog):
    caplog.set_level(logging.INFO)
    response = as_user(peer).get(reverse("audit_list"))
    assert response.status_code == 403
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in logged] == [
        ("WARNING", "Forbidden (Permission denied): /audit/")
    ]
    assert logged[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_still_logs_its_traceback(caplog):
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /", exc_info=sys.exc_info(), extra={"status_code": 500}
        )
    assert "Traceback" in caplog.text and "RuntimeError: broken" in caplog.text


def test_the_site_icon_is_served_and_linked(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(icon.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    page = client.get(reverse("login"))
    assert '<link rel="icon" href="/favicon.ico"' in page.content.decode()
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
