"""A real SMTP server for the tests that must see what crosses the wire.

A pytest plugin, listed in tests/conftest.py's pytest_plugins. The locmem
backend shows what Django meant to send; these fixtures show what an SMTP
server received once Django's SMTP backend had encoded it: headers with
accents, attachments, and the refusals and silences of real servers.
"""

import contextlib
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from infointerview.settings import mailer_from_url

HOST = "127.0.0.1"
# A wrong test fails in seconds instead of hanging; a loaded CI machine
# still answers well within it.
TIMEOUT_SECONDS = 5


class RecordingHandler:
    """Accepts every message; keeps its envelope and the parsed message.

    `.quits` counts the clients that ended their session with QUIT rather
    than leaving the connection open.
    """

    def __init__(self):
        self.envelopes = []
        self.messages = []
        self.quits = 0

    async def handle_QUIT(self, server, session, envelope):
        self.quits += 1
        return "221 2.0.0 Bye"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        # policy.default gives email.message.EmailMessage, with decoded
        # headers and get_content() on each part.
        self.messages.append(
            email.message_from_bytes(
                envelope.original_content, policy=email.policy.default
            )
        )
        return "250 2.0.0 Message accepted for delivery"


class RefusingHandler(RecordingHandler):
    """Answers every recipient as a server answers a mailbox it does not know."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox here"


class AddressRefusingHandler(RecordingHandler):
    """Refuses one address, as a server refuses a mailbox it does not know."""

    def __init__(self, refused):
        super().__init__()
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"


def free_port():
    """A port that nothing listens on: the system picks it, we let it go."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def point_default_mailer_at(settings, port, *, timeout=TIMEOUT_SECONDS, login=""):
    """Make MAILERS["default"] Django's SMTP backend on HOST:port.

    `settings` is pytest-django's fixture: it applies after Django's test set-up
    has switched every mailer to locmem, and puts locmem back after the test.
    The mailer is built from an smtp:// EMAIL_URL by the production settings'
    own function, so these tests also prove that such a URL gives a working
    mailer. `login` is "user:password@" for a server that asks for one.
    """
    settings.MAILERS = {
        "default": mailer_from_url(f"smtp://{login}{HOST}:{port}", timeout)
    }


@contextlib.contextmanager
def running_smtp_server(settings, handler, *, login="", **controller_options):
    """Serve `handler` on a free local port and make it the default mailer.

    `controller_options` go to aiosmtpd's Controller, e.g. an authenticator.
    """
    controller = Controller(
        handler,
        hostname=HOST,
        port=free_port(),
        # Otherwise the server looks up this machine's name, which can be slow.
        server_hostname="localhost",
        **controller_options,
    )
    controller.start()
    try:
        point_default_mailer_at(settings, controller.port, login=login)
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings):
    """A server that accepts everything: read `.messages` and `.envelopes`."""
    with running_smtp_server(settings, RecordingHandler()) as handler:
        yield handler


@pytest.fixture
def smtp_server_refusing(settings):
    """A server that answers 550 to every recipient, so nothing is delivered."""
    with running_smtp_server(settings, RefusingHandler()) as handler:
        yield handler


@pytest.fixture
def smtp_server_down(settings):
    """The default mailer points at a port where nothing listens."""
    point_default_mailer_at(settings, free_port())


@pytest.fixture
def smtp_server_silent(settings):
    """A server that accepts the connection and never says a word.

    The kernel completes the connection from the listening socket's backlog,
    so the client waits for a greeting until its timeout, kept short here.
    """
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen()
        point_default_mailer_at(settings, listener.getsockname()[1], timeout=0.5)
        yield
