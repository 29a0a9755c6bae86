"""Who is signing in, from where, and what the security log says about it.

Sign-in is throttled by django-axes (settings: LOGIN_FAILURE_LIMIT and the
AXES_* lines beside it); the rules it asks us for live here: the client's
address, the account a typed address names, what a failure is counted
against, and the page a locked-out person sees. Every sign-in event goes to
the ``infointerview.security`` log as the event, the account's id (or
``unknown``) and the client's address: never the address typed into the form,
never a password.
"""

import ipaddress
import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render

from accounts.models import EmailUserManager, User

security_log = logging.getLogger("infointerview.security")

UNKNOWN = "unknown"


def client_ip(request):
    """The address the request came from, as our own proxies saw it.

    Each of the TRUSTED_PROXY_COUNT proxies in front of the app adds the
    address it was reached from to the right end of X-Forwarded-For, so the
    Nth from the right is the client's. Whatever stands left of it came from
    the client, who can write anything there. Without trusted proxies the
    header is ignored. None when the address cannot be read.
    """
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR")
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            # Fewer addresses than proxies: the request passed through fewer
            # of them, and the leftmost was written by the first it reached.
            address = forwarded[-min(count, len(forwarded))]
    return _valid_address(address)


def _valid_address(address):
    # The attempts table stores an IP address (an inet on PostgreSQL): a
    # garbled header must not make a sign-in fail with an error.
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    # A dual-stack server sees an IPv4 client as ::ffff:192.0.2.7.
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def typed_username(request, credentials=None):
    """The account a sign-in attempt names, as its email address is stored.

    Normalized the way accounts are (EmailUserManager.normalize_email), so
    that OWNER@example.com and owner@example.com share one count.
    """
    if credentials:
        typed = credentials.get("username") or credentials.get(User.USERNAME_FIELD)
    else:
        typed = request.POST.get("username") if request is not None else None
    if not isinstance(typed, str):
        return None
    return EmailUserManager.normalize_email(typed) or None


def in_shared_network(address):
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in settings.LOGIN_SHARED_NETWORKS)


def lockout_parameters(request_or_attempt, credentials=None):
    """What failures are counted against: the account, or else the address.

    From a shared network (LOGIN_SHARED_NETWORKS) the account only: hundreds
    of students behind one address would otherwise lock each other out.
    """
    if isinstance(request_or_attempt, HttpRequest):
        address = client_ip(request_or_attempt)
    else:
        address = request_or_attempt.ip_address
    if in_shared_network(address):
        return ["username"]
    return ["username", "ip_address"]


class SignInAttempts(AxesDatabaseHandler):
    """django-axes's database handler, but a successful sign-in clears only
    the failures counted against that account.

    Out of the box it also clears every failure from the client's address:
    someone with an account of their own could then try four passwords on
    another account, sign in to their own, and start again, for ever.
    """

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def clear_failures(usernames=(), addresses=()):
    """Unlock: forget every failure counted against these accounts and
    addresses. Returns how many attempt rows went."""
    rows = AccessAttempt.objects.filter(username__in=[u for u in usernames if u])
    rows |= AccessAttempt.objects.filter(ip_address__in=[a for a in addresses if a])
    count, _ = rows.delete()
    return count


def lockout_response(request, original_response=None, credentials=None):
    """The page of a locked-out sign-in: the same whether the account exists
    or not, so that it cannot be used to find out."""
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    response = render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=429
    )
    response["Retry-After"] = str(minutes * 60)
    return response


# The security log. Connected to Django's and django-axes's signals in
# AccountsConfig.ready(): the sign-in views are theirs, and these signals are
# the hooks they offer.


def account_id(user):
    return user.pk if user is not None and user.pk is not None else UNKNOWN


def account_named(username):
    """The id of the account a typed address names, or ``unknown``."""
    if not username:
        return UNKNOWN
    pk = User.objects.filter(email__iexact=username).values_list("pk", flat=True)
    return pk.first() or UNKNOWN


def log_event(event, request, user_id, level=logging.INFO):
    security_log.log(
        level, "%s for user %s from %s", event, user_id, client_ip(request) or UNKNOWN
    )


def log_sign_in(sender, request, user, **kwargs):
    log_event("sign-in", request, account_id(user))


def log_sign_out(sender, request, user, **kwargs):
    log_event("sign-out", request, account_id(user))


def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    typed = typed_username(request, credentials)
    log_event("sign-in failed", request, account_named(typed), logging.WARNING)


def log_lockout(sender, request, username, ip_address, **kwargs):
    log_event("sign-in locked out", request, account_named(username), logging.WARNING)
