"""The clock pinned at a moment, with the user signed in at that moment.

A session opened at the machine's real time may not have begun yet at the
pinned moment, or may have expired by then: signing in again inside the pin
keeps a test independent of the day it runs on. The same holds on the way
back: a session opened at the pinned moment may have expired by the real
time, so the user is signed in again when the pin ends.
"""

import contextlib

import time_machine


@contextlib.contextmanager
def signed_in_at(client, user, when):
    try:
        with time_machine.travel(when, tick=False):
            client.force_login(user)
            yield client
    finally:
        client.force_login(user)
