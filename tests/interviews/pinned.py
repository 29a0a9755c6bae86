"""The clock pinned at a moment, with the user signed in at that moment.

A session opened at the machine's real time may not have begun yet at the
pinned moment, or may have expired by then: signing in again inside the pin
keeps a test independent of the day it runs on. The same holds on the way
back: a session opened at the pinned moment may have expired by the real
time, so the user is signed in again when the pin ends.
"""

import contextlib

import time_machine

from tests.staff import sign_in_staff


def sign_in(client, user):
    if user.is_staff:
        sign_in_staff(client, user)  # with the second step passed
    else:
        client.force_login(user)


@contextlib.contextmanager
def signed_in_at(client, user, when):
    try:
        with time_machine.travel(when, tick=False):
            sign_in(client, user)
            yield client
    finally:
        sign_in(client, user)
