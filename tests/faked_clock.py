"""A pytest plugin for runs under a clock moved by libfaketime: tests/run_at.sh
loads it (`-p tests.faked_clock`); other runs never do.

libfaketime 0.9.10, the monotonic clock left alone as the script leaves it
(FAKETIME_DONT_FAKE_MONOTONIC), turns Python's time.sleep() into
"OSError: [Errno 22] Invalid argument": Python sleeps until a deadline on the
monotonic clock, and libfaketime shifts that deadline as if it were a moved
wall-clock time. Waiting on an event with a timeout is not touched, and takes
as long, so the run sleeps that way. subprocess.run(timeout=...) and anything
else calling time.sleep() then work as on any other day.
"""

import os
import threading
import time


def sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


if os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC"):
    time.sleep = sleep
