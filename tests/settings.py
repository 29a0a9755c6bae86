"""Test settings: the real settings, made fast and self-contained."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
# HTTPS is on by default without DEBUG; the test client speaks plain HTTP.
os.environ.setdefault("HTTPS", "off")

from infointerview.settings import *  # noqa: E402, F403

# The tests are written for the career centre's zone, as the app ships: a
# TIME_ZONE in the machine's environment (or its .env) does not move them.
TIME_ZONE = "America/Toronto"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# No collectstatic before the tests: plain storage finds files in place.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads in a throw-away folder, never in var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="infointerview-test-media-")
# Serve static files straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests that move the clock days ahead keep their signed-in client: the idle
# timeout is off here, and its own tests turn it back on
# (tests/accounts/test_session_idle.py; the setting's wiring is in test_settings).
SESSION_COOKIE_AGE = 60 * 60 * 24 * 365
