"""The second step of a staff member's sign-in: a code from an authenticator app.

The admin holds every student's account, so a password alone does not open
it: staff (and superusers) pass this step too, with a time-based code (TOTP,
django-otp). The first time, they enrol an app by scanning a QR code. Until
they pass, PrivateAdminSite.has_permission refuses them every admin page,
the shared journeys and the reports included. Students never see this step.
"""

import base64
import logging
import math

import django_otp
import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import security

DEVICE_NAME = "Authenticator app"


def is_verified(user):
    # OTPMiddleware gives request.user is_verified(); the user that login()
    # has just put on the request is the bare model, signed in by password only.
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_step(user):
    """Staff signed in with their password who have not yet given a code."""
    return user.is_authenticated and user.is_staff and not is_verified(user)


def second_step_url(next_url):
    return f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}"


def safe_next(request):
    """Where the verified staff member goes on: `next` if it is our own page."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("admin:index")


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def device_to_enrol(user):
    """The app the staff member is setting up: one unconfirmed device, kept
    until a code confirms it, so that reloading the page does not undo a scan
    already made. A row rather than a secret in the session: django-otp then
    throttles wrong codes here as it does at every later sign-in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk")
    return device.first() or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=False
    )


def qr_code(device):
    """The device's otpauth:// address as a QR code, in a data: URI that the
    Content-Security-Policy allows as an image (img-src data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, border=4, dark="#000", light="#fff"
    )


def secret_for_typing(device):
    """The key in base32, as authenticator apps take it, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def seconds_to_wait(device):
    """How long django-otp still refuses every code after wrong ones: 0, or
    the whole seconds left (it doubles the wait with each wrong code)."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    left = (details["locked_until"] - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def check_code(request, device, code):
    """Pass the second step with a code from the device, or log the failure.

    django-otp verifies it under a row lock, refuses a code already used,
    and after each wrong one makes the next attempt wait twice as long.
    """
    user = request.user
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        security.log_event("two-factor code failed", request, user.pk, logging.WARNING)
        return False
    if not verified.confirmed:
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
        security.log_event("two-factor device enrolled", request, user.pk)
    # A new session key for the new privilege, as login() gives one for the
    # password: a session id seen before this step opens nothing more.
    request.session.cycle_key()
    django_otp.login(request, verified)
    security.log_event("two-factor sign-in", request, user.pk)
    return True
