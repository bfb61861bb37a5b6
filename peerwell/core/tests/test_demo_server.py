"""`peerwell demo`'s gunicorn keeps an idle connection open longer than a proxy's idle
timeout: with gunicorn's default (2 s), a client reusing a connection at the moment the
server drops it sees a reset."""

import http.client
import socket
import subprocess
import sys
import time

from peerwell.core.management.commands.demo import (
    GUNICORN_LOGGING,
    GUNICORN_SERVING,
    KEEP_ALIVE_SECONDS,
    gunicorn_command,
)

APP = """
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
"""


def test_the_demo_passes_a_keep_alive_longer_than_a_proxys_idle_timeout():
    command = gunicorn_command("8123")
    value = command[command.index("--keep-alive") + 1]
    # nginx keeps an idle upstream connection 60 s, most load balancers 60 s too.
    assert int(value) == KEEP_ALIVE_SECONDS > 60
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[-len(GUNICORN_LOGGING) :] == GUNICORN_LOGGING


def test_an_idle_connection_is_still_served_after_the_default_keep_alive(tmp_path):
    (tmp_path / "tinyapp.py").write_text(APP)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    # The demo's own serving options, on one worker.
    options = list(GUNICORN_SERVING)
    options[options.index("--workers") + 1] = "1"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tinyapp:application", "--chdir", str(tmp_path)]
        + ["--bind", f"fd://{listener.fileno()}", *options],
        pass_fds=[listener.fileno()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    listener.close()
    try:
        for _ in range(100):  # the worker may still be starting
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", "/")
                response = connection.getresponse()
                break
            except ConnectionError:
                time.sleep(0.1)
        assert response.read() == b"ok"
        assert response.getheader("Connection", "").lower() != "close"
        time.sleep(3)  # longer than gunicorn's default keep-alive of 2 s
        # The same connection: http.client would reconnect silently on a closed one.
        sock = connection.sock
        connection.request("GET", "/")
        assert connection.getresponse().read() == b"ok"
        assert connection.sock is sock
    finally:
        server.terminate()
        server.wait(timeout=30)
