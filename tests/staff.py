"""Signing career-centre staff in for a test: their password, then the second
step (a code from an authenticator app, accounts/two_factor.py), without
which no admin page opens."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def second_step():
    return reverse("accounts:two_factor")


def confirmed_device(user):
    """The staff member's authenticator app, set up already."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )


def code_for(device, steps=0):
    """The code the device's app shows now, or `steps` periods of 30 s later."""
    drift = device.drift + steps
    code = totp(device.bin_key, device.step, device.t0, device.digits, drift)
    return f"{code:0{device.digits}d}"


def sign_in_staff(client, user):
    """`client` signed in as the staff member, second step passed: the
    session as django_otp.login() leaves it, with a confirmed device."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
    return client


def enrol_on_the_second_step(client, user):
    """After the password, set up the app the way staff do the first time:
    the page shows a new device's QR code, and its first code confirms it."""
    assert client.get(second_step()).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(second_step(), {"code": code_for(device)})
    assert response.status_code == 302, response.context["form"].errors
    device.refresh_from_db()
    assert device.confirmed
    return device
