import pytest
from django.core import mail
from django.urls import reverse


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(client) -> the link from the invitation email (sent once the invite commits)."""

    def send(client, email="newpeer@example.org", role="peer"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("staff_invite"), {"email": email, "role": role})
        return response, link_in_last_email()

    return send


def link_in_last_email():
    body = mail.outbox[-1].body
    return next(line for line in body.splitlines() if "/invitations/" in line).split(
        "testserver", 1
    )[1]
