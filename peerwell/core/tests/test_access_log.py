"""The first request of an invitation or password reset link carries its token; the
access log of `peerwell demo`'s gunicorn writes that line without it, and a search
address without its query string."""

import http.client
import socket
import subprocess
import sys
import time

from peerwell.core.management.commands.demo import GUNICORN_LOGGING

INVITATION_TOKEN = "Zk3vQ9_invitation-token-abcdefghijklmnopqrstu"
RESET_TOKEN = "cx1a2b-0123456789abcdef0123456789abcdef"

APP = """
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""


def test_gunicorn_access_log_leaves_out_link_tokens(tmp_path):
    (tmp_path / "tinyapp.py").write_text(APP)
    log = tmp_path / "access.log"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    # The demo's own logging options: the access log goes to standard output.
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tinyapp:application", "--chdir", str(tmp_path)]
            + ["--bind", f"fd://{listener.fileno()}", "--workers", "1", *GUNICORN_LOGGING],
            pass_fds=[listener.fileno()],
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    listener.close()
    paths = {
        f"/invitations/{INVITATION_TOKEN}/": f"/invitations/{INVITATION_TOKEN}/",
        f"/accounts/reset/MTI/{RESET_TOKEN}/?next=/": "/",
        "/invitations/set-up/": f"http://127.0.0.1/accounts/reset/MTI/{RESET_TOKEN}/",
        "/accounts/reset/MTI/set-password/": "-",
        "/search/?q=Maria+Lopez": "http://127.0.0.1/search/?q=Maria%20Lopez",
    }
    try:
        for path, referer in paths.items():
            for _ in range(50):  # the worker may still be starting
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", path, headers={"Referer": referer})
                    assert connection.getresponse().status == 200
                    break
                except ConnectionError:
                    time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log.read_text()
    assert written.count("GET ") == len(paths)
    assert INVITATION_TOKEN not in written and RESET_TOKEN not in written
    assert "GET /invitations/[redacted]/ HTTP/1.1" in written
    assert "GET /accounts/reset/MTI/[redacted]/?next=/ HTTP/1.1" in written
    assert "GET /invitations/set-up/ HTTP/1.1" in written
    assert "GET /accounts/reset/MTI/set-password/ HTTP/1.1" in written
    assert "GET /search/?[redacted] HTTP/1.1" in written
    assert "Maria" not in written
