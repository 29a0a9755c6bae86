"""Emails about the account itself: confirm the address at sign-up, "you
already have an account", and the limits that keep these forms from flooding
a mailbox.

Sign-up answers every address alike: a new one gets a confirmation link, one
that already has an account gets an email saying so, and the page shown is
the same, so that the form does not tell a stranger who has an account.
"""

import logging
import urllib.parse

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AccountEmail, AccountEmailLimited
from accounts.security import UNKNOWN, client_ip

logger = logging.getLogger(__name__)
security_log = logging.getLogger("infointerview.security")


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A link that confirms the address once: it stops working when the
    address is confirmed, the email changes or the password does, and after
    PASSWORD_RESET_TIMEOUT (three days unless set)."""

    key_salt = "accounts.account_mail.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return (
            f"{user.pk}{user.password}{user.email}{user.email_confirmed_at}{timestamp}"
        )


confirmation_tokens = EmailConfirmationTokenGenerator()


def link_to_the_site(request):
    """Where links in account emails point: the site's own address when
    SITE_URL is set, never a host a request made up; else the request's host,
    which ALLOWED_HOSTS bounds."""
    site = urllib.parse.urlsplit(settings.SITE_URL)
    if site.netloc:
        return {"domain_override": site.netloc, "use_https": site.scheme == "https"}
    return {"use_https": request.is_secure()}


def absolute_url(request, path):
    site = link_to_the_site(request)
    scheme = "https" if site["use_https"] else "http"
    return f"{scheme}://{site.get('domain_override') or request.get_host()}{path}"


def client_address(request):
    """The address a request came from (behind our own proxies, see
    accounts.security.client_ip), for the limits and the security log."""
    return client_ip(request) or UNKNOWN


def confirmation_path(user):
    return reverse(
        "accounts:confirm_email",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            confirmation_tokens.make_token(user),
        ],
    )


def send_sign_up_email(request, user, created):
    """After a sign-up with `user`'s address: a confirmation link when the
    account is new or not yet confirmed, else a note that the address already
    has an account. Return False only when the mail server failed; an email
    held back by the hourly limits counts as done, as the page must not tell.
    """
    if not user.is_active:
        security_log.info("Sign-up with the address of inactive user %s", user.pk)
        return True
    if created or not user.email_confirmed:
        kind = AccountEmail.Kind.CONFIRM
    else:
        kind = AccountEmail.Kind.ALREADY_REGISTERED
    if kind == AccountEmail.Kind.ALREADY_REGISTERED:
        security_log.info(
            "Sign-up with the address of user %s from %s",
            user.pk,
            client_address(request),
        )
    return _send(request, user, kind)


def send_confirmation(request, user):
    """The confirmation link again, for a signed-in student who asks."""
    return _send(request, user, AccountEmail.Kind.CONFIRM)


TEMPLATES = {
    AccountEmail.Kind.CONFIRM: "accounts/email/confirm",
    AccountEmail.Kind.ALREADY_REGISTERED: "accounts/email/already_registered",
}


def _send(request, user, kind):
    try:
        AccountEmail.objects.record(kind, user.email, client_address(request))
    except AccountEmailLimited:
        security_log.warning(
            "Account email (%s) to user %s held back: hourly limit, from %s",
            kind,
            user.pk,
            client_address(request),
        )
        return True
    context = {
        "user": user,
        "email": user.email,
        "confirm_url": absolute_url(request, confirmation_path(user)),
        "login_url": absolute_url(request, reverse("login")),
        "reset_url": absolute_url(request, reverse("password_reset")),
    }
    name = TEMPLATES[kind]
    message = mail.EmailMessage(
        subject=" ".join(render_to_string(f"{name}_subject.txt", context).split()),
        body=render_to_string(f"{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    try:
        with mail.mailers.default as mailer:
            mailer.send_messages([message])
    except OSError as error:  # smtplib's and socket's errors
        logger.warning(
            "Account email (%s) to user %s not sent: %s",
            kind,
            user.pk,
            type(error).__name__,
        )
        return False
    return True
