"""The Twilio backend runs Twilio's own client against a fake Twilio API on loopback."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from peerwell.messaging.actions import queue_text
from peerwell.messaging.models import MessageStatus
from peerwell.messaging.tasks import send_text

SID = "AC" + "0" * 32


class FakeTwilio(BaseHTTPRequestHandler):
    """Answers POST /2010-04-01/Accounts/<sid>/Messages.json as Twilio does, or with
    Twilio's error for a number that cannot get texts when the body says "refuse"."""

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.server.requests.append(
            {"path": self.path, "form": form, "auth": self.headers.get("Authorization")}
        )
        if form["Body"][0] == "refuse":
            status, answer = 400, {"code": 21610, "message": "Attempt to send to unsubscribed"}
        else:
            status, answer = 201, {"sid": "SM" + "1" * 32, "status": "queued", "body": "x"}
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_twilio(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = SID
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    settings.TWILIO_FROM_NUMBER = "+12155550100"
    settings.TWILIO_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def send(org, body):
    message = queue_text(
        organization_id=org.pk,
        to="+12155550123",
        body=body,
        purpose="reminder",
        dedupe_key=f"test:{body}",
    )
    send_text.enqueue(message.pk)
    message.refresh_from_db()
    return message


def test_a_text_goes_through_twilios_client_with_the_account_and_from_number(org, fake_twilio):
    message = send(org, "See you tomorrow")
    assert message.status == MessageStatus.SENT
    assert message.provider_id == "SM" + "1" * 32
    (request,) = fake_twilio.requests
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["form"] == {
        "To": ["+12155550123"],
        "From": ["+12155550100"],
        "Body": ["See you tomorrow"],
    }
    assert request["auth"] == "Basic " + base64.b64encode(f"{SID}:secret-token".encode()).decode()


def test_twilios_refusal_is_recorded_with_its_code(org, fake_twilio):
    message = send(org, "refuse")
    assert message.status == MessageStatus.FAILED
    assert "21610" in message.error and "unsubscribed" in message.error


def test_twilio_out_of_reach_is_recorded_as_a_failure(org, fake_twilio, settings):
    settings.TWILIO_API_URL = "http://127.0.0.1:9"  # nothing listens there
    message = send(org, "Hello")
    assert message.status == MessageStatus.FAILED
    assert "could not be reached" in message.error
